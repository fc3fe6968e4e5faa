from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import maturity

LEVEL_HELP = (
    "The highest level L such that every question of this dimension at levels 1 to L is "
    "answered yes."
)
# Fields the chatter and activities write on any record, finished or not.
UNLOCKED_PREFIXES = ("message_", "activity_", "website_message")


class CxMaturityAssessment(models.Model):
    """The answers of one CX-maturity review of the company, with the levels they give."""

    _name = "cx.maturity.assessment"
    _description = "Maturity Assessment"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    assessor_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who led the review of the feedback process.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    note = fields.Html(string="Notes")
    answer_ids = fields.One2many("cx.maturity.answer", "assessment_id", string="Answers")
    answer_collection_ids = fields.One2many(
        "cx.maturity.answer",
        "assessment_id",
        string="Collection Answers",
        domain=[("dimension", "=", "collection")],
    )
    answer_analysis_ids = fields.One2many(
        "cx.maturity.answer",
        "assessment_id",
        string="Analysis Answers",
        domain=[("dimension", "=", "analysis")],
    )
    answer_execution_ids = fields.One2many(
        "cx.maturity.answer",
        "assessment_id",
        string="Execution Answers",
        domain=[("dimension", "=", "execution")],
    )
    answer_metrics_ids = fields.One2many(
        "cx.maturity.answer",
        "assessment_id",
        string="Metrics Answers",
        domain=[("dimension", "=", "metrics")],
    )
    answer_correction_ids = fields.One2many(
        "cx.maturity.answer",
        "assessment_id",
        string="Correction Answers",
        domain=[("dimension", "=", "correction")],
    )
    unanswered_count = fields.Integer(
        compute="_compute_levels", store=True, string="Unanswered Questions"
    )
    level_collection = fields.Integer(
        string="Collection Level",
        compute="_compute_levels",
        store=True,
        help=LEVEL_HELP,
    )
    level_analysis = fields.Integer(
        string="Analysis Level", compute="_compute_levels", store=True, help=LEVEL_HELP
    )
    level_execution = fields.Integer(
        string="Execution Level", compute="_compute_levels", store=True, help=LEVEL_HELP
    )
    level_metrics = fields.Integer(
        string="Metrics Level", compute="_compute_levels", store=True, help=LEVEL_HELP
    )
    level_correction = fields.Integer(
        string="Correction Level",
        compute="_compute_levels",
        store=True,
        help=LEVEL_HELP,
    )
    overall_level = fields.Integer(
        compute="_compute_levels",
        store=True,
        aggregator=None,
        help="The lowest of the five dimension levels: a chain is as strong as its weakest link.",
    )
    overall_level_average = fields.Float(
        string="Average Overall Level",
        compute="_compute_levels",
        store=True,
        digits=(16, 2),
        aggregator="avg",
        help="The overall level as a measure: its average over the assessments keeps decimals.",
    )
    current_collection = fields.Text(string="Collection Now", compute="_compute_descriptions")
    next_collection = fields.Text(string="Collection Next Step", compute="_compute_descriptions")
    current_analysis = fields.Text(string="Analysis Now", compute="_compute_descriptions")
    next_analysis = fields.Text(string="Analysis Next Step", compute="_compute_descriptions")
    current_execution = fields.Text(string="Execution Now", compute="_compute_descriptions")
    next_execution = fields.Text(string="Execution Next Step", compute="_compute_descriptions")
    current_metrics = fields.Text(string="Metrics Now", compute="_compute_descriptions")
    next_metrics = fields.Text(string="Metrics Next Step", compute="_compute_descriptions")
    current_correction = fields.Text(string="Correction Now", compute="_compute_descriptions")
    next_correction = fields.Text(string="Correction Next Step", compute="_compute_descriptions")

    _sql_constraints = [
        (
            "levels_range",
            "CHECK(overall_level >= 0 AND overall_level <= 3)",
            "A maturity level is 0, 1, 2 or 3.",
        ),
    ]

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("answer_ids.answer", "answer_ids.level", "answer_ids.dimension")
    def _compute_levels(self):
        for assessment in self:
            by_dimension = {dimension: [] for dimension in maturity.DIMENSIONS}
            for answer in assessment.answer_ids:
                if answer.dimension in by_dimension:
                    by_dimension[answer.dimension].append((answer.level, answer.answer))
            levels = {
                dimension: maturity.dimension_level(answers)
                for dimension, answers in by_dimension.items()
            }
            for dimension, level in levels.items():
                assessment[f"level_{dimension}"] = level
            assessment.overall_level = maturity.overall_level(levels.values())
            assessment.overall_level_average = assessment.overall_level
            assessment.unanswered_count = len(
                assessment.answer_ids.filtered(lambda a: not a.answer)
            )

    @api.depends(*(f"level_{dimension}" for dimension in maturity.DIMENSIONS))
    def _compute_descriptions(self):
        texts = self.env["cx.maturity.level"]._cx_descriptions()
        for assessment in self:
            for dimension in maturity.DIMENSIONS:
                level = assessment[f"level_{dimension}"]
                assessment[f"current_{dimension}"] = texts.get((dimension, level), "")
                assessment[f"next_{dimension}"] = self._cx_next_step_text(texts, dimension, level)

    @api.model
    def _cx_next_step_text(self, texts, dimension, level):
        target = maturity.next_level(level)
        if target is None:
            return self.env._("The highest level is reached: keep it.")
        return self.env._(
            "Level %(level)s: %(text)s",
            level=target,
            text=texts.get((dimension, target), ""),
        )

    @api.depends("date", "company_id")
    def _compute_display_name(self):
        for assessment in self:
            assessment.display_name = self.env._(
                "Maturity assessment %(date)s",
                date=fields.Date.to_string(assessment.date) or "",
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        assessments = super().create(vals_list)
        assessments._cx_add_missing_answers()
        return assessments

    def write(self, vals):
        locked = [
            name for name in vals if name != "state" and not name.startswith(UNLOCKED_PREFIXES)
        ]
        if locked or vals.get("state") == "draft":
            self._check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        self._check_draft()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_done(self):
        self._check_draft()
        unanswered = self.filtered("unanswered_count")
        if unanswered:
            raise UserError(
                _(
                    "Answer every question before finishing the assessment: %s question(s) "
                    "are still unanswered.",
                    sum(unanswered.mapped("unanswered_count")),
                )
            )
        self.write({"state": "done"})

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _check_draft(self):
        done = self.filtered(lambda a: a.state == "done")
        if done:
            raise UserError(
                _(
                    "The maturity assessment of %s is done and can no longer change; "
                    "start a new assessment instead.",
                    ", ".join(fields.Date.to_string(d) for d in done.mapped("date")),
                )
            )

    def _cx_add_missing_answers(self):
        """One answer line per active question that the assessment does not answer yet."""
        questions = self.env["cx.maturity.question"].search([])
        values = []
        for assessment in self:
            answered = set(assessment.answer_ids.question_id.ids)
            values += [
                {"assessment_id": assessment.id, "question_id": question.id}
                for question in questions
                if question.id not in answered
            ]
        if values:
            self.env["cx.maturity.answer"].create(values)
