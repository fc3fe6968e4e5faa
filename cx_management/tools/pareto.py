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


def topic_pareto(feedback_by_topic):
    """The Pareto of topics, counting each feedback once per main topic (METHODOLOGY 9).

    `feedback_by_topic` maps (main topic, topic named) to the ids of the feedback naming that
    topic; the main topic itself is named as (main, main). Returns rows, main topics largest
    first, each followed by its sub-topics:

    - a main topic counts the different feedback naming it or any of its sub-topics, so a
      feedback tagged "Quality" and "Quality / Defects" is one for Quality, not two; shares
      and the cumulative share are of the main topics' counts (the last one ends at 100);
    - inside a main topic, a feedback counts for each sub-topic it names, and for the main
      topic itself only when it names none of its sub-topics (the main topic is then implied,
      not a second mention); shares are of these counts. A main topic whose only row is
      itself has no sub-topic rows.

    Ties keep the order of the keys given. Each row is a dict: topic, level (0 main, 1 sub),
    mentions, share, cumulative_share, feedback (the set of feedback ids behind it).
    """
    by_main = {}
    for (main, topic), feedback in feedback_by_topic.items():
        by_main.setdefault(main, {})[topic] = set(feedback)
    main_feedback = {main: set().union(*topics.values()) for main, topics in by_main.items()}
    rows = []
    for main, mentions, share, cumulative in pareto(
        (main, len(feedback)) for main, feedback in main_feedback.items()
    ):
        rows.append(_row(main, 0, mentions, share, cumulative, main_feedback[main]))
        topics = by_main[main]
        named_sub = set().union(*(ids for topic, ids in topics.items() if topic != main))
        subs = {topic: (ids - named_sub if topic == main else ids) for topic, ids in topics.items()}
        subs = {topic: ids for topic, ids in subs.items() if ids}
        if list(subs) == [main]:
            continue
        for topic, mentions, share, cumulative in pareto(
            (topic, len(ids)) for topic, ids in subs.items()
        ):
            rows.append(_row(topic, 1, mentions, share, cumulative, subs[topic]))
    return rows


def _row(topic, level, mentions, share, cumulative, feedback):
    return {
        "topic": topic,
        "level": level,
        "mentions": mentions,
        "share": share,
        "cumulative_share": cumulative,
        "feedback": feedback,
    }
