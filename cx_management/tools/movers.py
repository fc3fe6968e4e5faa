"""Movers: the clients whose integral CSI or account NPS changed most between two periods,
and the drops big enough to alert on (plain Python, no ORM)."""

from .nps import delta

DEFAULT_CSI_DROP = 0.5  # CSI points (1-5 scale)
DEFAULT_NPS_DROP = 20.0  # NPS points (-100..100)
CSI_DROP_MAX = 4.0  # the widest fall a 1-5 scale allows
NPS_DROP_MAX = 200.0  # the widest fall of NPS
EPSILON = 1e-9  # float noise: a fall of exactly the threshold is a drop


def changes(before, after, names=None):
    """[(key, before, after, change)] of the keys known in both periods whose figure changed,
    the largest rise first (ties: by name, then key); a key unknown in either is left out.

    :param before: {key: figure} of the earlier period (None or False: unknown)
    :param after: {key: figure} of the later period
    :param names: {key: name} for the order of ties
    """
    names = names or {}
    rows = [
        (key, before[key], after[key], change)
        for key in before.keys() & after.keys()
        if (change := delta(before[key], after[key]))
    ]
    rows.sort(key=lambda row: (-row[3], str(names.get(row[0], "")), row[0]))
    return rows


def movers(before, after, limit=None, names=None):
    """{"climbers": rows that rose, largest rise first; "fallers": rows that fell, largest
    fall first}, each at most `limit` rows of :func:`changes`."""
    rows = changes(before, after, names)
    climbers = [row for row in rows if row[3] > 0]
    fallers = [row for row in reversed(rows) if row[3] < 0]
    if limit is not None:
        climbers, fallers = climbers[:limit], fallers[:limit]
    return {"climbers": climbers, "fallers": fallers}


def is_drop(change, threshold):
    """Whether a change is a fall of at least `threshold` points."""
    return change is not None and change <= -threshold + EPSILON


def threshold_errors(csi_drop, nps_drop):
    """The keys of what is wrong with the alert thresholds ("csi", "nps"): each must be
    above zero and at most the widest fall its scale allows."""
    errors = []
    if csi_drop is None or not 0 < csi_drop <= CSI_DROP_MAX:
        errors.append("csi")
    if nps_drop is None or not 0 < nps_drop <= NPS_DROP_MAX:
        errors.append("nps")
    return errors


def float_setting(value, default):
    """A decimal setting: its value, or the default when missing or not a number."""
    if value is None or value is False or value == "":
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        return default
