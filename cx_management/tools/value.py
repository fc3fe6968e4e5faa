"""Elements of value: when an element counts as neglected."""

NEGLECT_MIN_COMPLAINTS = 3
NEGLECT_COMPLAINT_SHARE = 0.5


def neglected(feedback_count, complaint_count):
    """An element is neglected when clients never speak of it (no feedback at all), or when
    they mostly complain about it: at least NEGLECT_MIN_COMPLAINTS complaints making at least
    NEGLECT_COMPLAINT_SHARE of its feedback."""
    if not feedback_count:
        return True
    return (
        complaint_count >= NEGLECT_MIN_COMPLAINTS
        and complaint_count >= NEGLECT_COMPLAINT_SHARE * feedback_count
    )
