"""The "Coverage" sheet of the CX workbook: pandas frames in, no ORM."""

from .workbook import _frame

SUMMARY_COLUMNS = ["figure", "coverage_share", "coverage_target", "coverage_met"]
CLIENT_COLUMNS = ["client", "salesperson", "annual_revenue", "coverage_heard", "last_heard"]
FUNNEL_COLUMNS = ["rule", "wave", "invited", "reminded", "answered", "answered_after", "rate"]


def build_coverage(sheets, payload):
    """Company-wide coverage against the target, then each client with the roles heard in
    the period and when each role's contacts were last heard, then the response funnel."""
    sheets.labels = {**sheets.labels, **payload.get("labels", {})}
    summary = _frame(payload, "summary", SUMMARY_COLUMNS)
    worksheet, _first, last, _name = sheets.table(
        "sheet_coverage",
        summary,
        {"coverage_share": "pct", "coverage_target": "pct"},
        title="sheet_coverage",
        filters=False,
    )
    clients = payload.get("clients")
    if clients is None:
        clients = _frame(payload, "clients", CLIENT_COLUMNS)
    formats = {"annual_revenue": "money"}
    start = max(last, 3) + 3
    worksheet.write(start, 0, sheets.label("coverage_clients_title"), sheets.formats["title"])
    _ws, _first, last, _name = sheets.table(
        None, clients, formats, start_row=start + 2, sheet=worksheet
    )
    funnel = _frame(payload, "funnel", FUNNEL_COLUMNS)
    start = max(last, start + 3) + 3
    worksheet.write(start, 0, sheets.label("funnel_title"), sheets.formats["title"])
    sheets.table(
        None,
        funnel,
        {
            "invited": "int",
            "reminded": "int",
            "answered": "int",
            "answered_after": "int",
            "rate": "pct",
        },
        start_row=start + 2,
        sheet=worksheet,
    )
