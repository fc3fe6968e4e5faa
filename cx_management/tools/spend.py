"""Spend x NPS, the "customer life cycle" grid: clients by revenue band and by the NPS group
of their account (plain Python, no ORM).

An account is a promoter when its account NPS is at least PROMOTER_NPS, a detractor below
DETRACTOR_NPS, passive between; an account nobody answered for has no group. Revenue bands
are cut at ascending bounds: with bounds (1 M, 10 M) band "1" is below 1 M, "2" from 1 M
to below 10 M, "3" from 10 M up; band "0" is a client without revenue. The default bounds
(5 M, 20 M, 50 M a year) suit a steel or pipe supplier's industrial clients.
"""

DEFAULT_BOUNDS = (5_000_000.0, 20_000_000.0, 50_000_000.0)
MAX_BOUNDS = 5
PROMOTER_NPS = 30.0
DETRACTOR_NPS = 0.0
GROUPS = ("promoter", "passive", "detractor")
NO_REVENUE = "0"


def parse_bounds(text):
    """(bounds, error) of the setting's text, e.g. "1000000, 10000000": ascending positive
    numbers, at most MAX_BOUNDS; error is None, "number", "positive", "ascending" or
    "count" (and bounds is then None)."""
    parts = [part.strip() for part in (text or "").replace(";", ",").split(",")]
    parts = [part.replace(" ", "").replace("\u00a0", "") for part in parts if part]
    if not parts:
        return None, "count"
    try:
        bounds = tuple(float(part) for part in parts)
    except ValueError:
        return None, "number"
    if any(bound <= 0 for bound in bounds):
        return None, "positive"
    if any(a >= b for a, b in zip(bounds, bounds[1:], strict=False)):
        return None, "ascending"
    if len(bounds) > MAX_BOUNDS:
        return None, "count"
    return bounds, None


def bounds_or_default(text):
    """The setting's bounds, or the default ones when the text is missing or wrong."""
    bounds, error = parse_bounds(text)
    return DEFAULT_BOUNDS if error else bounds


def band(revenue, bounds):
    """The band key ("0" no revenue, "1" below the first bound, ...) of a revenue."""
    if not revenue or revenue <= 0:
        return NO_REVENUE
    return str(1 + sum(1 for bound in bounds if revenue >= bound))


def band_keys(bounds):
    """Every band key, smallest revenue first."""
    return [NO_REVENUE] + [str(index) for index in range(1, len(bounds) + 2)]


def band_range(key, bounds):
    """(low, high) of a band: low None below the first bound, high None above the last;
    (None, None) for the band without revenue."""
    index = int(key)
    if index == 0:
        return None, None
    low = bounds[index - 2] if index >= 2 else None
    high = bounds[index - 1] if index <= len(bounds) else None
    return low, high


def nps_group(nps):
    """promoter / passive / detractor of an account NPS; None when nobody answered."""
    if nps is None or nps is False:
        return None
    if nps >= PROMOTER_NPS:
        return "promoter"
    if nps < DETRACTOR_NPS:
        return "detractor"
    return "passive"


def grid(clients, bounds):
    """{(band key, group or None): {"ids": [...], "count": n, "revenue": sum}} of clients
    given as (id, revenue, account NPS) rows."""
    cells = {}
    for client_id, revenue, nps in clients:
        cell = cells.setdefault(
            (band(revenue, bounds), nps_group(nps)), {"ids": [], "count": 0, "revenue": 0.0}
        )
        cell["ids"].append(client_id)
        cell["count"] += 1
        cell["revenue"] += revenue or 0.0
    return cells
