from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

POLARITIES = [
    ("praise", "Praise"),
    ("complaint", "Complaint"),
    ("neutral", "Neutral"),
]


class CxTopic(models.Model):
    """What a piece of feedback is about; the tree of METHODOLOGY section 9."""

    _name = "cx.topic"
    _description = "Feedback Topic"
    _parent_store = True
    _order = "sequence, id"
    _rec_names_search = ["complete_name"]

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    parent_id = fields.Many2one("cx.topic", string="Parent Topic", ondelete="cascade", index=True)
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("cx.topic", "parent_id", string="Sub-topics")
    sequence = fields.Integer(default=10)
    polarity = fields.Selection(POLARITIES, required=True, default="complaint")
    process_id = fields.Many2one(
        "cx.process",
        help="The process a complaint on this topic points at.",
    )
    is_polarity_mark = fields.Boolean(
        string="General Mark",
        help="The topic only says the feedback is praise or a complaint, without naming what "
        "about (the method's Praise and Complaint). It sets the feedback's polarity but is not "
        "ranked in the Pareto; its sub-topics rank there as main topics.",
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for topic in self:
            if topic.parent_id:
                topic.complete_name = f"{topic.parent_id.complete_name} / {topic.name}"
            else:
                topic.complete_name = topic.name

    @api.depends("name", "parent_id")
    def _compute_display_name(self):
        """Built from the translated names, so a Russian user reads a Russian path."""
        for topic in self:
            names, node = [], topic
            while node:
                names.append(node.name or "")
                node = node.parent_id
            topic.display_name = " / ".join(reversed(names))

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(_("A topic cannot be its own ancestor."))
