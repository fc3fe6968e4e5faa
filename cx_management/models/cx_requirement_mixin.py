from odoo import api, fields, models

from ..tools import requirements as req_tools


class CxRequirementMixin(models.AbstractModel):
    """A document a specification is formed on (an opportunity, a sales order): it shows the
    client requirements that apply to it, its client's standing ones valid at its date and its
    own, so nobody forms it without seeing them."""

    _name = "cx.requirement.mixin"
    _description = "Document with Client Requirements"

    # the requirement's link to this document, e.g. "lead_id"; set by each model
    _cx_requirement_field = None
    # what the applicable requirements depend on (each model adds its own One2many and date)
    _cx_requirement_depends = ("partner_id",)

    cx_requirement_ids = fields.Many2many(
        "cx.requirement",
        string="Client Requirements",
        compute="_compute_cx_requirement_ids",
        groups="cx_management.cx_management_group_user",
        help="The client's requirements valid at this document's date for every order, and "
        "this specification's own.",
    )
    cx_requirement_count = fields.Integer(
        string="Requirements",
        compute="_compute_cx_requirement_ids",
        groups="cx_management.cx_management_group_user",
    )

    def _cx_requirement_date(self):
        """The day at which requirements must be valid to apply (today by default)."""
        return fields.Date.context_today(self)

    def _cx_requirement_defaults(self):
        """Defaults of a requirement recorded from this document."""
        return {
            "default_partner_id": self.partner_id.commercial_partner_id.id,
            f"default_{self._cx_requirement_field}": self.id,
            "default_scope": "specification",
        }

    @api.depends(lambda self: self._cx_requirement_depends)
    def _compute_cx_requirement_ids(self):
        """One search for all the documents: every active requirement of their clients for
        every order or for one of these documents, then split per document and date."""
        link = self._cx_requirement_field
        documents = self.filtered("partner_id")
        (self - documents).update({"cx_requirement_ids": False, "cx_requirement_count": 0})
        if not documents:
            return
        found = self.env["cx.requirement"].search(
            [
                ("active", "=", True),
                ("partner_id", "in", documents.partner_id.commercial_partner_id.ids),
                "|",
                ("scope", "=", "all"),
                (link, "in", [doc.id for doc in documents if isinstance(doc.id, int)]),
            ]
        )
        for document in documents:
            client = document.partner_id.commercial_partner_id
            day = document._cx_requirement_date()
            applicable = found.filtered(
                lambda r, c=client, d=document, day=day: (
                    r.partner_id == c
                    and (r.scope == "all" or r[link].id == d.id)
                    and req_tools.is_valid(r.date_from or None, r.date_to or None, day)
                )
            )
            document.cx_requirement_ids = applicable
            document.cx_requirement_count = len(applicable)

    def action_view_cx_requirements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cx_management.cx_requirement_action"
        )
        action["domain"] = [("id", "in", self.cx_requirement_ids.ids)]
        action["context"] = self._cx_requirement_defaults()
        return action
