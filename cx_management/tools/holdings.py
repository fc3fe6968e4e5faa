"""A holding's figures rolled up from its companies (plain Python, no ORM).

Each member (the parent itself and every company below it) weighs its share of the group's
annual revenue: w_i = revenue_i / sum of revenues. The holding's CSI and account NPS are the
weighted means over the members that have the figure (their weights renormalised); when no
member with the figure has revenue, the plain mean of those members. The revenue at risk is
the sum of the members' revenue at risk.
"""


def weights(revenues):
    """{key: share of the total revenue} of {key: revenue}; all 0 when the total is 0."""
    total = sum(max(revenue or 0.0, 0.0) for revenue in revenues.values())
    return {
        key: (max(revenue or 0.0, 0.0) / total if total else 0.0)
        for key, revenue in revenues.items()
    }


def weighted_mean(values, shares):
    """Mean of {key: value} (None or False: unknown) weighted by {key: share}; the plain mean
    when the members with a value weigh nothing; None when no value is known."""
    known = {
        key: value for key, value in values.items() if value is not None and value is not False
    }
    if not known:
        return None
    total = sum(shares.get(key, 0.0) for key in known)
    if not total:
        return sum(known.values()) / len(known)
    return sum(value * shares.get(key, 0.0) for key, value in known.items()) / total


def roll_up(members):
    """The holding's figures from (key, revenue, CSI, NPS, revenue at risk) rows.

    :return: {"revenue", "csi", "nps", "at_risk", "weights": {key: share}}
    """
    rows = list(members)
    shares = weights({row[0]: row[1] for row in rows})
    return {
        "revenue": sum(row[1] or 0.0 for row in rows),
        "csi": weighted_mean({row[0]: row[2] for row in rows}, shares),
        "nps": weighted_mean({row[0]: row[3] for row in rows}, shares),
        "at_risk": sum(row[4] or 0.0 for row in rows),
        "weights": shares,
    }
