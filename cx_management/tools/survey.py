"""Turning mapped survey answers into feedback values: one feedback per participation and stage."""

from . import scores


def group_answers(rows):
    """Group mapped answers into one feedback per (participation, stage).

    :param rows: iterable of ``(user_input_id, stage_id, meaning, value)``; ``stage_id`` may be
        None (answers not tied to a stage, e.g. an overall NPS); ``meaning`` is ``csi``,
        ``nps``, ``reason``, ``topics`` or ``value_elements``; ``value`` is the score, the text
        or the id of the topic / element of value.
    :return: ``{(user_input_id, stage_id): {"csi_score", "nps_score", "comment", "topic_ids",
        "value_element_ids"}}`` without the groups that have neither a score nor a reason (a
        feedback needs one of them). The last score given for a meaning wins; reasons are
        joined in the order given; ids are sorted.
    """
    groups = {}
    for user_input_id, stage_id, meaning, value in rows:
        group = groups.setdefault(
            (user_input_id, stage_id or None),
            {"csi": None, "nps": None, "reasons": [], "topics": set(), "elements": set()},
        )
        if meaning in ("csi", "nps") and scores.given(value):
            group[meaning] = int(value)
        elif meaning == "reason" and value and str(value).strip():
            group["reasons"].append(str(value).strip())
        elif meaning == "topics" and value:
            group["topics"].add(value)
        elif meaning == "value_elements" and value:
            group["elements"].add(value)
    result = {}
    for key, group in groups.items():
        comment = "\n".join(group["reasons"])
        if group["csi"] is None and group["nps"] is None and not comment:
            continue
        result[key] = {
            "csi_score": group["csi"],
            "nps_score": group["nps"],
            "comment": comment or None,
            "topic_ids": sorted(group["topics"]),
            "value_element_ids": sorted(group["elements"]),
        }
    return result
