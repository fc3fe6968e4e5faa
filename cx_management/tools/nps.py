"""Net Promoter Score of a set of answers: share of promoters minus share of detractors."""

from .scores import given, nps_category


def nps(scores):
    """NPS in points (-100..100) of 0-10 answers; None when nobody answered.

    Promoters answer 9-10, detractors 0-6; passives (7-8) count only in the total.
    """
    answers = [score for score in scores or () if given(score)]
    if not answers:
        return None
    categories = [nps_category(score) for score in answers]
    promoters = categories.count("promoter")
    detractors = categories.count("detractor")
    return 100.0 * (promoters - detractors) / len(answers)


def delta(before, after):
    """After minus before, or None when either is unknown (None or Odoo's False)."""
    if not given(before) or not given(after):
        return None
    return after - before
