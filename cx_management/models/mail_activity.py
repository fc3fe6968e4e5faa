from odoo import api, models

from .cx_feedback import ACTIVITY_TYPE


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """An alert marked done by its assignee is handled (with the escalations it caused)."""
        alert_type = self.env.ref(ACTIVITY_TYPE, raise_if_not_found=False)
        feedback_ids = [
            a.res_id
            for a in self
            if alert_type and a.res_model == "cx.feedback" and a.activity_type_id == alert_type
        ]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if feedback_ids:
            self.env["cx.feedback"].browse(feedback_ids).exists()._cx_alert_handled()
        return result

    @api.model
    def _cx_schedule_activities(self, vals_list):
        """Create these activities in one batch, each written in its assignee's language.

        Each dict gives res_model, res_id, activity_type (an XML id), user (a res.users
        record; empty: skipped), date_deadline, summary and optionally note; a summary or note
        may be a function of an environment in the assignee's language, to translate it.
        """
        envs, model_ids, type_ids, create_vals = {}, {}, {}, []
        for vals in vals_list:
            user = vals["user"]
            if not user:
                continue
            lang = user.lang or self.env.lang
            if lang not in envs:
                envs[lang] = self.with_context(lang=lang).env
            if vals["res_model"] not in model_ids:
                model_ids[vals["res_model"]] = self.env["ir.model"]._get_id(vals["res_model"])
            if vals["activity_type"] not in type_ids:
                type_ids[vals["activity_type"]] = self.env.ref(vals["activity_type"]).id
            texts = {
                key: text(envs[lang]) if callable(text) else text
                for key in ("summary", "note")
                if (text := vals.get(key))
            }
            create_vals.append(
                {
                    "res_model_id": model_ids[vals["res_model"]],
                    "res_id": vals["res_id"],
                    "activity_type_id": type_ids[vals["activity_type"]],
                    "user_id": user.id,
                    "date_deadline": vals["date_deadline"],
                    **texts,
                }
            )
        return self.create(create_vals)
