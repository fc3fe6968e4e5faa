#!/usr/bin/env python3
"""Benchmark of the text model: training, suggestions and the bulk action on a large database.

Builds (once) COMMENTS tagged feedback with synthetic Russian and English comments (60 %
Russian, with the word forms varying) on eleven topics of the standard tree, and BULK untagged
ones, with bulk SQL inserts into a real database with cx_management installed; then times
`cx.feedback.cx_learn_topics()` (reading the feedback, training, measuring on the held-out
share, storing the model), `cx_suggest_topics()` per comment (after loading the stored model
in a fresh cache, as a new worker would) and the bulk action *Tag from Suggestions* on the
untagged feedback, and reports the peak resident memory of this process.

    python3 benchmarks/bench_topics.py [--db cx_bench_topics] [--comments 200000]
                                       [--bulk 10000] [--drop] [--no-update]

./cx test runs it at a tiny size so that a change that breaks it fails the test run.
Connection settings as ./cx: CX_DB_USER, CX_DB_PASSWORD, CX_DB_HOST, CX_DB_PORT.
"""

import argparse
import os
import random
import resource
import sys
import time

from bench_common import HERE, drop_database, lend_defaults, open_registry

LIMITS = {"train": 60.0, "suggest_ms": 20.0, "bulk": 30.0, "memory_mb": 1536}

# (topic xml id, Russian phrasings, English phrasings): the words vary in form on purpose
PHRASES = [
    (
        "quality_defects",
        [
            "брак в партии труб",
            "трещины на сварном шве",
            "дефекты на листах",
            "бракованные трубы",
            "трещина по шву",
        ],
        ["defects in the pipes", "cracks in the weld seam", "a defective batch"],
    ),
    (
        "quality_conformity",
        [
            "не соответствует нашим требованиям",
            "отклонение от ТУ",
            "марка стали не та",
            "размеры не по спецификации",
        ],
        ["does not meet our specification", "wrong steel grade", "out of tolerance"],
    ),
    (
        "quality_packaging",
        ["упаковка повреждена", "пачки плохо увязаны", "нет маркировки", "упаковку порвали"],
        ["damaged packaging", "bundles poorly strapped", "no labels on the bundles"],
    ),
    (
        "quality_claims_payment",
        [
            "претензию не оплатили",
            "долго рассматривают рекламацию",
            "компенсацию по претензии так и не получили",
        ],
        ["the claim is still unpaid", "the claim takes months", "no compensation for the claim"],
    ),
    (
        "quality_short_shipment",
        ["недогруз", "пришло меньше, чем в заказе", "недопоставка труб", "не хватило двух пачек"],
        ["short shipment", "fewer pipes than ordered", "two bundles missing"],
    ),
    (
        "quality_documents",
        [
            "сертификаты не приложили",
            "ошибки в счете-фактуре",
            "накладная с ошибкой",
            "нет паспорта качества",
        ],
        ["certificates missing", "errors in the invoice", "wrong delivery note"],
    ),
    (
        "quality_delivery_method",
        ["машина пришла не та", "просили вагон, прислали фуру", "доставка не тем транспортом"],
        ["wrong type of truck", "we asked for rail, got a truck"],
    ),
    (
        "quality_client_effort",
        ["пришлось самим перебирать партию", "простой бригады", "потеряли день на приемке"],
        ["our crew had to sort the batch", "lost a day at receiving"],
    ),
    (
        "quality_assortment",
        ["нет нужного размера", "узкий ассортимент", "не нашли нужную марку в наличии"],
        ["the size we need is not in stock", "narrow range of products"],
    ),
    (
        "discipline",
        [
            "доставка опоздала",
            "сорвали сроки отгрузки",
            "задержка поставки",
            "машина пришла позже срока",
            "перенесли отгрузку",
        ],
        ["the delivery was late", "shipment delayed", "missed the delivery date"],
    ),
    (
        "service",
        [
            "менеджер не отвечает",
            "долго ждали ответа менеджера",
            "не можем дозвониться до отдела продаж",
        ],
        ["the manager does not answer", "slow reply from sales", "nobody calls back"],
    ),
]
FILL_RU = [
    "",
    "опять",
    "в этот раз",
    "по заказу",
    "на прошлой неделе",
    "как обычно",
    "очень неприятно",
    "просим разобраться",
    "уже второй раз",
]
FILL_EN = [
    "",
    "again",
    "this time",
    "for our order",
    "last week",
    "as usual",
    "very annoying",
    "please look into it",
    "second time already",
]


def comments(count, seed=0):
    """(text, topic index) pairs: a phrase of one topic (sometimes two), filler words and a
    number, in Russian (60 %) or English."""
    rnd = random.Random(seed)
    for _index in range(count):
        topics = [rnd.randrange(len(PHRASES))]
        if rnd.random() < 0.1:
            topics.append(rnd.randrange(len(PHRASES)))
        russian = rnd.random() < 0.6
        parts = []
        for topic in topics:
            _xmlid, ru, en = PHRASES[topic]
            fill = FILL_RU if russian else FILL_EN
            parts.append(f"{rnd.choice(fill)} {rnd.choice(ru if russian else en)}")
        ending = rnd.choice(FILL_RU if russian else FILL_EN)
        yield f"{', '.join(parts)} {rnd.randint(1, 40)} {ending}", sorted(set(topics))


def populate(env, count, bulk):
    cr = env.cr
    cr.execute("SELECT count(*) FROM cx_feedback WHERE comment LIKE 'bench:%%'")
    if cr.fetchone()[0] >= count + bulk:
        print("bench: reusing the data already in the database", flush=True)
        return
    started = time.perf_counter()
    take_back = lend_defaults(env, "res.partner", "cx.feedback")
    company_id = env.ref("base.main_company").id
    cr.execute(
        """INSERT INTO res_partner (name, complete_name, is_company, active, type,
                                    create_date, write_date)
           SELECT 'Bench text client ' || n, 'Bench text client ' || n, true, true, 'contact',
                  now(), now()
             FROM generate_series(1, 200) n RETURNING id"""
    )
    clients = [row[0] for row in cr.fetchall()]
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [clients])
    topic_ids = [env.ref(f"cx_management.cx_topic_{xmlid}").id for xmlid, _ru, _en in PHRASES]
    rows = []
    for index, (text, topics) in enumerate(comments(count + bulk)):
        tagged = index < count
        rows.append(
            (
                f"bench: {text}",
                clients[index % len(clients)],
                [topic_ids[t] for t in topics] if tagged else [],
            )
        )
    field = env["cx.feedback"]._fields["topic_ids"]
    for start in range(0, len(rows), 20_000):
        chunk = rows[start : start + 20_000]
        cr.execute(
            """INSERT INTO cx_feedback (partner_id, commercial_partner_id, channel, date, user_id,
                                        comment, polarity, alert_state, company_id,
                                        create_date, write_date)
               SELECT c, c, 'interview', current_date - (n %% 90)::int, 2, t, 'complaint',
                      'none', %s, now(), now()
                 FROM unnest(%s::text[], %s::int[]) WITH ORDINALITY AS u(t, c, n)
               RETURNING id""",
            [company_id, [r[0] for r in chunk], [r[1] for r in chunk]],
        )
        ids = [row[0] for row in cr.fetchall()]
        pairs = [(fid, topic) for fid, r in zip(ids, chunk, strict=True) for topic in r[2]]
        if pairs:
            cr.execute(
                f"""INSERT INTO {field.relation} ({field.column1}, {field.column2})
                    SELECT * FROM unnest(%s::int[], %s::int[])""",  # noqa: S608 - Odoo's names
                [[p[0] for p in pairs], [p[1] for p in pairs]],
            )
    take_back()
    cr.commit()
    print(
        f"bench: {count} tagged and {bulk} untagged feedback inserted in "
        f"{time.perf_counter() - started:.1f} s",
        flush=True,
    )


def timed(results, name, func, limit, unit="s", per=1):
    started = time.perf_counter()
    value = func()
    seconds = time.perf_counter() - started
    figure = seconds * (1000 if unit == "ms" else 1) / per
    ok = "ok" if figure <= limit else "SLOW"
    results.append((name, figure, limit, ok))
    print(f"bench: {name:<58} {figure:8.2f} {unit} (limit {limit:.0f} {unit}) {ok}", flush=True)
    return value


def run(env, bulk):
    from odoo.addons.cx_management.models import cx_text_model

    results = []
    Feedback = env["cx.feedback"]
    evaluation = timed(
        results, "Training (read, learn, measure, store)", Feedback.cx_learn_topics, LIMITS["train"]
    )
    print(
        f"bench: {evaluation['examples']} comments, {evaluation['test']} held out: top-1 "
        f"{100 * (evaluation['top1'] or 0):.1f} %, top-3 {100 * (evaluation['top3'] or 0):.1f} %, "
        f"chance {100 * (evaluation['chance'] or 0):.1f} %",
        flush=True,
    )
    texts = [text for text, _topics in comments(1000, seed=7)]
    cx_text_model._LOADED.clear()
    timed(
        results,
        "Loading the stored model (a new worker's first call)",
        lambda: Feedback.cx_suggest_topics(texts[:1]),
        5.0,
    )
    timed(
        results,
        "Suggestion, one comment per call (1000 calls)",
        lambda: [Feedback.cx_suggest_topics([text]) for text in texts],
        LIMITS["suggest_ms"],
        unit="ms",
        per=len(texts),
    )
    untagged = Feedback.search(
        [("topic_ids", "=", False), ("comment", "like", "bench:%")], limit=bulk
    )
    env["ir.config_parameter"].set_param("cx_management.topic_suggestion_threshold", "0.5")
    timed(
        results,
        f"Tag from Suggestions on {len(untagged)} untagged feedback",
        lambda: (untagged.action_cx_apply_topic_suggestions(), env.flush_all()),
        LIMITS["bulk"],
    )
    tagged = Feedback.search_count([("id", "in", untagged.ids), ("topics_suggested", "=", True)])
    print(f"bench: {tagged} of {len(untagged)} tagged by the bulk action", flush=True)
    return results


def measure(env):
    """Train on the database's own tagged feedback and print the held-out figures."""
    evaluation = env["cx.feedback"].cx_learn_topics()
    pct = lambda value: f"{100 * value:.1f} %" if value is not None else "-"  # noqa: E731
    print(
        f"bench: {evaluation['status']}: {evaluation['examples']} tagged comments, "
        f"{evaluation['test']} held out; top-1 {pct(evaluation['top1'])}, "
        f"top-3 {pct(evaluation['top3'])}, chance {pct(evaluation['chance'])}",
        flush=True,
    )
    polarity = evaluation["polarity"] or {}
    print(
        f"bench: polarity: {polarity.get('examples', 0)} comments, accuracy "
        f"{pct(polarity.get('accuracy'))}, chance {pct(polarity.get('chance'))}",
        flush=True,
    )
    for row in evaluation["topics"]:
        topic = env["cx.topic"].browse(row["topic"])
        print(
            f"bench:   {topic.complete_name:<60} {row['state']:<10} {row['examples']:5d} "
            f"held out {row['test']:4d} precision {pct(row['precision'])} "
            f"recall {pct(row['recall'])}",
            flush=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="cx_bench_topics")
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--bulk", type=int, default=10_000)
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument(
        "--no-update",
        action="store_true",
        help="use an existing database as it is, without updating cx_management",
    )
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="only train on the feedback already in the database (the demo's) and print what "
        "the training measured per topic; nothing is kept",
    )
    args = parser.parse_args()
    sys.path.insert(0, HERE)
    import odoo
    from odoo import SUPERUSER_ID, api

    registry = open_registry(args.db, update=not args.no_update)
    if args.measure_only:
        with registry.cursor() as cr:
            measure(api.Environment(cr, SUPERUSER_ID, {}))
            cr.rollback()
        return
    with registry.cursor() as cr:
        populate(api.Environment(cr, SUPERUSER_ID, {}), args.comments, args.bulk)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"cx_no_alert": True})
        print(f"bench: CPUs: {os.cpu_count()}", flush=True)
        results = run(env, args.bulk)
        cr.rollback()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"bench: peak resident memory of this process {rss_mb:.0f} MiB "
        f"(limit {LIMITS['memory_mb']} MiB)",
        flush=True,
    )
    slow = [name for name, _f, _l, ok in results if ok != "ok"]
    if args.drop:
        odoo.modules.registry.Registry.delete(args.db)
        drop_database(args.db)
    print(
        "bench: "
        + (
            "all within limits"
            if not slow and rss_mb <= LIMITS["memory_mb"]
            else f"over the limit: {slow or 'memory'}"
        )
    )


if __name__ == "__main__":
    main()
