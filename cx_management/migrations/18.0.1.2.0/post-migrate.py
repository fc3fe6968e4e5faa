"""18.0.1.2.0: a complaint raised by an order no longer counts as hearing the client.

After the update: the stored Last Heard date of every client and contact with such a complaint
is computed again without it (one grouped query per kind of partner, as the field does).
"""

from odoo import SUPERUSER_ID, api


def recompute_last_heard(env):
    """Last Heard again for the partners of the complaints of the channel Operations.

    :return: the partners recomputed
    """
    env.cr.execute(
        "SELECT partner_id FROM cx_feedback WHERE channel = 'operation' AND partner_id IS NOT NULL"
        " UNION SELECT commercial_partner_id FROM cx_feedback"
        " WHERE channel = 'operation' AND commercial_partner_id IS NOT NULL"
    )
    partners = env["res.partner"].sudo().browse(row[0] for row in env.cr.fetchall())
    env.add_to_compute(partners._fields["cx_date_last_heard"], partners)
    partners.flush_recordset(["cx_date_last_heard"])
    return partners


def migrate(cr, version):
    if not version:
        return
    recompute_last_heard(api.Environment(cr, SUPERUSER_ID, {}))
