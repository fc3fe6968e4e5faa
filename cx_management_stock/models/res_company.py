from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

WINDOW_MODES = [
    ("month", "The calendar month of the commitment date"),
    ("days", "Commitment date ± days"),
]
WINDOW_FIELDS = ("cx_order_window_mode", "cx_order_window_days")


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------
    # ORDER FACTS
    # ------------------------------------------------------------

    cx_order_window_mode = fields.Selection(
        WINDOW_MODES,
        string="Delivery Window",
        default="month",
        required=True,
        help="The agreed delivery window of a sales order, from its commitment date.",
    )
    cx_order_window_days = fields.Integer(
        string="Window Days",
        default=3,
        help="With a window of the commitment date plus or minus days: how many days.",
    )

    @api.constrains("cx_order_window_days")
    def _check_cx_order_window_days(self):
        if any(company.cx_order_window_days < 0 for company in self):
            raise ValidationError(_("The days of the delivery window cannot be negative."))

    def write(self, vals):
        before = {company: tuple(company[name] for name in WINDOW_FIELDS) for company in self}
        result = super().write(vals)
        if any(name in vals for name in WINDOW_FIELDS):
            changed = self.filtered(
                lambda company: tuple(company[name] for name in WINDOW_FIELDS) != before[company]
            )
            if changed:
                # a new window changes every fact of the company's orders: the cron redoes them
                self.env["sale.order"].flush_model()
                self.env.cr.execute(
                    "UPDATE sale_order SET cx_fact_todo = TRUE"
                    " WHERE state = 'sale' AND company_id = ANY(%s)",
                    [changed.ids],
                )
                self.env["sale.order"].invalidate_model(["cx_fact_todo"])
        return result
