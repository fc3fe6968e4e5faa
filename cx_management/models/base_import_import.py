from odoo import models

from odoo.addons.base_import.models.base_import import ImportValidationError


class BaseImportImport(models.TransientModel):
    _inherit = "base_import.import"

    # METRIC VALUES IMPORT
    # A wrong date in an import of metric values must not hide the file's other errors: the
    # cell is left as it is, and the import reports it with the others, each on its line.

    def _parse_date_from_data(self, data, index, name, field_type, options):
        if self.res_model != "cx.metric.value":
            return super()._parse_date_from_data(data, index, name, field_type, options)
        for line in data:
            try:
                super()._parse_date_from_data([line], index, name, field_type, options)
            except ImportValidationError:
                continue  # load() refuses the cell, with the line and the other errors
