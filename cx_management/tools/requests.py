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


# ------------------------------------------------------------
# RELATIONSHIP WAVES
# ------------------------------------------------------------

DEFAULT_WAVE_MONTHS = 3
DEFAULT_WAVE_DAYS = 20
DEFAULT_DAILY_CAP = 200
DEFAULT_REMINDER_DAYS = 7
DEFAULT_EXPIRY_DAYS = 30


def add_months(day, months):
    """The same day `months` later, the last of the month when it has fewer days."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def wave_start(today, last_start, wave_months):
    """The first day of the wave running today: `last_start`, or the latest start a whole
    number of `wave_months` after it that is not after today; today when there was none."""
    if last_start is None:
        return today
    start = last_start
    while add_months(start, wave_months) <= today:
        start = add_months(start, wave_months)
    return start


def wave_quota(pending, sent_today, day_index, wave_days, daily_cap):
    """How many more invitations a wave sends today.

    The contacts still to ask (`pending`, plus the `sent_today` already asked today) are spread
    evenly over the days left of the wave's `wave_days` (day 0 is its first day; from the last
    day on, everything left is due), never more than `daily_cap` a day.
    """
    if min(wave_days, daily_cap) < 1 or day_index < 0:
        raise ValueError("a wave needs at least one day and a cap of at least one")
    days_left = max(wave_days - day_index, 1)
    total = pending + sent_today
    target = -(-total // days_left)  # ceiling
    return max(min(target, daily_cap) - sent_today, 0)


def take_wave(decisions, quota):
    """The head of a wave's ordered decisions holding at most `quota` sends: the skips met
    before the last send taken are logged with it, the rest wait for another day."""
    taken, sends = [], 0
    for decision in decisions:
        if decision[2] == "send":
            if sends >= quota:
                break
            sends += 1
        taken.append(decision)
    if sends < quota:
        return taken
    while taken and taken[-1][2] != "send":
        taken.pop()
    return taken


def reminder_due(date_sent, today, reminder_days):
    """Whether a request sent on `date_sent` and still unanswered is reminded today (0: never)."""
    return reminder_days > 0 and date_sent + datetime.timedelta(days=reminder_days) <= today
