import hashlib
import logging
import threading
import time

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import topics as topic_tools

_logger = logging.getLogger(__name__)

PARAM_CURRENT = "cx_management.text_model_version"

KEEP_ATTACHMENTS = 3

STATUSES = [
    (topic_tools.STATUS_TRAINED, "Trained"),
    (topic_tools.STATUS_EMPTY, "No tagged comments"),
    (topic_tools.STATUS_ONE_TOPIC, "One topic only"),
]

# (database, model id, checksum) -> TextModel: each worker loads the current version once; the
# key is checked against the database's current version on every call, so a training in another
# worker is seen at the next call and a database never reads another's model
_LOADED = {}
_LOADED_LOCK = threading.Lock()


class CxTextModel(models.Model):
    """One training of the topic and polarity model, with what it measured on held-out feedback."""

    _name = "cx.text.model"
    _description = "Text Model Training"
    _order = "date_trained desc, id desc"
    _rec_name = "date_trained"

    date_trained = fields.Datetime(string="Trained On", required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Trained by", readonly=True)
    status = fields.Selection(STATUSES, required=True, readonly=True)
    duration = fields.Float(string="Training Time (s)", digits=(16, 1), readonly=True)
    example_count = fields.Integer(
        string="Tagged Comments",
        readonly=True,
        help="Feedback with a comment whose topics a person set, on topics the model learned.",
    )
    train_count = fields.Integer(string="Trained On Comments", readonly=True)
    test_count = fields.Integer(
        string="Held-out Comments",
        readonly=True,
        help="A share of the tagged comments kept out of the training and used to measure it.",
    )
    top1 = fields.Float(
        string="Top-1 Accuracy (%)",
        digits=(16, 1),
        readonly=True,
        help="Held-out comments whose first suggestion is one of the topics a person gave.",
    )
    top3 = fields.Float(
        string="Top-3 Accuracy (%)",
        digits=(16, 1),
        readonly=True,
        help="Held-out comments with one of the topics a person gave among the three suggestions.",
    )
    chance = fields.Float(
        string="By Chance (%)",
        digits=(16, 1),
        readonly=True,
        help="Held-out comments tagged with the commonest topic: what always suggesting it would "
        "score. The model is worth its suggestions only well above this.",
    )
    polarity_example_count = fields.Integer(string="Comments with a Polarity", readonly=True)
    polarity_accuracy = fields.Float(
        string="Polarity Accuracy (%)",
        digits=(16, 1),
        readonly=True,
        help="Held-out comments whose suggested polarity is the one they have.",
    )
    polarity_chance = fields.Float(
        string="Polarity by Chance (%)",
        digits=(16, 1),
        readonly=True,
        help="Held-out comments with the commonest polarity.",
    )
    line_ids = fields.One2many("cx.text.model.line", "model_id", string="Topics", readonly=True)
    too_few_count = fields.Integer(
        string="Topics with Too Few Examples", compute="_compute_too_few_count"
    )
    attachment_id = fields.Many2one("ir.attachment", string="Stored Model", readonly=True)
    checksum = fields.Char(readonly=True)
    is_current = fields.Boolean(string="In Use", compute="_compute_is_current")
    message = fields.Char(compute="_compute_message")

    def _compute_too_few_count(self):
        counts = dict(
            self.env["cx.text.model.line"]._read_group(
                [("model_id", "in", self.ids), ("state", "=", topic_tools.STATE_TOO_FEW)],
                ["model_id"],
                ["__count"],
            )
        )
        for record in self:
            record.too_few_count = counts.get(record, 0)

    def _compute_is_current(self):
        current = self._current_id()
        for record in self:
            record.is_current = record.id == current

    @api.depends("status", "example_count")
    def _compute_message(self):
        for record in self:
            record.message = {
                topic_tools.STATUS_TRAINED: _(
                    "Learned from %(count)s tagged comments.", count=record.example_count
                ),
                topic_tools.STATUS_EMPTY: _(
                    "Nothing to learn from: no feedback has both a comment and topics set by a "
                    "person (on topics with at least %(min)s examples). Topics are not suggested.",
                    min=topic_tools.MIN_EXAMPLES,
                ),
                topic_tools.STATUS_ONE_TOPIC: _(
                    "Only one topic has enough tagged comments (at least %(min)s): there is "
                    "nothing to tell it apart from. Topics are not suggested.",
                    min=topic_tools.MIN_EXAMPLES,
                ),
            }.get(record.status, "")

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_learn_now(self):
        """The Learn now button (on the list's header or a training): train at once and open
        the result."""
        self.env["cx.feedback"].cx_learn_topics()
        return self._action_open(self._current_or_last())

    def _action_open(self, record):
        action = self.env["ir.actions.act_window"]._for_xml_id("cx_management.cx_text_model_action")
        if record:
            action.update(res_id=record.id, view_mode="form", views=[(False, "form")])
        return action

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    @api.model
    def _train(self, examples, parents):
        """Train on (text, topic ids, polarity) examples, store the result, make it current."""
        if not self.env.user.has_group("cx_management.cx_management_group_manager") and (
            not self.env.su
        ):
            raise UserError(_("Only CX managers can train the text model."))
        started = time.monotonic()
        model, evaluation = topic_tools.train(examples, parents=parents)
        record = self.sudo().create(self._values(evaluation, time.monotonic() - started))
        if model is not None:
            data = model.dumps()
            checksum = hashlib.sha256(data).hexdigest()
            record.attachment_id = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": f"cx_text_model_{record.id}.joblib",
                        "raw": data,
                        "res_model": self._name,
                        "res_id": record.id,
                        "mimetype": "application/octet-stream",
                    }
                )
            )
            record.checksum = checksum
            self.env["ir.config_parameter"].sudo().set_param(
                PARAM_CURRENT, f"{record.id}:{checksum}"
            )
            self._prune()
        else:
            # nothing left to learn from: an older model's suggestions would be unaccountable
            self.env["ir.config_parameter"].sudo().set_param(PARAM_CURRENT, False)
        evaluation["model_id"] = record.id
        evaluation["message"] = record.message
        return evaluation

    def _values(self, evaluation, duration):
        def percent(value):
            return 100.0 * value if value is not None else 0.0

        polarity = evaluation.get("polarity") or {}
        lines = []
        for row in evaluation["topics"]:
            lines.append(
                fields.Command.create(
                    {
                        "topic_id": row["topic"],
                        "label_topic_id": row["label"] or False,
                        "state": row["state"],
                        "example_count": row["examples"],
                        "label_example_count": row["label_examples"],
                        "test_count": row["test"],
                        "precision": percent(row["precision"]),
                        "recall": percent(row["recall"]),
                        "measured": row["precision"] is not None or row["recall"] is not None,
                    }
                )
            )
        return {
            "date_trained": fields.Datetime.now(),
            "user_id": self.env.uid,
            "status": evaluation["status"],
            "duration": duration,
            "example_count": evaluation["examples"],
            "train_count": evaluation["train"],
            "test_count": evaluation["test"],
            "top1": percent(evaluation["top1"]),
            "top3": percent(evaluation["top3"]),
            "chance": percent(evaluation["chance"]),
            "polarity_example_count": polarity.get("examples", 0),
            "polarity_accuracy": percent(polarity.get("accuracy")),
            "polarity_chance": percent(polarity.get("chance")),
            "line_ids": lines,
        }

    def _prune(self):
        """Old trainings keep their figures; only the last few keep their stored model."""
        old = self.sudo().search(
            [("attachment_id", "!=", False)],
            order="date_trained desc, id desc",
            offset=KEEP_ATTACHMENTS,
        )
        attachments = old.attachment_id
        old.write({"attachment_id": False})
        attachments.unlink()

    @api.model
    def _current_id(self):
        version = self.env["ir.config_parameter"].sudo().get_param(PARAM_CURRENT) or ""
        model_id = version.partition(":")[0]
        return int(model_id) if model_id.isdigit() else False

    @api.model
    def _current_or_last(self):
        current = self.browse(self._current_id()).exists()
        return current or self.search([], limit=1)

    @api.model
    def _load_current(self):
        """The TextModel in use, loaded once per worker and version; None when untrained."""
        version = self.env["ir.config_parameter"].sudo().get_param(PARAM_CURRENT) or ""
        model_id, _sep, checksum = version.partition(":")
        if not model_id.isdigit():
            return None
        key = (self.env.cr.dbname, int(model_id), checksum)
        loaded = _LOADED.get(key)
        if loaded is not None:
            return loaded
        record = self.sudo().browse(int(model_id)).exists()
        data = record.attachment_id.raw if record else None
        if not data or hashlib.sha256(data).hexdigest() != checksum:
            _logger.warning("The text model %s is missing or damaged: no suggestions.", version)
            return None
        loaded = topic_tools.TextModel.loads(data)
        with _LOADED_LOCK:
            for other in [other for other in _LOADED if other[0] == key[0]]:
                del _LOADED[other]
            _LOADED[key] = loaded
        return loaded
