"""Who is asked for feedback after an operation, and when: plain dates and ids, no ORM."""

import datetime

DEFAULT_REST_DAYS = 90
DEFAULT_LOOKBACK_DAYS = 7


def date_window(today, delay_days, lookback_days=DEFAULT_LOOKBACK_DAYS):
    """The operation dates a rule asks about today: ``(first, last)``, both included.

    An operation is asked about ``delay_days`` after its date; the window reaches back
    ``lookback_days`` more so that a day the scheduled action did not run is caught up
    (the request log keeps the operations already asked about from being asked again).
    """
    if delay_days < 0:
        raise ValueError("delay_days must not be negative")
    if lookback_days < 0:
        raise ValueError("lookback_days must not be negative")
    last = today - datetime.timedelta(days=delay_days)
    return last - datetime.timedelta(days=lookback_days), last


def rest_start(today, rest_days=DEFAULT_REST_DAYS):
    """The first day of the rest period: a contact asked on or after it is not asked again."""
    return today - datetime.timedelta(days=max(rest_days, 0))


def plan_requests(candidates, last_asked, blacklisted, today, rest_days=DEFAULT_REST_DAYS):
    """Decide, for each (record, contact) pair, whether to send or to skip, and why.

    :param candidates: ordered iterable of ``(record_id, contact_id, email)``
    :param last_asked: ``{contact_id: date}``, the last day each contact was asked (any rule)
    :param blacklisted: set of contact ids whose e-mail address is blacklisted
    :return: list of ``(record_id, contact_id, decision)`` where decision is ``"send"``,
        ``"no_email"``, ``"blacklisted"``, ``"rest"`` (asked within the rest period) or
        ``"duplicate"`` (the same contact already gets a request in this run). One contact is
        asked at most once per run, about the first of its records.
    """
    start = rest_start(today, rest_days)
    planned = set()
    result = []
    for record_id, contact_id, email in candidates:
        if not email:
            decision = "no_email"
        elif contact_id in blacklisted:
            decision = "blacklisted"
        elif contact_id in planned:
            decision = "duplicate"
        elif last_asked.get(contact_id) and last_asked[contact_id] >= start:
            decision = "rest"
        else:
            decision = "send"
            planned.add(contact_id)
        result.append((record_id, contact_id, decision))
    return result
