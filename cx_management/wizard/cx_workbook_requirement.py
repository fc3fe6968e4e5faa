import pandas as pd

from odoo import fields, models

from ..tools import requirements as req_tools
from ..tools import workbook_requirements
from .cx_workbook import SECTION_FIELDS

SECTION_FIELDS["requirements"] = "section_requirements"


class CxWorkbook(models.TransientModel):
    _inherit = "cx.workbook"

    section_requirements = fields.Boolean(string="Client Requirements", default=True)

    def _workbook_labels(self):
        labels = super()._workbook_labels()
        labels.update(
            {
                "sheet_requirements": self.env._("Requirements"),
                "segment": self.env._("Segment"),
                "aspect": self.env._("Aspect"),
                "requirement": self.env._("Requirement"),
                "importance": self.env._("Importance"),
                "scope": self.env._("Scope"),
                "specification": self.env._("Specification"),
                "valid_from": self.env._("Valid from"),
                "valid_to": self.env._("Valid to"),
                "state": self.env._("After delivery"),
                "not_met_title": self.env._("Aspects most often not met"),
                "not_met": self.env._("Not met"),
                "decided": self.env._("Checked"),
                "share_met": self.env._("Share met, %"),
            }
        )
        return labels

    def _workbook_data_requirements(self):
        """Requirements valid in the period (of the chosen clients), and the aspects ranked
        by how often they were not met."""
        domain = []
        if self.date_from:
            domain += ["|", ("date_to", "=", False), ("date_to", ">=", self.date_from)]
        if self.date_to:
            domain += ["|", ("date_from", "=", False), ("date_from", "<=", self.date_to)]
        if self.partner_ids:
            domain.append(("partner_id", "in", self.partner_ids.ids))
        Requirement = self.env["cx.requirement"]
        requirements = Requirement.search(domain, order="partner_id, importance desc, id")
        scopes = dict(Requirement._fields["scope"]._description_selection(self.env))
        states = dict(Requirement._fields["state"]._description_selection(self.env))
        rows = [
            {
                "client": requirement.partner_id.display_name,
                "segment": requirement.industry_id.name or "",
                "aspect": requirement.aspect or "",
                "requirement": requirement.name,
                "importance": requirement.importance,
                "scope": scopes.get(requirement.scope, ""),
                "specification": requirement._specification_label(),
                "valid_from": fields.Date.to_string(requirement.date_from) or "",
                "valid_to": fields.Date.to_string(requirement.date_to) or "",
                "state": states.get(requirement.state, ""),
            }
            for requirement in requirements
        ]
        ranking = req_tools.not_met_ranking(
            (requirement.aspect or "", requirement.state) for requirement in requirements
        )
        return {
            "requirements": pd.DataFrame(rows, columns=workbook_requirements.REQUIREMENT_COLUMNS),
            "not_met": pd.DataFrame(
                [
                    {"aspect": aspect, "not_met": not_met, "decided": decided, "share_met": share}
                    for aspect, not_met, decided, share in ranking
                    if decided
                ],
                columns=workbook_requirements.NOT_MET_COLUMNS,
            ),
        }
