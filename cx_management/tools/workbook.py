"""The CX workbook: pandas frames in, a formatted .xlsx (bytes) out; no ORM.

Sections are builders by name (SECTIONS holds this module's); each gets a Sheets helper and its
own payload (a dict of frames) and writes one or more sheets. A caller with a section of its own
passes its builder to build_workbook() in `builders`: nothing is registered at import, since
module globals are shared by every database a server serves.
"""

import datetime
import io
import re
from types import MappingProxyType

import pandas as pd

MAX_SHEET_NAME = 31


class Sheets:
    """Formats, translated labels and a table writer shared by the section builders."""

    def __init__(self, writer, labels):
        self.writer = writer
        self.book = writer.book
        self.labels = labels or {}
        self.used_names = set()
        add = self.book.add_format
        self.formats = {
            "title": add({"bold": True, "font_size": 14}),
            "header": add(
                {
                    "bold": True,
                    "bg_color": "#1F4E78",
                    "font_color": "#FFFFFF",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "vcenter",
                }
            ),
            "text": add({}),
            "bold": add({"bold": True}),
            "int": add({"num_format": "#,##0"}),
            "float1": add({"num_format": "0.0"}),
            "float2": add({"num_format": "0.00"}),
            "pct": add({"num_format": "0.0\\%"}),
            # Excel's built-in short date: shown in the reader's own date format
            "date": add({"num_format": 14}),
            "ratio": add({"num_format": "0%"}),
            "money": add({"num_format": "#,##0.00"}),
            "note": add({"italic": True, "font_color": "#7F7F7F"}),
            "focus": add({"bg_color": "#FCE4D6"}),
        }

    def label(self, key):
        return self.labels.get(key, key)

    def sheet_name(self, key):
        """A valid, unique Excel sheet name from a translated label."""
        name = re.sub(r"[\[\]:*?/\\]", " ", self.label(key)).strip()[:MAX_SHEET_NAME] or "Sheet"
        base, index = name, 2
        while name.lower() in self.used_names:
            suffix = f" ({index})"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
            index += 1
        self.used_names.add(name.lower())
        return name

    def table(
        self,
        sheet_key,
        frame,
        formats=None,
        title=None,
        start_row=0,
        start_col=0,
        sheet=None,
        filters=True,
    ):
        """Write `frame` (columns are label keys) with a title, a formatted header, frozen
        panes, an autofilter and number formats; an empty frame gets its header and a note.

        Returns (worksheet, first data row, last data row, sheet name).
        """
        formats = formats or {}
        if sheet is None:
            name = self.sheet_name(sheet_key)
            worksheet = self.book.add_worksheet(name)
            self.writer.sheets[name] = worksheet
        else:
            worksheet, name = sheet, sheet.get_name()
        row = start_row
        if title:
            worksheet.write(row, start_col, self.label(title), self.formats["title"])
            row += 2
        header_row = row
        columns = list(frame.columns)
        for col, key in enumerate(columns):
            worksheet.write(header_row, start_col + col, self.label(key), self.formats["header"])
            width = max([len(str(self.label(key)))] + [len(str(v)) for v in frame[key].head(200)])
            worksheet.set_column(start_col + col, start_col + col, min(max(width + 2, 10), 60))
        first = header_row + 1
        if frame.empty:
            worksheet.write(first, start_col, self.label("no_data"), self.formats["note"])
            last = first - 1
        else:
            for offset, values in enumerate(frame.itertuples(index=False, name=None)):
                for col, (key, value) in enumerate(zip(columns, values, strict=True)):
                    fmt = self.formats[formats.get(key, "text")]
                    if value is None or (not isinstance(value, str) and pd.isna(value)):
                        worksheet.write_blank(first + offset, start_col + col, None, fmt)
                    elif isinstance(value, datetime.date):
                        # a real Excel date (a number with a date format), not text
                        worksheet.write_datetime(
                            first + offset,
                            start_col + col,
                            value,
                            self.formats[formats.get(key, "date")],
                        )
                    else:
                        worksheet.write(first + offset, start_col + col, value, fmt)
            last = first + len(frame) - 1
        if sheet is None:
            worksheet.freeze_panes(first, start_col + 1 if len(columns) > 1 else 0)
            if filters and columns:
                worksheet.autofilter(
                    header_row,
                    start_col,
                    max(last, header_row),
                    start_col + len(columns) - 1,
                )
        return worksheet, first, last, name


def build_workbook(payloads, sections, labels=None, builders=None):
    """The .xlsx bytes of the given sections, in order; unknown names are refused.

    :param builders: section name -> builder, by default this module's SECTIONS
    """
    builders = SECTIONS if builders is None else builders
    unknown = [name for name in sections if name not in builders]
    if unknown:
        raise ValueError(f"unknown workbook sections: {unknown}")
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        sheets = Sheets(writer, labels)
        for name in sections:
            builders[name](sheets, payloads.get(name) or {})
        if not sections:
            worksheet = writer.book.add_worksheet(sheets.sheet_name("no_section"))
            worksheet.write(0, 0, sheets.label("no_section"), sheets.formats["note"])
        for worksheet in writer.book.worksheets():
            set_print_layout(worksheet)
    return buffer.getvalue()


def set_print_layout(worksheet):
    """Printed or saved as PDF for management, a sheet is landscape A4, one page wide, with
    its sheet name and page number in the footer."""
    worksheet.set_landscape()
    worksheet.set_paper(9)  # A4
    worksheet.fit_to_pages(1, 0)
    worksheet.set_footer("&L&A&R&P / &N")


def _frame(payload, key, columns):
    frame = payload.get(key)
    if frame is None:
        return pd.DataFrame(columns=columns)
    return frame[columns] if not frame.empty else pd.DataFrame(columns=columns)


# ---- sections ----

# Column keys of the sheets whose frames the wizard builds (labels come from the wizard).
PROCESS_COLUMNS = ["rank", "process", "stage", "complaints", "share", "csi", "clients", "focus"]
REVENUE_COLUMNS = ["client", "annual_revenue", "csi", "nps", "probability", "revenue_at_risk"]


def build_pareto(sheets, payload):
    """Topics by the feedback naming them, with share and cumulative share (sub-topics
    indented under their main topic, METHODOLOGY section 9) and a column + cumulative line
    chart of main topics."""
    columns = ["topic", "mentions", "share", "cumulative_share"]
    frame = payload.get("topics")
    if frame is None or frame.empty:
        frame = pd.DataFrame(columns=columns + ["level"])
    display = frame.copy()
    display["topic"] = [
        ("    — " + str(topic)) if level else str(topic)
        for topic, level in zip(display["topic"], display["level"], strict=True)
    ]
    worksheet, first, _last, name = sheets.table(
        "sheet_pareto",
        display[columns],
        {"mentions": "int", "share": "pct", "cumulative_share": "pct"},
        title="sheet_pareto",
    )
    main = frame[frame["level"] == 0] if not frame.empty else frame
    for offset, (_index, level) in enumerate(frame["level"].items()):
        if level == 0:
            worksheet.set_row(first + offset, None, sheets.formats["bold"])
    if main.empty:
        return
    # chart data: main topics only, to the right of the table
    chart_col = len(columns) + 1
    chart_frame = main[["topic", "mentions", "cumulative_share"]]
    _ws, c_first, c_last, _name = sheets.table(
        None,
        chart_frame,
        {"mentions": "int", "cumulative_share": "pct"},
        start_row=2,
        start_col=chart_col,
        sheet=worksheet,
    )
    chart = sheets.book.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": sheets.label("mentions"),
            "categories": [name, c_first, chart_col, c_last, chart_col],
            "values": [name, c_first, chart_col + 1, c_last, chart_col + 1],
            "fill": {"color": "#1F4E78"},
        }
    )
    line = sheets.book.add_chart({"type": "line"})
    line.add_series(
        {
            "name": sheets.label("cumulative_share"),
            "categories": [name, c_first, chart_col, c_last, chart_col],
            "values": [name, c_first, chart_col + 2, c_last, chart_col + 2],
            "y2_axis": True,
            "marker": {"type": "circle"},
            "line": {"color": "#C00000"},
        }
    )
    chart.combine(line)
    chart.set_title({"name": sheets.label("sheet_pareto")})
    chart.set_y_axis({"name": sheets.label("mentions")})
    line.set_y2_axis({"name": sheets.label("cumulative_share"), "min": 0, "max": 100})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 400})
    worksheet.insert_chart(c_last + 3, chart_col, chart)


def build_processes(sheets, payload):
    """Processes ranked by complaints; the focus processes highlighted."""
    columns = PROCESS_COLUMNS
    frame = _frame(payload, "processes", columns)
    worksheet, first, last, _name = sheets.table(
        "sheet_processes",
        frame,
        {
            "rank": "int",
            "complaints": "int",
            "share": "pct",
            "csi": "float2",
            "clients": "int",
        },
        title="sheet_processes",
    )
    if last >= first:
        focus_col = columns.index("focus")
        worksheet.conditional_format(
            first,
            0,
            last,
            len(columns) - 1,
            {
                "type": "formula",
                "criteria": f'=${chr(ord("A") + focus_col)}{first + 1}="{sheets.label("yes")}"',
                "format": sheets.formats["focus"],
            },
        )


def build_role_stage(sheets, payload):
    """The role x stage matrix of average CSI with a red-amber-green scale, then the counts."""
    csi = payload.get("csi")
    counts = payload.get("count")
    if csi is None or csi.empty:
        sheets.table("sheet_role_stage", pd.DataFrame(columns=["role"]), title="sheet_role_stage")
        return
    frame = csi.reset_index()
    worksheet, first, last, _name = sheets.table(
        "sheet_role_stage",
        frame,
        {col: "float2" for col in csi.columns},
        title="sheet_role_stage",
        filters=False,
    )
    worksheet.conditional_format(
        first,
        1,
        last,
        len(frame.columns) - 1,
        {
            "type": "3_color_scale",
            "min_type": "num",
            "min_value": 1,
            "min_color": "#F8696B",
            "mid_type": "num",
            "mid_value": 3,
            "mid_color": "#FFEB84",
            "max_type": "num",
            "max_value": 5,
            "max_color": "#63BE7B",
        },
    )
    if counts is not None and not counts.empty:
        sheets.table(
            None,
            counts.reset_index(),
            {col: "int" for col in counts.columns},
            title="feedback_count",
            start_row=last + 3,
            sheet=worksheet,
        )


def build_nps(sheets, payload):
    """NPS with promoter, passive and detractor shares by account, role and stage."""
    formats = {
        "nps": "float1",
        "promoters": "pct",
        "passives": "pct",
        "detractors": "pct",
        "answers": "int",
        "account_nps": "float1",
    }
    for key, first_column in (
        ("account", "client"),
        ("role", "role"),
        ("stage", "stage"),
    ):
        columns = [
            first_column,
            "nps",
            "promoters",
            "passives",
            "detractors",
            "answers",
        ]
        if key == "account":
            columns.insert(2, "account_nps")
        sheets.table(
            f"sheet_nps_{key}",
            _frame(payload, key, columns),
            formats,
            title=f"sheet_nps_{key}",
        )


def build_revenue(sheets, payload):
    """Revenue at risk per client, largest first, with the total.

    Its CSI is the one the churn probability is read from: the integral CSI, else the average
    CSI score of the client's feedback (`revenue_csi` says so in its header).
    """
    columns = [("revenue_csi" if key == "csi" else key) for key in REVENUE_COLUMNS]
    frame = _frame(payload, "clients", REVENUE_COLUMNS)
    frame = frame.rename(columns={"csi": "revenue_csi"})
    worksheet, first, last, _name = sheets.table(
        "sheet_revenue",
        frame,
        {
            "annual_revenue": "money",
            "revenue_csi": "float2",
            "nps": "float1",
            "probability": "ratio",
            "revenue_at_risk": "money",
        },
        title="sheet_revenue",
    )
    if last >= first:
        total_row = last + 1
        worksheet.write(total_row, 0, sheets.label("total"), sheets.formats["bold"])
        for key in ("annual_revenue", "revenue_at_risk"):
            col = columns.index(key)
            letter = chr(ord("A") + col)
            total = float(frame[key].fillna(0).sum())
            worksheet.write_formula(
                total_row,
                col,
                f"=SUM({letter}{first + 1}:{letter}{last + 1})",
                sheets.formats["money"],
                total,
            )


def build_elements(sheets, payload):
    """Average score and complaints per element of value and per pyramid level."""
    columns = ["element", "level", "feedback", "complaints", "csi", "neglected"]
    worksheet, first, last, _name = sheets.table(
        "sheet_elements",
        _frame(payload, "elements", columns),
        {"feedback": "int", "complaints": "int", "csi": "float2"},
        title="sheet_elements",
    )
    if last >= first:
        col = columns.index("neglected")
        worksheet.conditional_format(
            first,
            0,
            last,
            len(columns) - 1,
            {
                "type": "formula",
                "criteria": f'=${chr(ord("A") + col)}{first + 1}="{sheets.label("yes")}"',
                "format": sheets.formats["focus"],
            },
        )
    sheets.table(
        "sheet_levels",
        _frame(payload, "levels", ["level", "feedback", "complaints", "csi"]),
        {"feedback": "int", "complaints": "int", "csi": "float2"},
        title="sheet_levels",
    )


CSI_COLUMNS = [
    "client",
    "period",
    "block",
    "metric",
    "x",
    "w",
    "score",
    "block_score",
    "client_csi",
]
ACTION_COLUMNS = [
    "reference",
    "action",
    "client",
    "owner",
    "stage",
    "action_stage",
    "deadline",
    "done",
    "csi_before",
    "csi_after",
    "effect_csi",
    "nps_before",
    "nps_after",
    "effect_nps",
]


def build_csi(sheets, payload):
    """Each client's latest integral CSI laid out like the table of METHODOLOGY section 11:
    block, metric, X, W, s = 1 - X*W, block score and the client's CSI."""
    sheets.table(
        "sheet_csi",
        _frame(payload, "breakdown", CSI_COLUMNS),
        {
            "x": "float2",
            "w": "int",
            "score": "float2",
            "block_score": "float2",
            "client_csi": "float2",
        },
        title="sheet_csi",
    )


def build_actions(sheets, payload):
    """Improvement actions with their stage and the measured effect on CSI and NPS."""
    sheets.table(
        "sheet_actions",
        _frame(payload, "actions", ACTION_COLUMNS),
        {
            "csi_before": "float2",
            "csi_after": "float2",
            "effect_csi": "float2",
            "nps_before": "float1",
            "nps_after": "float1",
            "effect_nps": "float1",
        },
        title="sheet_actions",
    )


SECTIONS = MappingProxyType(
    {
        "pareto": build_pareto,
        "processes": build_processes,
        "role_stage": build_role_stage,
        "nps": build_nps,
        "revenue": build_revenue,
        "elements": build_elements,
        "csi": build_csi,
        "actions": build_actions,
    }
)
