"""Demo world of a steel and pipe supplier: clients, contacts, deals and feedback as plain data.

Everything is built by ``generate(today)`` with a seeded ``random.Random``, so the same day
always gives the same data. Codes refer to the module's reference data by xml id suffix:
stage ``usage`` is ``cx_journey_stage_usage``, process ``production`` is ``cx_process_production``,
topic ``quality_defects`` is ``cx_topic_quality_defects``, value element ``product_quality`` is
``cx_value_element_product_quality``, role ``economic`` is ``cx_contact_role_economic``.
"""

import datetime
import random

SEED = 20260318
DAYS_BACK = 364  # feedback dates lie in [today - DAYS_BACK, today]

# Industries: base's records where they fit, our own demo ones where they do not.
INDUSTRIES = {
    "oil_gas": {
        "xml_id": "cx_management.res_partner_industry_oil_gas_demo",
        "name": "Oil and gas",
        "full_name": "Oil and gas production and processing",
    },
    "machine_building": {
        "xml_id": "cx_management.res_partner_industry_machine_building_demo",
        "name": "Machine building",
        "full_name": "Machine building and heavy engineering",
    },
    "construction": {"xml_id": "base.res_partner_industry_F"},
    "energy": {"xml_id": "base.res_partner_industry_D"},
}

# key, name, industry, city, salesperson (admin/demo), mood: the share of praise it tends to give
COMPANIES = [
    ("yamal_gas", "Yamal Gas Production LLC", "oil_gas", "Novy Urengoy", "admin", 0.60),
    ("pechora_oilfield", "Pechora Oilfield Company JSC", "oil_gas", "Usinsk", "demo", 0.35),
    ("amur_gas", "Amur Gas Processing LLC", "oil_gas", "Svobodny", "admin", 0.50),
    ("taiga_drilling", "Taiga Drilling Services JSC", "oil_gas", "Surgut", "demo", 0.45),
    ("volga_pipeline", "Volga Pipeline Construction JSC", "construction", "Samara", "admin", 0.55),
    ("stolitsa_monolith", "Stolitsa Monolith LLC", "construction", "Moscow", "demo", 0.30),
    ("ob_bridge", "Ob Bridge Building Trust", "construction", "Novosibirsk", "admin", 0.65),
    (
        "kama_machine",
        "Kama Machine-Building Plant",
        "machine_building",
        "Naberezhnye Chelny",
        "demo",
        0.50,
    ),
    (
        "iset_heavy",
        "Iset Heavy Machinery Works",
        "machine_building",
        "Yekaterinburg",
        "admin",
        0.40,
    ),
    ("don_railcar", "Don Railcar Works JSC", "machine_building", "Rostov-on-Don", "demo", 0.55),
    (
        "chelyabinsk_boiler",
        "Chelyabinsk Boiler Works",
        "machine_building",
        "Chelyabinsk",
        "admin",
        0.45,
    ),
    ("yenisei_power", "Yenisei Power Generation PJSC", "energy", "Krasnoyarsk", "admin", 0.50),
    ("kuban_heat", "Kuban Heat Networks JSC", "energy", "Krasnodar", "demo", 0.35),
    ("ladoga_wind", "Ladoga Wind Power LLC", "energy", "Saint Petersburg", "demo", 0.60),
]

PRODUCTS = {
    "oil_gas": [
        "casing pipe 245x10 N80",
        "tubing 73x5.5 L80",
        "LSAW pipe 1220x18 K56",
        "seamless line pipe 325x10",
        "drill pipe 127x9.19 G105",
    ],
    "construction": [
        "rebar A500C 12 mm",
        "sheet piles L5-UM",
        "ERW pipe 530x8 for piles",
        "I-beams 40B1",
        "hot-rolled plate 20 mm S355",
    ],
    "machine_building": [
        "hot-rolled coil 4 mm S355MC",
        "cold-rolled sheet 1.5 mm",
        "seamless pipe 89x8 for hydraulic cylinders",
        "heavy plate 60 mm 09G2S",
        "round bar 80 mm 40Kh",
    ],
    "energy": [
        "boiler tube 38x4 12Kh1MF",
        "pre-insulated pipe 530x7",
        "seamless pipe 219x12 steel 20",
        "LSAW pipe 820x10 for heating mains",
        "tower steel sections",
    ],
}

# Opportunity names per industry; {product} is one of the industry's products.
DEALS = {
    "oil_gas": [
        "{product} for the winter drilling programme",
        "Annual frame contract: {product}",
        "{product} for the field gathering network",
    ],
    "construction": [
        "{product} for the new residential block",
        "Quarterly supply: {product}",
        "{product} for the bridge foundations",
    ],
    "machine_building": [
        "Annual frame contract: {product}",
        "{product} for the new product line",
        "Trial lot: {product}",
    ],
    "energy": [
        "{product} for the overhaul season",
        "Annual frame contract: {product}",
        "{product} for the heating main replacement",
    ],
}
DEAL_STAGES = ["crm.stage_lead1", "crm.stage_lead2", "crm.stage_lead3", "crm.stage_lead4"]

MALE_NAMES = [
    "Sergei",
    "Alexei",
    "Dmitry",
    "Andrei",
    "Nikolai",
    "Pavel",
    "Igor",
    "Mikhail",
    "Viktor",
    "Oleg",
    "Yuri",
    "Vladimir",
    "Roman",
    "Artem",
    "Konstantin",
    "Boris",
]
FEMALE_NAMES = [
    "Irina",
    "Olga",
    "Natalia",
    "Elena",
    "Tatiana",
    "Svetlana",
    "Marina",
    "Anna",
    "Yulia",
    "Ekaterina",
    "Lyudmila",
    "Vera",
]
SURNAMES = [
    "Volkov",
    "Kuznetsov",
    "Morozov",
    "Sokolov",
    "Lebedev",
    "Kozlov",
    "Novikov",
    "Orlov",
    "Zaitsev",
    "Pavlov",
    "Semenov",
    "Golubev",
    "Vinogradov",
    "Bogdanov",
    "Vorobyov",
    "Fedorov",
    "Mikhailov",
    "Belov",
    "Tarasov",
    "Belyaev",
    "Komarov",
    "Kiselev",
    "Makarov",
    "Andreev",
    "Kovalev",
    "Ilyin",
    "Gusev",
    "Titov",
    "Kuzmin",
    "Baranov",
    "Kulikov",
    "Alekseev",
    "Stepanov",
    "Yakovlev",
    "Sorokin",
    "Romanov",
    "Zakharov",
    "Borisov",
    "Korolev",
    "Gerasimov",
    "Ponomarev",
    "Grigoriev",
    "Frolov",
    "Medvedev",
    "Zhukov",
    "Nikitin",
]
FUNCTIONS = {
    "economic": [
        "Commercial Director",
        "Procurement Director",
        "Deputy General Director for Supply",
        "Chief Financial Officer",
        "Head of Procurement",
    ],
    "technical": [
        "Chief Engineer",
        "Head of Quality Control",
        "Chief Welding Engineer",
        "Lead Materials Engineer",
        "Chief Mechanical Engineer",
    ],
    "operator": [
        "Pipe Yard Supervisor",
        "Warehouse Manager",
        "Shop Foreman",
        "Incoming Inspection Foreman",
        "Site Logistics Coordinator",
    ],
}
ROLES = ("economic", "technical", "operator")
STREETS = [
    "Promyshlennaya St.",
    "Zavodskaya St.",
    "Neftyanikov Ave.",
    "Energetikov St.",
    "Mashinostroiteley St.",
    "Stroiteley Ave.",
    "Sovetskaya St.",
    "Lenina Ave.",
]

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

ECON, TECH, OPER = "economic", "technical", "operator"
# Per category: (stage, process, roles who would say it, comment, value elements).
# Placeholders: {product} {tons} {days} {weeks} {n} {pct} {ref}.
TEMPLATES = {
    "praise": [
        (
            "awareness",
            "events",
            (ECON,),
            "Met your team at the industry exhibition: a clear "
            "catalogue and a quick follow-up the next week.",
            ["information", "expertise"],
        ),
        (
            "awareness",
            "active_sales",
            (ECON,),
            "Your account manager came to us with an offer on "
            "{product} before we even sent a request.",
            ["responsiveness", "reduced_effort"],
        ),
        (
            "awareness",
            "pr",
            (ECON,),
            "Read your commercial director's interview on stable lead "
            "times; that is why we asked you for an offer.",
            ["reputational_assurance", "stability"],
        ),
        (
            "awareness",
            "digital",
            (TECH,),
            "The online catalogue with standards and steel grades for "
            "{product} saved our engineers a lot of time.",
            ["information", "time_savings"],
        ),
        (
            "deal",
            "negotiation",
            (ECON, TECH),
            "The commercial offer for {product} came within a day, "
            "with every technical question answered.",
            ["responsiveness", "time_savings"],
        ),
        (
            "deal",
            "negotiation",
            (ECON,),
            "Quick answers on every request this quarter; the account "
            "manager always calls back the same day.",
            ["responsiveness"],
        ),
        (
            "deal",
            "pricing",
            (ECON,),
            "The price for {product} was competitive and fixed for the "
            "whole quarter, easy to budget.",
            ["acceptable_price", "stability"],
        ),
        (
            "deal",
            "delivery_terms",
            (ECON, OPER),
            "Delivery terms agreed quickly: shipment to our site by truck, as we asked.",
            ["flexibility"],
        ),
        (
            "deal",
            "deal_planning",
            (ECON,),
            "You found a slot in the rolling plan for {tons} t of "
            "{product} in the month we needed.",
            ["availability", "flexibility"],
        ),
        (
            "usage",
            "specification",
            (TECH,),
            "Your engineers helped us fit the specification of "
            "{product} to our welding procedure; no surprises at acceptance.",
            ["expertise", "meeting_specifications"],
        ),
        (
            "usage",
            "production",
            (TECH,),
            "Mill certificates for {product} came with every lot and "
            "matched the actual properties.",
            ["product_quality", "regulatory_compliance"],
        ),
        (
            "usage",
            "order_status",
            (ECON, OPER),
            "Order status updates every week without us asking; we "
            "always know where the {product} is.",
            ["transparency", "information"],
        ),
        (
            "usage",
            "expedited",
            (ECON,),
            "The expedited order for {tons} t of {product} was shipped "
            "in {days} days, as promised.",
            ["commitment", "responsiveness"],
        ),
        (
            "usage",
            "internal_logistics",
            (OPER,),
            "Bundles marked clearly, heat numbers readable: "
            "easy to unload and sort on the pipe yard.",
            ["organization", "reduced_effort"],
        ),
        (
            "post",
            "delivery",
            (OPER,),
            "Delivery came inside the agreed window, full quantity, no damage to the pipe ends.",
            ["commitment", "product_quality"],
        ),
        (
            "post",
            "delivery",
            (OPER, ECON),
            "The railcars arrived on the day your dispatcher announced; unloading went to plan.",
            ["information", "organization"],
        ),
        (
            "post",
            "claims",
            (TECH,),
            "The claim on two pipes with lamination was closed in "
            "{days} days; your inspector came to our site.",
            ["responsiveness", "risk_reduction"],
        ),
        (
            "post",
            "quality_improvement",
            (TECH,),
            "After last year's claims the ovality of "
            "{product} is stable; we stopped 100% incoming inspection.",
            ["product_quality", "reduced_effort"],
        ),
        (
            "post",
            "client_meetings",
            (ECON,),
            "The quarterly meeting with your sales "
            "director was useful: next year's plan agreed in one day.",
            ["connection", "stability"],
        ),
        (
            "post",
            "joint_projects",
            (ECON, TECH),
            "The joint project on a new steel grade for "
            "{product} goes well; your lab is very helpful.",
            ["innovation", "expertise"],
        ),
        (
            "post",
            "results_review",
            (ECON,),
            "You kept every agreement of the annual "
            "contract; we will increase the volume next year.",
            ["commitment", "cost_reduction"],
        ),
        (
            "post",
            "partners",
            (ECON, OPER),
            "The service centre you brought in cuts {product} "
            "to length for us and saves us a whole operation.",
            ["simplification", "reduced_effort"],
        ),
    ],
    "complaint": [
        (
            "awareness",
            "active_sales",
            (ECON,),
            "Your new account manager does not know our history; "
            "we have to explain everything again.",
            ["connection", "expertise"],
        ),
        (
            "awareness",
            "digital",
            (TECH,),
            "The website shows {product} as available, but the sales "
            "office says it is not in the plan.",
            ["information"],
        ),
        (
            "deal",
            "pricing",
            (ECON,),
            "The price for {product} went up {pct}% without warning in the middle of the quarter.",
            ["acceptable_price", "stability"],
        ),
        (
            "deal",
            "negotiation",
            (ECON, TECH),
            "We waited {days} days for a commercial offer on "
            "{product}; a competitor answered in two.",
            ["responsiveness", "time_savings"],
        ),
        (
            "deal",
            "negotiation",
            (TECH,),
            "Nobody could answer our technical questions on {product}; "
            "the request went round three departments.",
            ["expertise"],
        ),
        (
            "deal",
            "delivery_terms",
            (ECON,),
            "You insist on full prepayment; other mills give us 30 days of deferral.",
            ["flexibility"],
        ),
        (
            "usage",
            "order_status",
            (ECON, OPER),
            "We have to call three times to learn the status of order {ref}.",
            ["transparency", "information"],
        ),
        (
            "usage",
            "specification",
            (TECH,),
            "The specification for {product} had to be redone twice "
            "because of your internal product codes.",
            ["simplification", "reduced_effort"],
        ),
        (
            "post",
            "results_review",
            (ECON,),
            "The volume discount was not applied to the "
            "last invoices; our finance department is still checking.",
            ["commitment"],
        ),
        (
            "post",
            "client_meetings",
            (ECON,),
            "The meeting on next year's volumes was postponed twice by your side.",
            ["commitment", "connection"],
        ),
    ],
    "discipline": [
        (
            "post",
            "delivery",
            (OPER, ECON),
            "The shipment of {tons} t of {product} came {days} "
            "days outside the delivery window; the site stood idle.",
            ["commitment", "risk_reduction"],
        ),
        (
            "usage",
            "resequencing",
            (ECON,),
            "Our order was moved in the rolling plan without asking "
            "us; the new date is {weeks} weeks later.",
            ["commitment", "transparency"],
        ),
        (
            "usage",
            "delivery_agreement",
            (ECON, OPER),
            "Deliveries agreed after the fact: the railcars came before the paperwork.",
            ["organization"],
        ),
        (
            "usage",
            "expedited",
            (ECON,),
            "We paid for the expedited class and the {product} still shipped {days} days late.",
            ["commitment"],
        ),
        (
            "deal",
            "delivery_terms",
            (ECON,),
            "The delivery date in the contract was confirmed, then changed the next week.",
            ["stability", "commitment"],
        ),
        (
            "usage",
            "usage_planning",
            (ECON,),
            "Order {ref} did not get into this month's production plan as promised.",
            ["availability", "commitment"],
        ),
        (
            "post",
            "delivery",
            (OPER,),
            "Trucks arrive at night without notice; our warehouse works one shift.",
            ["organization", "decreased_hassles"],
        ),
    ],
    "deterioration": [
        (
            "usage",
            "order_status",
            (ECON,),
            "Last year we had weekly status reports; now we must ask for each order.",
            ["information"],
        ),
        (
            "post",
            "delivery",
            (OPER, ECON),
            "Punctuality got worse since spring: three of the last five lots were late.",
            ["commitment"],
        ),
        (
            "deal",
            "negotiation",
            (ECON,),
            "Answers to requests are slower than a year ago; an offer takes a week now.",
            ["responsiveness"],
        ),
        (
            "usage",
            "production",
            (TECH,),
            "The surface of {product} is worse than under the previous "
            "contract; more grinding on our side.",
            ["product_quality"],
        ),
        (
            "post",
            "claims",
            (TECH,),
            "Claims used to be settled within a month; the last one "
            "has been open for {weeks} weeks.",
            ["responsiveness"],
        ),
    ],
    "quality_defects": [
        (
            "post",
            "claims",
            (TECH,),
            "{n} pipes of the last lot of {product} had lamination "
            "found by ultrasonic testing; claim filed.",
            ["product_quality", "risk_reduction"],
        ),
        (
            "post",
            "quality_improvement",
            (TECH,),
            "Repeated weld seam defects on {product}: the third claim this year.",
            ["product_quality"],
        ),
        (
            "usage",
            "production",
            (TECH, OPER),
            "Rolled-in scale and dents on the {product}; our "
            "inspectors rejected {n} pieces at incoming inspection.",
            ["product_quality", "reduced_effort"],
        ),
        (
            "post",
            "claims",
            (OPER,),
            "Pipe ends damaged, bevels out of tolerance on {n} pipes; field welding delayed.",
            ["product_quality"],
        ),
        (
            "post",
            "quality_improvement",
            (TECH,),
            "Ovality of {product} out of tolerance "
            "again; we cannot use the automatic welding line.",
            ["product_quality"],
        ),
        (
            "post",
            "investment",
            (ECON, TECH),
            "Systemic cracking at bending of {product}; we "
            "expect a plan from your mill, not one more claim.",
            ["product_quality", "risk_reduction"],
        ),
    ],
    "quality_conformity": [
        (
            "usage",
            "specification",
            (TECH,),
            "The mill certificate shows impact toughness at -20 °C; "
            "our specification asks for -40 °C.",
            ["meeting_specifications", "regulatory_compliance"],
        ),
        (
            "usage",
            "production",
            (TECH,),
            "Carbon equivalent of {product} at the edge of our limit, "
            "too high for our welding procedure.",
            ["meeting_specifications"],
        ),
        (
            "post",
            "quality_improvement",
            (TECH,),
            "Our extra hardness requirement was lost between the contract and the mill order.",
            ["meeting_specifications", "commitment"],
        ),
    ],
    "quality_packaging": [
        (
            "usage",
            "internal_logistics",
            (OPER,),
            "Bundles of {product} came without end caps and "
            "spacers; the pipe ends rusted on the way.",
            ["product_quality", "decreased_hassles"],
        ),
    ],
    "quality_claims_payment": [
        (
            "post",
            "claims",
            (ECON,),
            "The claim was accepted three months ago and is still not paid.",
            ["commitment", "risk_reduction"],
        ),
    ],
    "quality_short_shipment": [
        (
            "post",
            "delivery",
            (OPER,),
            "Short shipment: {n} t less {product} than in the "
            "invoice; we had to re-plan the shift.",
            ["commitment"],
        ),
    ],
    "quality_documents": [
        (
            "usage",
            "ownership",
            (OPER, ECON),
            "The waybill and the invoice numbers did not match; the "
            "railcars stood at the station for two days.",
            ["decreased_hassles"],
        ),
    ],
    "quality_delivery_method": [
        (
            "deal",
            "delivery_terms",
            (OPER, ECON),
            "You ship only by rail; our site has no siding and trucks would save us a transfer.",
            ["flexibility", "configurability"],
        ),
    ],
    "quality_client_effort": [
        (
            "post",
            "claims",
            (TECH,),
            "To file a claim we must send samples to your mill at "
            "our cost; it takes our lab a week.",
            ["reduced_effort"],
        ),
    ],
    "quality_assortment": [
        (
            "deal",
            "negotiation",
            (ECON,),
            "You do not roll {product} in the lengths we need; we buy the rest elsewhere.",
            ["variety", "availability"],
        ),
    ],
    "service": [
        (
            "usage",
            "order_status",
            (ECON, OPER),
            "Your sales support does not answer after 4 p.m. "
            "Moscow time, and we are four hours ahead.",
            ["responsiveness", "availability"],
        ),
        (
            "deal",
            "negotiation",
            (ECON,),
            "Quick answers from the account manager, but the back "
            "office takes days to issue the contract.",
            ["responsiveness", "time_savings"],
        ),
        (
            "post",
            "client_meetings",
            (ECON,),
            "We would like one contact for all questions instead of five departments.",
            ["simplification", "connection"],
        ),
        (
            "usage",
            "ownership",
            (ECON,),
            "Closing documents arrive two weeks after the shipment; our "
            "accountants close the month without them.",
            ["decreased_hassles", "integration"],
        ),
        (
            "post",
            "delivery",
            (OPER,),
            "The driver had no contact for your dispatcher; we "
            "could not find out when the truck would come.",
            ["information"],
        ),
    ],
    "neutral": [
        ("deal", "pricing", (ECON,), "Prices at the market level; nothing special to add.", []),
        (
            "usage",
            "order_status",
            (OPER, ECON),
            "Order {ref} went as planned, nothing to note.",
            [],
        ),
        (
            "post",
            "delivery",
            (OPER,),
            "Delivery on time; a few paperwork questions still open.",
            [],
        ),
        (
            "awareness",
            "events",
            (ECON,),
            "Saw your stand at the forum; we will consider you for the next tender.",
            [],
        ),
        (
            "post",
            "client_meetings",
            (ECON,),
            "A routine meeting; we expect the new price list before deciding on volumes.",
            [],
        ),
        (
            "usage",
            "specification",
            (TECH,),
            "Specification for {product} agreed; acceptance inspection next month.",
            [],
        ),
    ],
}

CHANNEL_WEIGHTS = {
    "awareness": {"meeting": 4, "interview": 3, "survey": 2, "email": 1},
    "deal": {"interview": 4, "meeting": 3, "email": 2, "survey": 1, "chatbot": 1},
    "usage": {"interview": 3, "email": 3, "portal": 2, "button": 2, "chatbot": 1, "call": 1},
    "post": {"call": 4, "interview": 3, "survey": 2, "email": 1, "button": 1, "other": 1},
}
ROLE_WEIGHTS = {"economic": 40, "technical": 32, "operator": 28}
NPS_SHARE = {"economic": 0.8, "technical": 0.55, "operator": 0.45}


# Improvement actions of the demo, by the process they improve: title, what the client is told.
ACTION_TEXTS = {
    "order_status": (
        "Order status e-mails at every production and shipment step",
        "You now receive an e-mail when your order enters production, is ready, is shipped "
        "and is delivered.",
    ),
    "negotiation": (
        "One account manager answers commercial questions within a day",
        "Your account manager answers every question on prices and terms within one working day.",
    ),
    "delivery": (
        "Delivery windows agreed per shipment and confirmed the day before",
        "Each shipment gets an agreed delivery window, confirmed to you the day before.",
    ),
    "claims": (
        "Claims settled within 10 working days with a named owner",
        "Every claim has a named owner and a decision within 10 working days.",
    ),
    "delivery_terms": (
        "Delivery terms checked with the plant before they are promised",
        "Lead times are confirmed with the plant before we promise them to you.",
    ),
    "specification": (
        "Specification checklist for packaging, marking and documents",
        "Packaging, marking and documents are agreed in a checklist with every specification.",
    ),
    "client_meetings": (
        "Quarterly review meetings with the client's buyers and engineers",
        "We meet your buyers and engineers every quarter to review our work together.",
    ),
    "active_sales": (
        "Offers prepared from the client's consumption plan",
        "Our offers now follow your consumption plan instead of a standard price list.",
    ),
    "delivery_agreement": (
        "Shipment schedule agreed a month ahead",
        "The shipment schedule is agreed with you a month ahead.",
    ),
    "results_review": (
        "Yearly results review with the client's management",
        "Once a year we review the results of our cooperation with your management.",
    ),
    "pricing": (
        "Price formula published for the contract term",
        "The price formula for the whole contract term is written into the contract.",
    ),
    "digital": (
        "Certificates and documents online in the customer portal",
        "Certificates and shipping documents are available in your customer portal.",
    ),
    "expedited": (
        "Expedited service class with a guaranteed lead time",
        "Urgent orders can be placed in an expedited class with a guaranteed lead time.",
    ),
    "production": (
        "Production slot reserved for the client's monthly volume",
        "A production slot is reserved every month for your volume.",
    ),
    "resequencing": (
        "Order changes accepted up to five days before production",
        "You can change an order up to five days before it enters production.",
    ),
    "usage_planning": (
        "Joint consumption planning with the client's operators",
        "We plan consumption together with your operators.",
    ),
    "ownership": (
        "Goods insured until unloading at the client's site",
        "Goods are insured by us until they are unloaded at your site.",
    ),
    "investment": (
        "Investment plan shared with key clients",
        "Our investment plan is shared with you, so you can plan on our new capacities.",
    ),
}
# The stages the demo actions go through, in turn, so every column of the kanban has cards.
ACTION_STAGES = ["done", "in_progress", "planned", "done", "new", "in_progress", "planned"]


def _pick(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _scores(rng, category, role):
    """CSI and NPS that agree with the topic: praise high, complaints low, neutral between."""
    if category == "praise":
        csi = rng.choice([5, 5, 5, 4, 4])
        nps = rng.choice([10, 10, 9, 9, 9, 8])
    elif category == "neutral":
        csi = 3
        nps = rng.choice([7, 7, 8])
    else:
        low = category.startswith("quality") or category == "discipline"
        csi = rng.choice([1, 2, 2, 3] if low else [2, 3, 3])
        nps = rng.choice([0, 2, 3, 4, 5, 6] if low else [3, 4, 5, 6, 6])
    if rng.random() < 0.05 and category != "neutral":
        return None, nps  # a contact who only answered the NPS question
    if rng.random() >= NPS_SHARE[role]:
        nps = None
    return csi, nps


def _person(rng, used_surnames):
    surname = rng.choice([s for s in SURNAMES if s not in used_surnames])
    used_surnames.add(surname)
    if rng.random() < 0.35:
        return rng.choice(FEMALE_NAMES), surname + "a"
    return rng.choice(MALE_NAMES), surname


def _companies(rng, today):
    companies, used = [], set()
    for index, (key, name, industry, city, user, mood) in enumerate(COMPANIES):
        domain = key.replace("_", "") + ".example"
        contacts = []
        for role in ROLES:
            first, last = _person(rng, used)
            contacts.append(
                {
                    "key": f"{key}_{role}",
                    "name": f"{first} {last}",
                    "role": role,
                    "function": rng.choice(FUNCTIONS[role]),
                    "email": f"{first[0].lower()}.{last.lower()}@{domain}",
                    "phone": f"+7 9{rng.randint(10, 99)} {rng.randint(100, 999)}-"
                    f"{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                }
            )
        products = PRODUCTS[industry]
        deals = []
        patterns = rng.sample(DEALS[industry], rng.randint(2, 3))
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
                }
            )
        companies.append(
            {
                "key": key,
                "name": name,
                "industry": industry,
                "street": f"{rng.randint(1, 60)} {STREETS[index % len(STREETS)]}",
                "city": city,
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


def _feedback(rng, today, companies):
    categories = [c for c, count in TOPIC_QUOTAS.items() for _ in range(count)]
    rng.shuffle(categories)
    records = []
    for category in categories:
        role = _pick(rng, ROLE_WEIGHTS)
        fitting = [t for t in TEMPLATES[category] if role in t[2]]
        stage, process, roles, text, values = rng.choice(fitting or TEMPLATES[category])
        if role not in roles:
            role = rng.choice(roles)
        if category == "praise":
            weights = [c["mood"] for c in companies]
        elif category == "neutral":
            weights = [0.5] * len(companies)
        else:
            weights = [1 - c["mood"] for c in companies]
        company = rng.choices(companies, weights=weights)[0]
        date = today - datetime.timedelta(days=rng.randint(0, DAYS_BACK))
        comment = text.format(
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
        csi, nps = _scores(rng, category, role)
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


def _actions(rng, today, companies, feedback):
    """Per client, an improvement action on each of its two most complained-about processes,
    with the complaints it answers (indexes into `feedback`)."""
    actions = []
    for company in companies:
        complaints = {}
        for index, record in enumerate(feedback):
            if (
                record["company"] == company["key"]
                and record["topics"] not in ([], ["praise"])
                and record["process"] in ACTION_TEXTS
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
            title, summary = ACTION_TEXTS[process]
            actions.append(
                {
                    "key": f"{company['key']}_{process}",
                    "company": company["key"],
                    "contact": feedback[indexes[-1]]["contact"],
                    "user": company["user"],
                    "process": process,
                    "name": title,
                    "summary": summary,
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


def generate(today, seed=SEED):
    """The whole demo world for a given day, as plain dicts; same day and seed, same data."""
    rng = random.Random(seed)
    companies = _companies(rng, today)
    feedback = _feedback(rng, today, companies)
    # a second generator, so that revenue and actions leave the feedback as it always was
    extra = random.Random(seed + 1)
    for company in companies:
        company["annual_revenue"] = extra.randint(20, 600) * 100000
    return {
        "industries": INDUSTRIES,
        "companies": companies,
        "feedback": feedback,
        "actions": _actions(extra, today, companies, feedback),
    }


def topic_counts(feedback):
    """Mentions per topic code (a quality feedback carries the parent and one sub-topic)."""
    counts = {}
    for record in feedback:
        for topic in record["topics"]:
            counts[topic] = counts.get(topic, 0) + 1
    return counts
