from odoo import api, models

from odoo.addons.base_import.models.base_import import ImportValidationError

# the models whose import reports every wrong cell with the file's other errors, each on its line
ALL_OR_NOTHING_MODELS = ("cx.metric.value", "cx.order.fact")


class BaseImportImport(models.TransientModel):
    _inherit = "base_import.import"

    # METRIC VALUES IMPORT
    # A wrong date in an import of metric values (or order facts) must not hide the file's other
    # errors: the cell is left as it is, and the import reports it with the others, each on its
    # line.

    def _parse_date_from_data(self, data, index, name, field_type, options):
        if self.res_model not in ALL_OR_NOTHING_MODELS:
            return super()._parse_date_from_data(data, index, name, field_type, options)
        for line in data:
            try:
                super()._parse_date_from_data([line], index, name, field_type, options)
            except ImportValidationError:
                continue  # load() refuses the cell, with the line and the other errors

    @api.model
    def _cx_all_or_nothing(self, result):
        """The result of a model's load(): all rows or none, the spreadsheet's line in every
        error message."""
        messages = result.get("messages", [])
        if len(messages) > 1 and messages[0].get("type") == "error":
            # Odoo repeats the first failing row's error as a batch-wide one, under row 1
            first = messages[0]
            if any(m is not first and m.get("message") == first.get("message") for m in messages):
                messages.pop(0)
        for message in result.get("messages", []):
            rows = message.get("rows") or {}
            if message.get("type") == "error" and "from" in rows:
                # rows count the data rows from 0; the spreadsheet's header is its line 1
                message["message"] = self.env._(
                    "Line %(line)s: %(message)s", line=rows["from"] + 2, message=message["message"]
                )
        if any(message.get("type") == "error" for message in result.get("messages", [])):
            result["ids"] = False
        return result
