"""18.0.1.1.0: the figures of shared clients recomputed per company; the General Mark flag.

After the schema update: every CSI snapshot is made stale and the run markers of the CSI and
of the NPS crons are removed, so that their next runs recompute every period of every client
per company (in batches, as always); the snapshots left without a value of their company go at
once, and the company-dependent figures (CSI, NPS, churn probability, revenue at risk) are
recomputed from what is left. The shipped Praise and Complaint topics get the General Mark
flag their noupdate data never brought to existing databases.
"""

from odoo import SUPERUSER_ID, api

CSI_RUN_PARAM = "cx_management.csi_cron_run"
NPS_RUN_PARAM = "cx_management.nps_cron_run"
MARK_TOPICS = ("cx_management.cx_topic_praise", "cx_management.cx_topic_complaint")


def recompute_per_company(env):
    """Make the crons recompute everything per company; refresh the clients' figures now.

    :return: the clients whose figures were refreshed
    """
    cr = env.cr
    params = env["ir.config_parameter"].sudo()
    params.set_param(CSI_RUN_PARAM, False)
    params.set_param(NPS_RUN_PARAM, False)
    # a snapshot older than every value is stale: the next run recomputes its period
    cr.execute("UPDATE cx_csi_snapshot SET write_date = '1970-01-01'")
    Snapshot = env["cx.csi.snapshot"].sudo()
    Snapshot._delete_orphan_snapshots()
    cr.execute(
        "SELECT DISTINCT partner_id FROM cx_csi_snapshot "
        "UNION SELECT id FROM res_partner WHERE cx_csi IS NOT NULL ORDER BY 1"
    )
    clients = [row[0] for row in cr.fetchall()]
    Snapshot._update_partners(clients)
    env["res.partner"].sudo()._cx_refresh_all_nps()
    env.invalidate_all()
    return clients


def mark_polarity_topics(env):
    """Tick General Mark on the shipped Praise and Complaint topics.

    :return: the topics ticked now
    """
    topics = env["cx.topic"].sudo().with_context(active_test=False)
    for xmlid in MARK_TOPICS:
        topic = env.ref(xmlid, raise_if_not_found=False)
        if topic and not topic.is_polarity_mark:
            topics |= topic
    topics.write({"is_polarity_mark": True})
    return topics


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    recompute_per_company(env)
    mark_polarity_topics(env)
