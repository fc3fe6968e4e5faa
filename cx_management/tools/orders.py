"""The transactional metrics of METHODOLOGY sections 10-11 on plain order facts: no ORM.

An order fact is a mapping with the keys of ``cx.order.fact``: ``date_order``,
``window_start``, ``window_end``, ``expedited``, ``ship_complete``, ``even_delivery``,
``qty_ordered``, ``qty_shipped``, ``date_shipped``, ``qty_rejected``, ``purpose_violation``.
An order counts in the period of its last shipment (``date_shipped``); an order not shipped
counts nowhere.

Each measure is a ratio: a fact adds to its numerator and its denominator (or to neither), and
the client's raw value is the sum of the numerators over the sum of the denominators. A client
whose denominator is 0 (no order of the kind in the period) has no value, not 0. The models
compute the same sums in SQL (``cx.metric._fact_sql``); this module is the formula, read by the
per-client check and the tests.
"""

import calendar
import datetime

LATE_1M_DAYS = 31  # "late by up to a month": 1 to 31 days after the window's end

MEASURES = (
    "window_expedited",
    "window_late_1m",
    "window_late_2m",
    "window_early",
    "window_evenness",
    "complete_incomplete",
    "complete_short_shipment",
    "complete_lead_time",
    "rejects_share",
    "rejects_purpose",
    "short_orders",
    "window_late",
    "window_outside",
)

WINDOW_MODES = ("month", "days")


def days_late(date_shipped, window_end):
    """Days the shipment came after the window's end; 0 when it was not late."""
    if not (date_shipped and window_end):
        return 0
    return max(0, (date_shipped - window_end).days)


def is_early(date_shipped, window_start):
    return bool(date_shipped and window_start and date_shipped < window_start)


def window_status(date_shipped, window_start, window_end):
    """open, no_window, early, in_window, late_1m or late_2m."""
    if not date_shipped:
        return "open"
    if not (window_start or window_end):
        return "no_window"
    if is_early(date_shipped, window_start):
        return "early"
    late = days_late(date_shipped, window_end)
    if not late:
        return "in_window"
    return "late_1m" if late <= LATE_1M_DAYS else "late_2m"


def short_share(qty_ordered, qty_shipped):
    """max(0, (ordered - shipped) / ordered); None for an order of nothing."""
    if not qty_ordered or qty_ordered <= 0:
        return None
    return max(0.0, (qty_ordered - (qty_shipped or 0.0)) / qty_ordered)


def contribution(measure, fact):
    """(numerator, denominator) one shipped fact adds to a measure."""
    if not fact.get("date_shipped"):
        return 0.0, 0.0
    shipped, start, end = fact["date_shipped"], fact.get("window_start"), fact.get("window_end")
    late = days_late(shipped, end)
    outside = is_early(shipped, start) or late > 0
    ordered, sent = fact.get("qty_ordered") or 0.0, fact.get("qty_shipped") or 0.0
    if measure == "window_expedited":
        return (float(outside), 1.0) if fact.get("expedited") else (0.0, 0.0)
    if measure == "window_late_1m":
        return float(1 <= late <= LATE_1M_DAYS), 1.0
    if measure == "window_late_2m":
        return float(late > LATE_1M_DAYS), 1.0
    if measure == "window_late":
        return float(late > 0), 1.0
    if measure == "window_early":
        return float(is_early(shipped, start)), 1.0
    if measure == "window_outside":
        return float(outside), 1.0
    if measure == "window_evenness":
        return float(bool(fact.get("even_delivery"))), 1.0
    if measure == "complete_incomplete":
        return (float(sent < ordered), 1.0) if fact.get("ship_complete") else (0.0, 0.0)
    if measure == "complete_short_shipment":
        share = short_share(ordered, sent)
        if fact.get("ship_complete") or share is None:
            return 0.0, 0.0
        return share, 1.0
    if measure == "short_orders":
        return float(sent < ordered), 1.0
    if measure == "complete_lead_time":
        return float((shipped - fact["date_order"]).days), 1.0
    if measure == "rejects_share":
        return fact.get("qty_rejected") or 0.0, sent
    if measure == "rejects_purpose":
        return float(bool(fact.get("purpose_violation"))), 1.0
    raise ValueError(f"unknown measure {measure}")


def ratio(numerator, denominator):
    """The raw value of a measure; None (no value) when nothing counted."""
    if not denominator:
        return None
    return numerator / denominator


def raw_value(measure, facts):
    """The raw value of a measure over one client's facts of a period (None: no value)."""
    numerator = denominator = 0.0
    for fact in facts:
        num, den = contribution(measure, fact)
        numerator += num
        denominator += den
    return ratio(numerator, denominator)


def delivery_window(commitment, mode="month", days=0):
    """The agreed window of a commitment date: its calendar month, or the date plus or minus
    ``days`` days."""
    if not commitment:
        return None, None
    if mode == "days":
        delta = datetime.timedelta(days=max(0, days))
        return commitment - delta, commitment + delta
    last = calendar.monthrange(commitment.year, commitment.month)[1]
    return commitment.replace(day=1), commitment.replace(day=last)
