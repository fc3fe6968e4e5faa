"""The "Spend x NPS" sheet of the CX workbook: pandas frames in, no ORM."""

import pandas as pd

from . import spend
from .workbook import _frame

GRID_GROUPS = [*spend.GROUPS, "not_heard"]
GRID_COLUMNS = ["band", *GRID_GROUPS, "total"]
CLIENT_COLUMNS = ["client", "band", "annual_revenue", "account_nps", "nps_group"]


def grid_frames(cells, band_labels):
    """Two frames of tools.spend.grid cells: clients and revenue per band (rows, largest
    revenue first) and NPS group (columns: promoter, passive, detractor, not heard)."""
    counts, revenues = [], []
    for key, label in reversed(band_labels):
        count_row, revenue_row = {"band": label}, {"band": label}
        for group in GRID_GROUPS:
            cell = cells.get((key, None if group == "not_heard" else group))
            count_row[group] = cell["count"] if cell else 0
            revenue_row[group] = cell["revenue"] if cell else 0.0
        count_row["total"] = sum(count_row[group] for group in GRID_GROUPS)
        revenue_row["total"] = sum(revenue_row[group] for group in GRID_GROUPS)
        counts.append(count_row)
        revenues.append(revenue_row)
    return (
        pd.DataFrame(counts, columns=GRID_COLUMNS),
        pd.DataFrame(revenues, columns=GRID_COLUMNS),
    )


def build_spend(sheets, payload):
    """Clients per revenue band and NPS group, their revenue, then the clients one by one."""
    count_formats = {key: "int" for key in (*GRID_GROUPS, "total")}
    worksheet, _first, last, _name = sheets.table(
        "sheet_spend", _frame(payload, "counts", GRID_COLUMNS), count_formats, title="sheet_spend"
    )
    start = max(last, 3) + 3
    worksheet.write(start, 0, sheets.label("spend_revenue_title"), sheets.formats["title"])
    _ws, _first, last, _name = sheets.table(
        None,
        _frame(payload, "revenues", GRID_COLUMNS),
        {key: "money" for key in (*GRID_GROUPS, "total")},
        start_row=start + 2,
        sheet=worksheet,
        filters=False,
    )
    start = last + 3
    worksheet.write(start, 0, sheets.label("spend_clients_title"), sheets.formats["title"])
    sheets.table(
        None,
        _frame(payload, "clients", CLIENT_COLUMNS),
        {"annual_revenue": "money", "account_nps": "float1"},
        start_row=start + 2,
        sheet=worksheet,
        filters=False,
    )
