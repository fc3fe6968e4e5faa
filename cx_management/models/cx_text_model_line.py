from odoo import fields, models

from ..tools import topics as topic_tools

STATES = [
    (topic_tools.STATE_LEARNED, "Learned"),
    (topic_tools.STATE_ROLLED_UP, "As main topic"),
    (topic_tools.STATE_TOO_FEW, "Too few examples"),
]


class CxTextModelLine(models.Model):
    """What one topic became in a training: learned, rolled up, or too few to learn."""

    _name = "cx.text.model.line"
    _description = "Text Model Topic"
    _order = "model_id, state, label_example_count desc, id"

    model_id = fields.Many2one("cx.text.model", required=True, ondelete="cascade", index=True)
    topic_id = fields.Many2one("cx.topic", required=True, ondelete="cascade")
    label_topic_id = fields.Many2one(
        "cx.topic",
        string="Suggested As",
        ondelete="set null",
        help="The topic the model suggests for comments tagged with this one: itself, or its "
        "main topic when it had too few examples of its own.",
    )
    state = fields.Selection(STATES, required=True)
    example_count = fields.Integer(string="Examples", help="Tagged comments naming this topic.")
    label_example_count = fields.Integer(
        string="Learned From",
        help="Tagged comments the model learned the suggested topic from, its rolled-up "
        "sub-topics' included.",
    )
    test_count = fields.Integer(string="Held Out")
    precision = fields.Float(
        string="Precision (%)",
        digits=(16, 1),
        help="Of the held-out comments the model gave this topic, the share a person had given "
        "it too.",
    )
    recall = fields.Float(
        string="Recall (%)",
        digits=(16, 1),
        help="Of the held-out comments a person gave this topic, the share the model found.",
    )
    measured = fields.Boolean(help="Held-out comments measured this topic.")
