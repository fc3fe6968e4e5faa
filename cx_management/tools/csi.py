"""The integral CSI of METHODOLOGY section 11 on plain numbers: no ORM, no database.

For each metric i of a client: X_i in [0, 1] (higher is worse), W_i in 1..5 (importance for
this client), score s_i = 1 - X_i * W_i. A block's score is the mean of its metrics' scores, the
client's mean is the mean of the block scores, and CSI = 1 + 4 * (mean - L) / (U - L) clipped to
[1, 5]. A CSI from fewer blocks with values than the setting asks is insufficient: kept, but not
the client's CSI.
"""

import calendar
import datetime

CSI_MIN, CSI_MAX = 1.0, 5.0
WEIGHT_MIN, WEIGHT_MAX = 1, 5
DEFAULT_LOWER, DEFAULT_UPPER = -1.0, 1.0
PERIODS = ("quarter", "month")
DEFAULT_PERIOD = "quarter"
DEFAULT_MIN_BLOCKS = 3


class CsiInputError(ValueError):
    """A number the formula cannot take; the message names what is wrong."""


def normalise(raw, value_min=0.0, value_max=1.0, higher_is_better=False):
    """X of a raw value: its place between the metric's min and max (inverted if higher is better).

    The result is not clipped: a caller decides whether a value outside [min, max] is an error
    (typed by hand) or is clipped (computed from operations), see :func:`clip_share`.
    """
    if value_min is None or value_max is None or value_min >= value_max:
        raise CsiInputError(f"the minimum {value_min} must be below the maximum {value_max}")
    position = (raw - value_min) / (value_max - value_min)
    return 1.0 - position if higher_is_better else position


def clip_share(x):
    """X forced into [0, 1]."""
    return min(1.0, max(0.0, x))


def is_share(x):
    """Whether X is a valid share, allowing for float noise at the ends."""
    return -1e-9 <= x <= 1.0 + 1e-9


def metric_score(x, weight):
    """s = 1 - X * W; below zero when an important metric is bad."""
    if not is_share(x):
        raise CsiInputError(f"X must be between 0 and 1, not {x}")
    if not WEIGHT_MIN <= weight <= WEIGHT_MAX:
        raise CsiInputError(f"the weight must be between 1 and 5, not {weight}")
    return 1.0 - x * weight


def csi_from_mean(mean, lower=DEFAULT_LOWER, upper=DEFAULT_UPPER):
    """Map the mean of block scores onto the 5-point scale between the bounds L and U."""
    if lower >= upper:
        raise CsiInputError(f"the lower bound {lower} must be below the upper bound {upper}")
    csi = CSI_MIN + (CSI_MAX - CSI_MIN) * (mean - lower) / (upper - lower)
    return min(CSI_MAX, max(CSI_MIN, csi))


def client_csi(rows, lower=DEFAULT_LOWER, upper=DEFAULT_UPPER):
    """The CSI of one client and period from its metric values.

    :param rows: iterable of ``(metric_key, block_key, x, weight)``; rows whose block_key or x
        is None are left out (a metric without a block or without a value does not count).
    :return: None when no row counts, else a dict with ``blocks`` ({block_key: (score, count)}
        in first-seen order), ``mean``, ``csi``, ``top_metric`` (the key with the largest loss
        X * W, the first one on ties) and ``top_loss``.
    """
    sums, counts = {}, {}
    top_metric, top_loss = None, None
    for metric_key, block_key, x, weight in rows:
        if block_key is None or x is None:
            continue
        score = metric_score(x, weight)
        sums[block_key] = sums.get(block_key, 0.0) + score
        counts[block_key] = counts.get(block_key, 0) + 1
        loss = x * weight
        if top_loss is None or loss > top_loss:
            top_metric, top_loss = metric_key, loss
    if not counts:
        return None
    blocks = {key: (sums[key] / counts[key], counts[key]) for key in counts}
    mean = sum(score for score, _count in blocks.values()) / len(blocks)
    return {
        "blocks": blocks,
        "mean": mean,
        "csi": csi_from_mean(mean, lower, upper),
        "top_metric": top_metric,
        "top_loss": top_loss,
    }


def min_blocks(value):
    """The setting "blocks with values a CSI needs": a whole number of at least 1, else the
    default (missing, not a number, or below 1)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return DEFAULT_MIN_BLOCKS
    return number if number >= 1 else DEFAULT_MIN_BLOCKS


def is_sufficient(block_count, needed=DEFAULT_MIN_BLOCKS):
    """Whether a CSI from this many blocks with values counts as the client's CSI."""
    return block_count >= needed


def period_bounds(day, period=DEFAULT_PERIOD):
    """First and last day of the quarter or month holding ``day``."""
    if period not in PERIODS:
        raise CsiInputError(f"the period must be one of {', '.join(PERIODS)}, not {period}")
    if period == "quarter":
        first_month = 3 * ((day.month - 1) // 3) + 1
        last_month = first_month + 2
    else:
        first_month = last_month = day.month
    last_day = calendar.monthrange(day.year, last_month)[1]
    return datetime.date(day.year, first_month, 1), datetime.date(day.year, last_month, last_day)


def period_end(day, period=DEFAULT_PERIOD):
    """The last day of the period holding ``day``: the date a metric value is filed under."""
    return period_bounds(day, period)[1]


def csi_colour(csi):
    """A red (1) to amber (3) to green (5) background for a CSI average, as CSS rgb()."""
    ratio = max(0.0, min(1.0, (csi - CSI_MIN) / (CSI_MAX - CSI_MIN)))
    if ratio < 0.5:
        red, green = 230, int(90 + 2 * ratio * 130)
    else:
        red, green = int(230 - (ratio - 0.5) * 2 * 150), 200
    return f"rgb({red}, {green}, 110)"
