"""The client brief's rules on plain data: how much it shows (one A4 page), who is silent,
and the bars of its trend."""

TREND_PERIODS = 6
WINDOW_DAYS = 365
TOP_COMPLAINTS = 5
OPEN_ACTIONS = 8
DONE_ACTIONS = 4
REQUIREMENTS = 5
CONTACTS = 10
SILENCE_DAYS = 180
CSI_MIN, CSI_MAX = 1.0, 5.0


def is_silent(last, today, days=SILENCE_DAYS):
    """Whether a contact last heard on `last` (None: never) is silent on `today`."""
    return last is None or (today - last).days > days


def heard_rows(rows, today, limit=CONTACTS, days=SILENCE_DAYS):
    """The contacts to show: key roles first (by role sequence), then never heard, then the
    longest silent; each with "silent" and "days" (since last heard, None if never)."""
    for row in rows:
        row["silent"] = is_silent(row["last"], today, days)
        row["days"] = (today - row["last"]).days if row["last"] else None
    rows.sort(
        key=lambda row: (
            row["role_sequence"],
            row["last"] is not None,
            row["last"] or today,
            row["name"] or "",
        )
    )
    return {
        "rows": rows[:limit],
        "more": max(0, len(rows) - limit),
        "silent": sum(1 for row in rows if row["silent"]),
    }


def trend_bars(rows):
    """Each period's CSI and NPS with a bar width in % (CSI 1-5 and NPS -100..100 onto
    0-100); a figure unknown has no bar."""
    for row in rows:
        csi, nps = row["csi"], row["nps"]
        row["csi_width"] = (
            None if csi is None else round(100 * (csi - CSI_MIN) / (CSI_MAX - CSI_MIN), 1)
        )
        row["nps_width"] = None if nps is None else round((nps + 100) / 2, 1)
        # the bar's length is the NPS's place on -100..100; below 0 it is red, not green
        row["nps_negative"] = nps is not None and nps < 0
    return rows
