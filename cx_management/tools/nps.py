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


# ---- B2B account NPS and shares (analysis) ----

NPS_WAYS = ("all", "contact", "role")


def nps_shares(scores):
    """Shares in % of promoters, passives and detractors among the answers; None if none."""
    answers = [score for score in scores or () if given(score)]
    if not answers:
        return None
    categories = [nps_category(score) for score in answers]
    total = len(answers)
    return {
        "promoter": 100.0 * categories.count("promoter") / total,
        "passive": 100.0 * categories.count("passive") / total,
        "detractor": 100.0 * categories.count("detractor") / total,
        "count": total,
    }


def nps_per_contact(answers):
    """Account NPS where each contact counts once: the average of a contact's answers is
    classed as promoter (>= 9), passive (>= 7) or detractor, then NPS is taken over contacts.

    `answers` is an iterable of (contact, score) pairs, or (contact, score, count) rows of a
    grouped query standing for `count` equal answers.
    """
    totals = {}
    for contact, score, *count in answers or ():
        if given(score):
            count = count[0] if count else 1
            total, number = totals.get(contact, (0, 0))
            totals[contact] = (total + score * count, number + count)
    return nps(total / number for total, number in totals.values())


def nps_weighted(answers):
    """Account NPS where each answer weighs its contact role's weight (economic buyer more
    than operator): 100 * (weight of promoters - weight of detractors) / total weight.

    `answers` is an iterable of (score, weight) pairs; answers without a positive weight are
    skipped. None when nothing is left.
    """
    total = promoters = detractors = 0.0
    for score, weight in answers or ():
        if not given(score) or not weight or weight <= 0:
            continue
        total += weight
        category = nps_category(score)
        if category == "promoter":
            promoters += weight
        elif category == "detractor":
            detractors += weight
    if not total:
        return None
    return 100.0 * (promoters - detractors) / total


def account_nps(way, answers):
    """Account NPS in one of the three B2B ways of NPS_WAYS.

    `answers` is an iterable of (contact, score, role_weight) triples, or (contact, score,
    role_weight, count) rows of a grouped query standing for `count` equal answers.
    """
    rows = [(row[0], row[1], row[2], row[3] if len(row) > 3 else 1) for row in answers or ()]
    if way == "contact":
        return nps_per_contact((contact, score, count) for contact, score, _w, count in rows)
    if way == "role":
        return nps_weighted((score, (weight or 0) * count) for _c, score, weight, count in rows)
    if way == "all":
        return nps_weighted((score, count) for _c, score, _w, count in rows)
    raise ValueError(f"unknown NPS way {way!r}")
