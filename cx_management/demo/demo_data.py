"""Demo world of a steel and pipe supplier: clients, contacts, deals and feedback as plain data.

Everything is built by ``generate(today)`` with a seeded ``random.Random``, so the same day
always gives the same data. Codes refer to the module's reference data by xml id suffix:
stage ``usage`` is ``cx_journey_stage_usage``, process ``production`` is ``cx_process_production``,
topic ``quality_defects`` is ``cx_topic_quality_defects``, value element ``product_quality`` is
``cx_value_element_product_quality``, role ``economic`` is ``cx_contact_role_economic``.
The numbers of the world are here; what its people are called and say is in
``cx_demo_texts.json`` beside this file, with a sibling file per other language.
"""

import datetime
import json
import os
import random

from dateutil.relativedelta import relativedelta

from ..tools import orders as order_tools

SEED = 20260318
DAYS_BACK = 364  # feedback dates lie in [today - DAYS_BACK, today]

TEXTS = "cx_demo_texts{suffix}.json"  # beside this file; cx_demo_texts.ru.json for ru_RU

# Industries: base's records where they fit, our own demo ones (named in the texts) where not.
INDUSTRIES = {
    "oil_gas": "cx_management.res_partner_industry_oil_gas_demo",
    "machine_building": "cx_management.res_partner_industry_machine_building_demo",
    "construction": "base.res_partner_industry_F",
    "energy": "base.res_partner_industry_D",
}

# key, industry, salesperson (admin/demo), mood: how the client feels about us, in [0, 1]. One
# mood drives the whole story of a client: the share of praise among its feedback, how high its
# scores run and how good its metric values are (see metric_level), so that its account NPS and
# its integral CSI agree. The name and city are in the texts, by key.
COMPANIES = [
    ("yamal_gas", "oil_gas", "admin", 0.75),
    ("pechora_oilfield", "oil_gas", "demo", 0.30),
    ("amur_gas", "oil_gas", "admin", 0.50),
    ("taiga_drilling", "oil_gas", "demo", 0.45),
    ("volga_pipeline", "construction", "admin", 0.65),
    ("stolitsa_monolith", "construction", "demo", 0.25),
    ("ob_bridge", "construction", "admin", 0.80),
    ("kama_machine", "machine_building", "demo", 0.50),
    ("iset_heavy", "machine_building", "admin", 0.40),
    ("don_railcar", "machine_building", "demo", 0.70),
    ("chelyabinsk_boiler", "machine_building", "admin", 0.45),
    ("yenisei_power", "energy", "admin", 0.65),
    ("kuban_heat", "energy", "demo", 0.30),
    ("ladoga_wind", "energy", "demo", 0.70),
]
DEAL_STAGES = ["crm.stage_lead1", "crm.stage_lead2", "crm.stage_lead3", "crm.stage_lead4"]
ROLES = ("economic", "technical", "operator")
# The contact of a client's 1st, 2nd, 3rd opportunity: a person with a role, never the company
DEAL_CONTACT_ROLES = ("economic", "technical", "economic")

# How many feedback records carry each topic category: the shape of METHODOLOGY section 9
# (praise > complaint > discipline > deterioration > quality, led by defects > service),
# scaled to a demo database; "neutral" feedback has scores only, no topic.
TOPIC_QUOTAS = {
    "praise": 190,
    "complaint": 124,
    "discipline": 47,
    "deterioration": 28,
    "quality_defects": 13,
    "quality_conformity": 6,
    "quality_packaging": 1,
    "quality_claims_payment": 1,
    "quality_short_shipment": 1,
    "quality_documents": 1,
    "quality_delivery_method": 1,
    "quality_client_effort": 1,
    "quality_assortment": 1,
    "service": 18,
    "neutral": 30,
}

CHANNEL_WEIGHTS = {
    "awareness": {"meeting": 4, "interview": 3, "survey": 2, "email": 1},
    "deal": {"interview": 4, "meeting": 3, "email": 2, "survey": 1, "chatbot": 1},
    "usage": {"interview": 3, "email": 3, "portal": 2, "button": 2, "chatbot": 1, "call": 1},
    "post": {"call": 4, "interview": 3, "survey": 2, "email": 1, "button": 1, "other": 1},
}
ROLE_WEIGHTS = {"economic": 40, "technical": 32, "operator": 28}
NPS_SHARE = {"economic": 0.8, "technical": 0.55, "operator": 0.45}

# The stages the demo actions go through, in turn, so every column of the kanban has cards.
ACTION_STAGES = ["done", "in_progress", "planned", "done", "new", "in_progress", "planned"]


def _pick(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _scores(rng, category, role, mood=0.5):
    """CSI and NPS that agree with the topic (praise high, complaints low, neutral between) and
    with the client's mood: a content client's praise is a 10 and its complaints a 5 or 6, an
    unhappy client's praise an 8 and its complaints a 0 to 3."""
    happy = rng.random() < mood
    if category == "praise":
        csi = rng.choice([5, 5, 5, 4, 4] if happy else [5, 4, 4, 4, 4])
        nps = rng.choice([10, 10, 9, 9, 9, 9] if happy else [10, 9, 8, 8, 7, 8])
    elif category == "neutral":
        csi = 3
        nps = rng.choice([8, 8, 7] if happy else [7, 7, 8])
    else:
        low = category.startswith("quality") or category == "discipline"
        if happy:
            csi = rng.choice([2, 3, 3, 3] if low else [3, 3, 3])
            nps = rng.choice([3, 4, 5, 6, 6, 6] if low else [5, 5, 6, 6, 6])
        else:
            csi = rng.choice([1, 1, 2, 2] if low else [1, 2, 2])
            nps = rng.choice([0, 1, 2, 3, 4, 5] if low else [1, 2, 3, 4, 5])
    if rng.random() < 0.05 and category != "neutral":
        return None, nps  # a contact who only answered the NPS question
    if rng.random() >= NPS_SHARE[role]:
        nps = None
    return csi, nps


def metric_level(mood):
    """The typical X (0 best, 1 worst) of a client's CSI metrics for its mood: content clients
    lose little on every metric, unhappy ones a lot, so that the integral CSI tells the story
    the client's feedback tells."""
    return max(0.02, min(0.6, 0.6 - 0.65 * mood))


# Latin letters of the Cyrillic ones (a simplified passport transliteration), for e-mail
# addresses of contacts named in Russian
TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch  y  e yu ya".split(" "),
        strict=True,
    )
)


def latin(text):
    """`text` in Latin letters (unchanged when it has no Cyrillic ones)."""
    return "".join(TRANSLIT.get(char, char) for char in text.lower())


def load_texts(lang=None):
    """The demo's texts in `lang` (ru_RU: cx_demo_texts.ru_RU.json, else cx_demo_texts.ru.json),
    in English (cx_demo_texts.json) when there is no such file.

    A translation keeps the English file's keys, codes and list lengths, so that the same seed
    draws the same world in either language.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    suffixes = [f".{lang}", f".{lang.split('_')[0]}"] if lang else []
    for suffix in [*suffixes, ""]:
        path = os.path.join(here, TEXTS.format(suffix=suffix))
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as texts:
                return json.load(texts)
    raise FileNotFoundError(os.path.join(here, TEXTS.format(suffix="")))


def _person(rng, texts, used_surnames):
    surname = rng.choice([s for s in texts["surnames"] if s not in used_surnames])
    used_surnames.add(surname)
    names = texts["first_names"]
    if rng.random() < 0.35:
        return rng.choice(names["female"]), texts["female_surname"].format(surname=surname)
    return rng.choice(names["male"]), surname


def _companies(rng, texts, today):
    companies, used = [], set()
    streets = texts["streets"]
    for index, (key, industry, user, mood) in enumerate(COMPANIES):
        domain = key.replace("_", "") + ".example"
        contacts = []
        for role in ROLES:
            first, last = _person(rng, texts, used)
            contacts.append(
                {
                    "key": f"{key}_{role}",
                    "name": f"{first} {last}",
                    "role": role,
                    "function": rng.choice(texts["functions"][role]),
                    "email": f"{latin(first)[0]}.{latin(last)}@{domain}",
                    "phone": f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-"
                    f"{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                }
            )
        products = texts["products"][industry]
        deals = []
        patterns = rng.sample(texts["deals"][industry], rng.randint(2, 3))
        for number, (pattern, product) in enumerate(
            zip(patterns, rng.sample(products, len(patterns)), strict=True), 1
        ):
            deal_name = pattern.format(product=product)
            deals.append(
                {
                    "key": f"{key}_{number}",
                    "name": deal_name[0].upper() + deal_name[1:],
                    "stage": rng.choice(DEAL_STAGES),
                    "expected_revenue": rng.randint(8, 250) * 10000,
                    "date_deadline": today + datetime.timedelta(days=rng.randint(10, 150)),
                    "priority": rng.choice(["0", "1", "1", "2"]),
                    "contact": f"{key}_{DEAL_CONTACT_ROLES[number - 1]}",
                }
            )
        companies.append(
            {
                "key": key,
                "name": texts["companies"][key]["name"],
                "industry": industry,
                "street": texts["address"].format(
                    number=rng.randint(1, 60), street=streets[index % len(streets)]
                ),
                "city": texts["companies"][key]["city"],
                "email": f"info@{domain}",
                "website": f"https://www.{domain}",
                "user": user,
                "mood": mood,
                "products": products,
                "contacts": contacts,
                "deals": deals,
            }
        )
    return companies


def _feedback(rng, texts, today, companies):
    templates = texts["feedback"]
    categories = [c for c, count in TOPIC_QUOTAS.items() for _ in range(count)]
    rng.shuffle(categories)
    records = []
    for category in categories:
        role = _pick(rng, ROLE_WEIGHTS)
        fitting = [t for t in templates[category] if role in t["roles"]]
        template = rng.choice(fitting or templates[category])
        stage, process, roles = template["stage"], template["process"], template["roles"]
        values = template["value_elements"]
        if role not in roles:
            role = rng.choice(roles)
        if category == "praise":
            weights = [c["mood"] ** 2 for c in companies]
        elif category == "neutral":
            weights = [0.5] * len(companies)
        else:
            weights = [(1 - c["mood"]) ** 2 for c in companies]
        company = rng.choices(companies, weights=weights)[0]
        date = today - datetime.timedelta(days=rng.randint(0, DAYS_BACK))
        comment = template["comment"].format(
            product=rng.choice(company["products"]),
            tons=rng.choice([60, 120, 250, 400, 680, 1200]),
            days=rng.randint(3, 12),
            weeks=rng.randint(2, 6),
            n=rng.randint(2, 14),
            pct=rng.choice([5, 7, 8, 12]),
            ref=f"SO/{date.year}/{rng.randint(100, 9999):04d}",
        )
        if category == "praise":
            topics = ["praise"]
        elif category == "neutral":
            topics = []
        elif category.startswith("quality_"):
            topics = ["quality", category]
        else:
            topics = [category]
        channel = _pick(rng, CHANNEL_WEIGHTS[stage])
        if process == "claims" and rng.random() < 0.6:
            channel = "claim"
        csi, nps = _scores(rng, category, role, company["mood"])
        reference = None
        if stage in ("usage", "post") and rng.random() < 0.7:
            reference = f"SO/{date.year}/{rng.randint(100, 9999):04d}"
        deal = None
        if stage == "deal" and company["deals"]:
            deal = rng.choice(company["deals"])["key"]
        records.append(
            {
                "company": company["key"],
                "contact": f"{company['key']}_{role}",
                "role": role,
                "stage": stage,
                "process": process,
                "channel": channel,
                "date": date,
                "user": company["user"] if rng.random() < 0.85 else rng.choice(["admin", "demo"]),
                "csi": csi,
                "nps": nps,
                "topics": topics,
                "value_elements": rng.sample(values, rng.randint(0, len(values))) if values else [],
                "comment": comment,
                "reference": reference,
                "deal": deal,
            }
        )
    records.sort(key=lambda r: r["date"])
    return records


def _actions(rng, texts, today, companies, feedback):
    """Per client, an improvement action on each of its two most complained-about processes,
    with the complaints it answers (indexes into `feedback`)."""
    action_texts = texts["actions"]
    actions = []
    for company in companies:
        complaints = {}
        for index, record in enumerate(feedback):
            if (
                record["company"] == company["key"]
                and record["topics"] not in ([], ["praise"])
                and record["process"] in action_texts
            ):
                complaints.setdefault(record["process"], []).append(index)
        ranked = sorted(complaints, key=lambda process: (-len(complaints[process]), process))
        for process in ranked[:2]:
            indexes = complaints[process]
            stage = ACTION_STAGES[len(actions) % len(ACTION_STAGES)]
            # done ones long enough ago for their effect to be measured (90 days by default)
            done = None
            if stage == "done":
                done = today - datetime.timedelta(days=rng.randint(100, 150))
            start = (done or today) - datetime.timedelta(days=rng.randint(30, 80))
            actions.append(
                {
                    "key": f"{company['key']}_{process}",
                    "company": company["key"],
                    "contact": feedback[indexes[-1]]["contact"],
                    "user": company["user"],
                    "process": process,
                    "name": action_texts[process]["name"],
                    "summary": action_texts[process]["summary"],
                    "stage": stage,
                    "priority": "1" if len(indexes) >= 4 else "0",
                    "date_start": start if stage in ("in_progress", "done") else None,
                    "date_deadline": done or today + datetime.timedelta(days=rng.randint(10, 75)),
                    "date_done": done,
                    "published": stage != "new",
                    "feedback": indexes,
                }
            )
    return actions


# ------------------------------------------------------------
# ORDER FACTS
# ------------------------------------------------------------
# The client orders of the delivery, completeness and reject metrics, as an ERP export would
# give them. The windows are calendar months (the commitment date's month, as the Inventory
# bridge reads them), so that a sales order can carry the same fact.

ORDERS_PER_PERIOD = 10  # shipped per client and CSI period (the worked example's client: 20)
PRICE_PER_TONNE = 1150.0  # of the demo pipe: a client's tonnage follows from its annual revenue


def _month(day, months):
    """(first, last) day of the calendar month ``months`` after the one of ``day``: the
    bridge's window of a commitment date in that month (tools/orders.delivery_window)."""
    return order_tools.delivery_window(day + relativedelta(months=months), "month")


# The window, relative to the shipping month, of an order shipped early, in its window, late
# by up to a month (the previous month's window: 1 to 31 days late) and by more (the window of
# the month 62 days before: 32 to 62 days late).
def _window(shipped, status):
    if status == "early":
        return _month(shipped, 1)
    if status == "late_1m":
        return _month(shipped, -1)
    if status == "late_2m":
        return _month(shipped - datetime.timedelta(days=62), 0)
    return _month(shipped, 0)


def _ship_days(start, last, count):
    """``count`` shipping days spread over [start, last]."""
    span = max(0, (last - start).days)
    return [
        start + datetime.timedelta(days=round(i * span / max(1, count - 1))) for i in range(count)
    ]


def _late_order_date(shipped, status, window_start, index):
    """A late order was placed in the second half of its window's month (the 15th to the 25th,
    by its index): its lead time follows."""
    if status not in ("late_1m", "late_2m"):
        return None
    return window_start.replace(day=15 + (3 * index) % 11)


def worked_example_orders(start, end, today, lot=100.0):
    """The 20 orders of METHODOLOGY section 11's client shipped in the period [start, end]
    (up to today): they give exactly the worked example's raw values, 0.20 of the expedited
    orders outside the window, 0.10 late by up to a month, 0.30 by more, 0.15 early, 0.25 with
    an evenness requirement, 0.20 of the ship-complete orders incomplete, 0.10 short on average
    among the others, 30 days from order to shipment, 0.25 of the tonnage rejected and 0.15
    used against its purpose. An order is a lot of ``lot`` tonnes (two for the short ones)."""
    statuses = ["late_2m"] * 6 + ["late_1m"] * 2 + ["early"] * 3 + ["in_window"] * 9
    days = _ship_days(start, min(end, today), len(statuses))
    orders = []
    for index, (status, shipped) in enumerate(zip(statuses, days, strict=True)):
        window_start, window_end = _window(shipped, status)
        orders.append(
            {
                "status": status,
                "date_shipped": shipped,
                "window_start": window_start,
                "window_end": window_end,
                "date_order": _late_order_date(shipped, status, window_start, index),
                # expedited: one of the late orders and four in the window (1 of 5 outside)
                "expedited": index in (0, 11, 12, 13, 14),
                # ship complete: 5 orders, one of them shipped short (1 of 5 incomplete)
                "ship_complete": index in (8, 15, 16, 17, 18),
                "even_delivery": index in (1, 3, 9, 14, 19),  # 5 of 20
                # the short ones ship half of 200 t: the incomplete one and three others
                # (3 x 0.5 / 15 others = 0.10)
                "qty_ordered": 2 * lot if index in (2, 8, 10, 19) else lot,
                "qty_shipped": lot,
                # 5 lots rejected of the 20 shipped (0.25), 3 of them misused (0.15)
                "qty_rejected": lot if index in (4, 6, 12, 16, 18) else 0.0,
                "purpose_violation": index in (4, 12, 18),
            }
        )
    # the others' lead times make the average 30 days (integer days, as dates give them)
    others = [order for order in orders if not order["date_order"]]
    left = 30 * len(orders) - sum(
        (order["date_shipped"] - order["date_order"]).days
        for order in orders
        if order["date_order"]
    )
    for index, order in enumerate(others):
        lead = left // len(others) + (1 if index < left % len(others) else 0)
        order["date_order"] = order["date_shipped"] - datetime.timedelta(days=lead)
    return orders


def lot_size(annual_revenue, count=ORDERS_PER_PERIOD):
    """The tonnes of a typical order of a client buying ``annual_revenue`` a year in ``count``
    orders a quarter of the demo pipe, in steps of 5 t."""
    return max(5.0, 5.0 * round((annual_revenue or 0.0) / (4 * count * PRICE_PER_TONNE) / 5))


def _spread(rng, count, share):
    """A shuffled list of ``count`` booleans of which round(share * count) are true."""
    flags = [index < round(share * count) for index in range(count)]
    rng.shuffle(flags)
    return flags


def client_orders(rng, level, start, end, today, count=ORDERS_PER_PERIOD, lot=70.0):
    """``count`` orders shipped in [start, end] (up to today) by a client whose metrics run at
    ``level`` (metric_level: 0 best, 0.6 worst), as the imported values did before: that share
    of its orders ships early, as many late by up to a month and by more (at most all orders
    between them), short, rejected; counted, not drawn, so that a period of a few orders
    tells the client's story. An order is of about ``lot`` tonnes."""
    days = _ship_days(start, min(end, today), count)
    outside = min(count, round(1.8 * level * count))
    statuses = (["early", "late_1m", "late_2m"] * count)[:outside]
    statuses += ["in_window"] * (count - outside)
    rng.shuffle(statuses)
    short, rejected = _spread(rng, count, level), _spread(rng, count, level)
    ship_complete, even = _spread(rng, count, 0.4), _spread(rng, count, level)
    expedited = _spread(rng, count, 0.3)
    orders = []
    for index, (shipped, status) in enumerate(zip(days, statuses, strict=True)):
        window_start, window_end = _window(shipped, status)
        ordered = max(5.0, 5.0 * round(lot * rng.uniform(0.3, 1.7) / 5))  # t, about the lot
        sent = float(round(ordered * rng.uniform(0.2, 0.6))) if short[index] else ordered
        back = float(round(sent * rng.uniform(0.7, 1.0))) if rejected[index] else 0.0
        lead = _late_order_date(shipped, status, window_start, index)
        orders.append(
            {
                "status": status,
                "date_shipped": shipped,
                "window_start": window_start,
                "window_end": window_end,
                "date_order": lead
                or shipped - datetime.timedelta(days=rng.randint(5, int(10 + 150 * level))),
                "expedited": expedited[index],
                "ship_complete": ship_complete[index],
                "even_delivery": even[index],
                "qty_ordered": ordered,
                "qty_shipped": sent,
                "qty_rejected": back,
                "purpose_violation": bool(back) and rng.random() < 0.5,
            }
        )
    return orders


def generate(today, seed=SEED, lang=None):
    """The whole demo world for a given day, as plain dicts; same day and seed, same data
    (in the texts of `lang`, English by default)."""
    texts = load_texts(lang)
    rng = random.Random(seed)
    companies = _companies(rng, texts, today)
    feedback = _feedback(rng, texts, today, companies)
    # a second generator, so that revenue and actions leave the feedback as it always was
    extra = random.Random(seed + 1)
    for company in companies:
        company["annual_revenue"] = extra.randint(20, 600) * 100000
    return {
        "industries": {
            key: {"xml_id": xml_id, **texts["industries"].get(key, {})}
            for key, xml_id in INDUSTRIES.items()
        },
        "companies": companies,
        "feedback": feedback,
        "actions": _actions(extra, texts, today, companies, feedback),
    }


def topic_counts(feedback):
    """Mentions per topic code (a quality feedback carries the parent and one sub-topic)."""
    counts = {}
    for record in feedback:
        for topic in record["topics"]:
            counts[topic] = counts.get(topic, 0) + 1
    return counts
