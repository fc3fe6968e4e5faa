from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Command

from ..tools import topics as topic_tools

EMERGING_DAYS = 90

EMERGING_CONFIDENCE = 0.5

EMERGING_LIMIT = 5000


class CxTopicEmerging(models.TransientModel):
    """Untagged complaints of the last 90 days that fit no known topic, grouped by the words
    they share, for a CX manager to make new topics of (issue 15, section 5)."""

    _name = "cx.topic.emerging"
    _description = "Emerging Topics"

    date_from = fields.Date(
        string="Since",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=EMERGING_DAYS),
    )
    complaint_count = fields.Integer(string="Untagged Complaints", readonly=True)
    unfit_count = fields.Integer(
        string="Fitting No Topic",
        readonly=True,
        help="Untagged complaints whose best suggested topic is below 50 % confidence (all of "
        "them while the text model is not trained).",
    )
    group_ids = fields.One2many("cx.topic.emerging.group", "emerging_id", string="Groups")

    def action_find(self):
        """Read the untagged complaints, keep those no topic fits, group them."""
        self.ensure_one()
        feedback = self.env["cx.feedback"].search(
            [
                ("polarity", "=", "complaint"),
                ("topic_ids", "=", False),
                ("comment", "!=", False),
                ("date", ">=", self.date_from),
            ],
            order="date desc, id desc",
            limit=EMERGING_LIMIT,
        )
        texts = feedback.mapped("comment")
        model = self.env["cx.text.model"]._load_current()
        if model is not None and texts:
            best = model.best_confidence(texts)
            keep = [i for i, confidence in enumerate(best) if confidence < EMERGING_CONFIDENCE]
        else:
            keep = list(range(len(texts)))
        unfit = feedback.browse([feedback[i].id for i in keep])
        groups = topic_tools.emerging_groups([texts[i] for i in keep])
        self.group_ids.unlink()
        self.write(
            {
                "complaint_count": len(feedback),
                "unfit_count": len(unfit),
                "group_ids": [
                    Command.create(
                        {
                            "words": ", ".join(group["words"]),
                            "name": " ".join(group["words"][:2]).capitalize(),
                            "feedback_ids": [Command.set([unfit[i].id for i in group["members"]])],
                        }
                    )
                    for group in groups
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }


class CxTopicEmergingGroup(models.TransientModel):
    """A group of similar complaints and its characteristic words."""

    _name = "cx.topic.emerging.group"
    _description = "Emerging Topic Group"
    _order = "feedback_count desc, id"

    emerging_id = fields.Many2one("cx.topic.emerging", required=True, ondelete="cascade")
    words = fields.Char(string="Characteristic Words", readonly=True)
    name = fields.Char(string="New Topic Name", help="The name of the topic to create.")
    parent_id = fields.Many2one(
        "cx.topic", string="Under Topic", help="Leave empty for a new main topic."
    )
    feedback_ids = fields.Many2many("cx.feedback", string="Complaints", readonly=True)
    feedback_count = fields.Integer(
        string="Complaints in Group", compute="_compute_feedback_count", store=True
    )
    sample = fields.Text(string="Examples", compute="_compute_sample")
    topic_id = fields.Many2one("cx.topic", string="Created Topic", readonly=True)

    @api.depends("feedback_ids")
    def _compute_feedback_count(self):
        for group in self:
            group.feedback_count = len(group.feedback_ids)

    @api.depends("feedback_ids.comment")
    def _compute_sample(self):
        for group in self:
            group.sample = "\n".join(
                f"• {comment}" for comment in group.feedback_ids[:3].mapped("comment")
            )

    def action_create_topic(self):
        """Create the topic and give it to the group's complaints, as a person's tag."""
        self.ensure_one()
        topic = self.env["cx.topic"].create(
            {
                "name": self.name or self.words or self.env._("New topic"),
                "parent_id": self.parent_id.id,
                "polarity": "complaint",
            }
        )
        self.feedback_ids.write({"topic_ids": [Command.link(topic.id)]})
        self.topic_id = topic
        return {
            "type": "ir.actions.act_window",
            "res_model": "cx.topic",
            "res_id": topic.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_open_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_feedback_action")
        action.update(domain=[("id", "in", self.feedback_ids.ids)], context={})
        return action
