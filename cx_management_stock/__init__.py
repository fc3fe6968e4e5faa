from . import models
from . import demo


def post_init_hook(env):
    """The confirmed orders of a database that already sells are queued for the scheduled
    action, which turns them into order facts in batches."""
    env.cr.execute("UPDATE sale_order SET cx_fact_todo = TRUE WHERE state = 'sale'")
