from odoo.tests import BaseCase, tagged

from ..tools.settings import int_setting


@tagged("at_install", "-post_install")
class TestSettings(BaseCase):
    def test_int_setting(self):
        self.assertEqual(int_setting("7", 90), 7)
        self.assertEqual(int_setting("0", 90), 0)
        self.assertEqual(int_setting(None, 90), 90)  # never set
        self.assertEqual(int_setting(False, 90), 90)  # what get_param() returns when unset
        self.assertEqual(int_setting("seven", 90), 90)  # edited by hand
