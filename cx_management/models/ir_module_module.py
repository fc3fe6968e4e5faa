from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    # ------------------------------------------------------------
    # CLIENT REQUIREMENTS
    # ------------------------------------------------------------

    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        """Odoo writes a language's terms in SQL, after the module's data (the demo's
        requirements too) was created: the requirements' stored aspect, computed from the
        names of metrics and topics, is computed again in every language once the names are
        translated (the Russian demo showed English aspects)."""
        result = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if "cx_management" in modules and "cx.requirement" in self.env:
            requirements = self.env["cx.requirement"].sudo().with_context(active_test=False)
            records = requirements.search([])
            self.env.add_to_compute(requirements._fields["aspect"], records)
            records.flush_recordset(["aspect"])
        return result
