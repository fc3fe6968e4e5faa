"""The "Requirements" sheet of the CX workbook: pandas frames in, no ORM."""

from .workbook import _frame

REQUIREMENT_COLUMNS = [
    "client",
    "segment",
    "aspect",
    "requirement",
    "importance",
    "scope",
    "specification",
    "valid_from",
    "valid_to",
    "state",
]
NOT_MET_COLUMNS = ["aspect", "not_met", "decided", "share_met"]


def build_requirements(sheets, payload):
    """The clients' requirements, then the aspects ranked by how often they were not met."""
    frame = _frame(payload, "requirements", REQUIREMENT_COLUMNS)
    worksheet, _first, last, _name = sheets.table(
        "sheet_requirements",
        frame,
        {"importance": "int"},
        title="sheet_requirements",
    )
    ranking = _frame(payload, "not_met", NOT_MET_COLUMNS)
    start = max(last, 3) + 3
    worksheet.write(start, 0, sheets.label("not_met_title"), sheets.formats["title"])
    sheets.table(
        None,
        ranking,
        {"not_met": "int", "decided": "int", "share_met": "pct"},
        start_row=start + 2,
        sheet=worksheet,
    )
