"""The "Orders" sheet of the CX workbook: the order facts per client, pandas frames in, no ORM."""

from .orders import ratio
from .workbook import _frame

ORDER_COLUMNS = [
    "client",
    "orders_shipped",
    "orders_late",
    "late_share",
    "days_late_avg",
    "orders_early",
    "orders_short",
    "short_share",
    "qty_shipped",
    "qty_rejected",
    "rejects_share",
]


def order_rows(groups):
    """One row per client from (client name, window status, short, count, shipped, rejected,
    days late) groups; shares in percent, None where nothing counted."""
    clients = {}
    for client, status, short, count, shipped, rejected, days in groups:
        row = clients.setdefault(
            client,
            {"client": client, "orders_shipped": 0, "orders_late": 0, "orders_early": 0,
             "orders_short": 0, "qty_shipped": 0.0, "qty_rejected": 0.0, "days": 0},
        )  # fmt: skip
        row["orders_shipped"] += count
        row["orders_late"] += count if status in ("late_1m", "late_2m") else 0
        row["orders_early"] += count if status == "early" else 0
        row["orders_short"] += count if short else 0
        row["qty_shipped"] += shipped or 0.0
        row["qty_rejected"] += rejected or 0.0
        row["days"] += days or 0
    rows = []
    for row in sorted(clients.values(), key=lambda row: row["client"]):
        row["late_share"] = percent(row["orders_late"], row["orders_shipped"])
        row["days_late_avg"] = ratio(row.pop("days"), row["orders_late"])
        row["short_share"] = percent(row["orders_short"], row["orders_shipped"])
        row["rejects_share"] = percent(row["qty_rejected"], row["qty_shipped"])
        rows.append(row)
    return rows


def percent(numerator, denominator):
    share = ratio(numerator, denominator)
    return None if share is None else 100.0 * share


def build_orders(sheets, payload):
    """The clients' orders shipped in the period: late, early, short, rejected."""
    sheets.table(
        "sheet_orders",
        _frame(payload, "orders", ORDER_COLUMNS),
        {
            "orders_shipped": "int",
            "orders_late": "int",
            "orders_early": "int",
            "orders_short": "int",
            "late_share": "pct",
            "short_share": "pct",
            "rejects_share": "pct",
            "days_late_avg": "float1",
            "qty_shipped": "float2",
            "qty_rejected": "float2",
        },
        title="sheet_orders",
    )
