"""Who was heard: coverage of clients, revenue and roles, the response funnel and silences.

Plain ids, dates and numbers, no ORM: the dashboard, the workbook and the alerts call these.
"""

import datetime

DEFAULT_TARGET = 80.0
DEFAULT_SILENCE_DAYS = 180


def share(part, whole):
    """`part` of `whole` in percent; None when there is no whole."""
    return 100.0 * part / whole if whole else None


def coverage(clients, heard, revenue=None, roles=()):
    """Company-wide coverage of the active clients.

    :param clients: ids of the active clients
    :param heard: ``{client_id: set of role ids heard}`` (None in the set: feedback from a
        contact without a role); a client in it was heard
    :param revenue: ``{client_id: annual revenue}``
    :param roles: ids of the contact roles to report
    :return: dict with ``active``, ``heard``, ``share``, ``revenue``, ``revenue_heard``,
        ``revenue_share`` and ``roles`` (``{role_id: {"heard": n, "share": pct}}``, the share
        of the active clients in which that role was heard)
    """
    revenue = revenue or {}
    clients = list(dict.fromkeys(clients))
    heard_clients = [client for client in clients if client in heard]
    total = sum(revenue.get(client) or 0.0 for client in clients)
    total_heard = sum(revenue.get(client) or 0.0 for client in heard_clients)
    role_rows = {}
    for role in roles:
        count = sum(1 for client in heard_clients if role in heard[client])
        role_rows[role] = {"heard": count, "share": share(count, len(clients))}
    return {
        "active": len(clients),
        "heard": len(heard_clients),
        "share": share(len(heard_clients), len(clients)),
        "revenue": total,
        "revenue_heard": total_heard,
        "revenue_share": share(total_heard, total),
        "roles": role_rows,
    }


def meets_target(value, target=DEFAULT_TARGET):
    """Whether a coverage share reaches the target; None when the share is unknown."""
    return None if value is None else value >= target


def funnel(invited, reminded, answered, answered_after_reminder=0):
    """The response funnel of a rule or a wave: the answers are a share of the invitations."""
    return {
        "invited": invited,
        "reminded": reminded,
        "answered": answered,
        "answered_after_reminder": answered_after_reminder,
        "rate": share(answered, invited),
    }


def silence_cutoff(today, days=DEFAULT_SILENCE_DAYS):
    """A contact last heard (or, never heard, created) before this day is silent."""
    if days < 1:
        raise ValueError("a silence lasts at least one day")
    return today - datetime.timedelta(days=days)
