"""Client requirements (METHODOLOGY sections 1, 8 and 11) on plain numbers: no ORM.

A requirement's importance (1-5) is what the client said about one aspect of an order; when
the aspect is a metric of the CSI tree, the importance becomes that client's weight W of the
metric (section 11). Both scales run from 1 to 5, so the mapping is linear and normalised onto
the weights' range of tools/csi.py: W = W_min + (importance - 1) / 4 * (W_max - W_min),
rounded to the nearest whole weight; with W in 1..5 this is W = importance.
"""

from . import csi

IMPORTANCE_MIN, IMPORTANCE_MAX = 1, 5
STATES = ("pending", "met", "not_met")


class RequirementInputError(ValueError):
    """A number the formulas cannot take; the message names what is wrong."""


def is_importance(importance):
    """Whether the importance is a whole number from 1 to 5."""
    return (
        isinstance(importance, int)
        and not isinstance(importance, bool)
        and IMPORTANCE_MIN <= importance <= IMPORTANCE_MAX
    )


def importance_to_weight(importance):
    """The client's weight W of a metric (1..5) from a requirement's importance (1..5).

    Linear: the lowest importance gives the lowest weight, the highest the highest, the
    steps in between evenly spaced and rounded half up to a whole weight.
    """
    if not is_importance(importance):
        raise RequirementInputError(f"the importance must be between 1 and 5, not {importance}")
    position = (importance - IMPORTANCE_MIN) / (IMPORTANCE_MAX - IMPORTANCE_MIN)
    weight = csi.WEIGHT_MIN + position * (csi.WEIGHT_MAX - csi.WEIGHT_MIN)
    return int(weight + 0.5)


def is_valid(date_from, date_to, day):
    """Whether a requirement valid from date_from to date_to (None: open) holds on day."""
    return (date_from is None or date_from <= day) and (date_to is None or day <= date_to)


def met_value(state):
    """The stored 'share met' measure of one requirement: 100 met, 0 not met, None pending.

    Its average over requirements is the share (%) of the decided ones that were met.
    """
    if state not in STATES:
        raise RequirementInputError(f"unknown requirement state {state!r}")
    return {"met": 100.0, "not_met": 0.0}.get(state)


def share_met(states):
    """Share (%) of met among the met and not met states; None when none is decided."""
    decided = [state for state in states if state in ("met", "not_met")]
    if not decided:
        return None
    return 100.0 * sum(1 for state in decided if state == "met") / len(decided)


def not_met_ranking(rows):
    """Aspects ranked by how often they were not met.

    :param rows: iterable of ``(aspect, state)``.
    :return: list of ``(aspect, not_met, decided, share_met)`` sorted by not met (most
        first), then by share met (lowest first), then by first appearance.
    """
    order, counts = [], {}
    for aspect, state in rows:
        if aspect not in counts:
            order.append(aspect)
            counts[aspect] = [0, 0, 0]  # not met, met, pending
        counts[aspect][{"not_met": 0, "met": 1}.get(state, 2)] += 1
    ranking = []
    for index, aspect in enumerate(order):
        not_met, met, _pending = counts[aspect]
        decided = not_met + met
        share = 100.0 * met / decided if decided else None
        ranking.append((index, aspect, not_met, decided, share))
    ranking.sort(key=lambda r: (-r[2], 101.0 if r[4] is None else r[4], r[0]))
    return [(aspect, not_met, decided, share) for _i, aspect, not_met, decided, share in ranking]
