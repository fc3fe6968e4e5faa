"""CX-management maturity (METHODOLOGY section 7): levels 0-3 in five dimensions.

Two readings of the same scale: the answers of an assessment, and the evidence found in the
database. Plain functions on plain figures; the models gather the figures.
"""

DIMENSIONS = ("collection", "analysis", "execution", "metrics", "correction")
LEVELS = (0, 1, 2, 3)
TOP_LEVEL = LEVELS[-1]

# ------------------------------------------------------------
# ASSESSMENT: answers to the questions
# ------------------------------------------------------------


def dimension_level(answers):
    """The highest L such that every question of levels 1..L is answered yes.

    :param answers: iterable of (level, answer) of one dimension; answer is "yes", "partly",
        "no" or empty
    A level without any question cannot be reached: nothing evidences it.
    """
    by_level = {}
    for level, answer in answers:
        by_level.setdefault(level, []).append(answer)
    reached = 0
    for level in LEVELS[1:]:
        level_answers = by_level.get(level)
        if not level_answers or any(answer != "yes" for answer in level_answers):
            break
        reached = level
    return reached


def overall_level(levels):
    """The lowest of the dimension levels: a chain is as strong as its weakest link."""
    levels = [level for level in levels if level is not None]
    return min(levels) if levels else 0


def next_level(level):
    """The level to reach next, None at the top."""
    return level + 1 if level < TOP_LEVEL else None


# ------------------------------------------------------------
# EVIDENCE: figures read from the database over a window
# ------------------------------------------------------------

# Channels of cx.feedback grouped as the method names them.
QUESTIONNAIRE_CHANNELS = frozenset({"survey", "email", "button", "portal", "chatbot", "call"})
MEETING_CHANNELS = frozenset({"meeting", "interview"})
# Feedback that "arrives by itself" (level 0): it proves no collection process.
SPONTANEOUS_CHANNELS = frozenset({"claim", "other"})

SHARE_MANY = 0.5  # "regular": at least half
SHARE_ALL = 0.9  # "all": nine in ten, a client gone quiet does not undo the level
REGULAR_MONTHS = 4  # NPS answered in at least 4 months of 12: at least quarterly


def share(part, whole):
    """part / whole, None when there is no whole."""
    if not whole:
        return None
    return part / whole


def collection_level(active_clients, clients_with_feedback, channels, staff_logged):
    """Collection of feedback, read from the feedback of the window.

    :param active_clients: number of active clients
    :param clients_with_feedback: how many of them gave feedback in the window
    :param channels: set of feedback channel codes used in the window
    :param staff_logged: whether employees logged feedback from their direct contact
        (interviews, meetings, calls) in the window
    0: no feedback, or only claims and other feedback that arrives by itself.
    1: a questionnaire or interview channel is in use.
    2: 1, plus meetings or interviews, plus feedback from at least half of the active clients.
    3: 2, plus questionnaires and staff in direct contact both in use, plus feedback from at
       least 90 % of the active clients; all of it is in this one system by construction.
    """
    channels = set(channels or ())
    questionnaires = bool(channels & QUESTIONNAIRE_CHANNELS)
    meetings = bool(channels & MEETING_CHANNELS)
    if not (questionnaires or meetings):
        return 0
    covered = share(clients_with_feedback, active_clients) or 0.0
    if not (meetings and covered >= SHARE_MANY):
        return 1
    if not (questionnaires and staff_logged and covered >= SHARE_ALL):
        return 2
    return 3


def analysis_level(actions, actions_linked, weighted_clients, active_clients, triggers):
    """Analysis and planning, read from the improvement actions of the window.

    :param actions: number of actions created in the window; None when actions are not used
    :param actions_linked: how many are linked to feedback, a metric or a process
    :param weighted_clients: active clients with their own metric weights; None when metrics
        are not used
    :param triggers: number of active trigger metrics; None when metrics are not used
    0: no action. 1: actions exist (formed by hand).
    2: at least half of them linked to feedback, a metric or a process.
    3: 2, plus 90 % linked, metrics weighted for at least half of the active clients and
       trigger metrics in place (the reaction is partly automated).
    """
    if actions is None:
        return None
    if not actions:
        return 0
    linked = share(actions_linked, actions) or 0.0
    if linked < SHARE_MANY:
        return 1
    weighted = share(weighted_clients or 0, active_clients) or 0.0
    if linked >= SHARE_ALL and weighted >= SHARE_MANY and triggers:
        return 3
    return 2


def execution_level(actions_due, actions_on_time, client_actions, client_actions_published):
    """Execution and informing, read from the improvement actions of the window.

    :param actions_due: actions whose deadline fell in the window or that were done in it;
        None when actions are not used
    :param actions_on_time: how many of them were done by their deadline
    :param client_actions: actions for a client in the window
    :param client_actions_published: how many of them are published to the client's portal
        (the client is told of every stage change)
    0: nothing done on time. 1: some actions done on time.
    2: at least half done on time and some client actions published.
    3: at least 90 % done on time and 90 % of client actions published.
    """
    if actions_due is None:
        return None
    if not actions_on_time:
        return 0
    on_time = share(actions_on_time, actions_due) or 0.0
    published = share(client_actions_published, client_actions) or 0.0
    if on_time >= SHARE_ALL and published >= SHARE_ALL:
        return 3
    if on_time >= SHARE_MANY and client_actions_published:
        return 2
    return 1


def metrics_level(
    active_clients,
    clients_with_nps,
    clients_with_csi,
    nps_months,
    weighted_clients,
    money_clients,
):
    """Metrics, read from the feedback scores (and metrics and revenue at risk if used).

    :param clients_with_nps: active clients with an NPS answer in the window
    :param clients_with_csi: active clients with a CSI score in the window
    :param nps_months: number of distinct months of the window with NPS answers
    :param weighted_clients: clients with their own metric weights (satisfaction on the metrics
        key to them); None when metrics are not used
    :param money_clients: clients whose revenue at risk is computed; None when not used
    0: no NPS or no CSI. 1: both collected.
    2: both for at least half of the active clients, NPS in at least 4 months, metrics weighted
       per client for at least one client.
    3: 2, plus the revenue at risk computed for at least half of the active clients.
    """
    if not clients_with_nps or not clients_with_csi:
        return 0
    nps_share = share(clients_with_nps, active_clients) or 0.0
    csi_share = share(clients_with_csi, active_clients) or 0.0
    if (
        nps_share < SHARE_MANY
        or csi_share < SHARE_MANY
        or nps_months < REGULAR_MONTHS
        or not weighted_clients
    ):
        return 1
    if (share(money_clients or 0, active_clients) or 0.0) >= SHARE_MANY:
        return 3
    return 2


def correction_level(actions_done, actions_done_from_feedback, actions_measured, actions_replanned):
    """Correction, read from the finished improvement actions of the window.

    :param actions_done: actions done in the window; None when actions are not used
    :param actions_done_from_feedback: how many of them answer feedback
    :param actions_measured: how many of them have a measured NPS or CSI effect
    :param actions_replanned: actions created after an earlier action on the same client or
        process had its effect measured (planning from earlier effects)
    0: no finished action. 1: finished actions answer feedback (collection is linked to actions).
    2: 1, plus at least half of the finished actions have a measured effect.
    3: 2, plus at least one action planned from an earlier measured effect.
    """
    if actions_done is None:
        return None
    if not actions_done or not actions_done_from_feedback:
        return 0
    if (share(actions_measured, actions_done) or 0.0) < SHARE_MANY:
        return 1
    return 3 if actions_replanned else 2
