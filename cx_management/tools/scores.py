"""Reading single answers: NPS categories and the polarity a score implies."""

CSI_MIN, CSI_MAX = 1, 5
NPS_MIN, NPS_MAX = 0, 10


def given(score):
    """Whether a score was given: 0 is an answer, None and False (Odoo's empty) are not."""
    return score is not None and score is not False


def nps_category(score):
    """Promoter (9-10), passive (7-8) or detractor (0-6); None when there is no score."""
    if not given(score):
        return None
    if score >= 9:
        return "promoter"
    if score >= 7:
        return "passive"
    return "detractor"


def polarity(topic_polarities, csi_score=None, nps_score=None):
    """The polarity of a feedback: its topics decide first, then the CSI score, then NPS.

    A complaint topic outweighs praise: one complaint in a feedback is what must be acted on.
    """
    topic_polarities = set(topic_polarities or ())
    if "complaint" in topic_polarities:
        return "complaint"
    if "praise" in topic_polarities:
        return "praise"
    if given(csi_score):
        if csi_score >= 4:
            return "praise"
        return "complaint" if csi_score <= 2 else "neutral"
    if given(nps_score):
        category = nps_category(nps_score)
        return {"promoter": "praise", "detractor": "complaint"}.get(category, "neutral")
    return None
