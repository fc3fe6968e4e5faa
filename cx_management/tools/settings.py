"""Reading the addon's settings, stored as system parameters (plain Python, no Odoo)."""


def int_setting(value, default):
    """A whole-number setting: its value, or the default when it is missing (None, or the
    False that a missing system parameter reads as) or not a number (edited by hand)."""
    if value is None or value is False:
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def float_setting(value, default):
    """A decimal setting: its value, or the default when missing or not a number."""
    if value is None or value is False or value == "":
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        return default
