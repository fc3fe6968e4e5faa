"""The closed loop's rules: which feedback raises an alert, working-day deadlines, rate limits.

Plain Python on plain values: the models read the settings and pass them in.
"""

from datetime import datetime, time, timedelta

from . import scores

DETRACTOR_MAX = 6
DEFAULT_CSI_THRESHOLD = 2
DEFAULT_DELAY_DAYS = 2
DEFAULT_MAX_AGE_DAYS = 14
DEFAULT_PORTAL_LIMIT = 5
PORTAL_WINDOW_HOURS = 1
COMMENT_MAX_LENGTH = 2000

# The contact left the feedback alone (no one of ours heard it): tell them it reached us.
ACKNOWLEDGED_CHANNELS = frozenset({"portal", "survey", "email", "button", "chatbot"})
WEEKEND = frozenset({5, 6})


def needs_alert(csi_score, nps_score, csi_threshold=DEFAULT_CSI_THRESHOLD):
    """A detractor (NPS 0-6) or a CSI score at or below the threshold needs an answer."""
    if scores.given(nps_score) and nps_score <= DETRACTOR_MAX:
        return True
    return scores.given(csi_score) and csi_score <= csi_threshold


def is_fresh(date, today, max_age_days=DEFAULT_MAX_AGE_DAYS):
    """Old answers typed in later (paper questionnaires, history) raise no alert."""
    return date is not None and date >= today - timedelta(days=max_age_days)


def acknowledged(channel, email):
    """The contact gets an acknowledgement when they wrote to us alone and have an e-mail."""
    return channel in ACKNOWLEDGED_CHANNELS and bool((email or "").strip())


def add_working_days(start, days, weekend=WEEKEND, holidays=()):
    """The date N working days after `start` (Saturdays, Sundays and holidays skipped).

    0 days gives `start` itself; the day of `start` is never counted.
    """
    if days <= 0:
        return start
    day, left = start, days
    holidays = set(holidays)
    while left:
        day += timedelta(days=1)
        if day.weekday() not in weekend and day not in holidays:
            left -= 1
    return day


def rate_window_start(now, hours=PORTAL_WINDOW_HOURS):
    """The start of the sliding window in which posts are counted."""
    return now - timedelta(hours=hours)


def rate_exceeded(posts_in_window, limit=DEFAULT_PORTAL_LIMIT):
    """Whether one more post would go over the limit (a limit of 0 or less means no limit)."""
    return limit > 0 and posts_in_window >= limit


def parse_score(raw, low, high):
    """(value, error) of a form field: empty gives (None, None); error is 'range' or 'number'."""
    text = (raw or "").strip() if isinstance(raw, str) else raw
    if text in (None, "", False):
        return None, None
    try:
        value = int(text)
    except (TypeError, ValueError):
        return None, "number"
    if not low <= value <= high:
        return None, "range"
    return value, None


TOKEN_MAX_LENGTH = 64


def clean_token(raw):
    """The portal form's submission token as sent, or None when missing or malformed
    (letters, digits and dashes, at most TOKEN_MAX_LENGTH characters)."""
    token = (raw or "").strip()
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    if not all(char.isascii() and (char.isalnum() or char == "-") for char in token):
        return None
    return token


def check_portal_form(
    csi_raw, nps_raw, comment, stage_id, stage_ids, max_length=COMMENT_MAX_LENGTH
):
    """Validate a portal feedback form: (values, errors) with error codes per field.

    values holds csi_score, nps_score (None when empty), comment (stripped) and stage_id
    (None when empty); errors maps a field to 'number', 'range', 'length', 'character', 'unknown' or
    'empty'.
    """
    errors = {}
    csi, error = parse_score(csi_raw, scores.CSI_MIN, scores.CSI_MAX)
    if error:
        errors["csi_score"] = error
    nps, error = parse_score(nps_raw, scores.NPS_MIN, scores.NPS_MAX)
    if error:
        errors["nps_score"] = error
    comment = (comment or "").strip()
    if "\x00" in comment:
        # PostgreSQL cannot store a NUL byte: refused like any other bad input
        errors["comment"] = "character"
    elif len(comment) > max_length:
        errors["comment"] = "length"
    stage = None
    if stage_id not in (None, "", False):
        try:
            stage = int(stage_id)
        except (TypeError, ValueError):
            stage = None
        if stage not in set(stage_ids):
            errors["stage_id"] = "unknown"
            stage = None
    if not errors and csi is None and nps is None and not comment:
        errors["form"] = "empty"
    return {"csi_score": csi, "nps_score": nps, "comment": comment, "stage_id": stage}, errors


# ------------------------------------------------------------
# CLOSED-LOOP KPIS
# ------------------------------------------------------------

DEFAULT_TARGET_HOURS = 48.0


def weekday_hours(start, end, weekend=WEEKEND):
    """Hours between two datetimes without the weekend days: the working time of a company
    without a working calendar (every hour of a weekday counts)."""
    total = 0.0
    day = start
    while day < end:
        next_day = datetime.combine(day.date() + timedelta(days=1), time.min)
        stop = min(next_day, end)
        if day.weekday() not in weekend:
            total += (stop - day).total_seconds() / 3600.0
        day = stop
    return total


def within_target(hours, target_hours=DEFAULT_TARGET_HOURS):
    """Whether an alert answered after `hours` working hours was handled within the target."""
    return None if hours is None else hours <= target_hours
