"""Pareto of mentions: each item's share of the total and the running (cumulative) share."""


def pareto(counts):
    """[(key, count, share, cumulative_share)] sorted by count, largest first; shares in %.

    `counts` is an iterable of (key, count) pairs; ties keep their given order. The total is
    the sum of the counts given, so the cumulative share of the last item is 100. An empty or
    all-zero input gives zero shares rather than a division by zero.
    """
    items = sorted(((key, count or 0) for key, count in counts), key=lambda item: -item[1])
    total = sum(count for _key, count in items)
    result, running = [], 0
    for key, count in items:
        running += count
        share = 100.0 * count / total if total else 0.0
        cumulative = 100.0 * running / total if total else 0.0
        result.append((key, count, share, cumulative))
    return result


def shares_in_order(counts, total=None):
    """[(share, cumulative_share)] for counts already in display order; shares in %.

    `total` defaults to the sum of the counts; pass a larger one when the items overlap or are
    a page of a longer list.
    """
    counts = [count or 0 for count in counts]
    total = sum(counts) if total is None else total
    result, running = [], 0
    for count in counts:
        running += count
        result.append(
            (100.0 * count / total if total else 0.0, 100.0 * running / total if total else 0.0)
        )
    return result
