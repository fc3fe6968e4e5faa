import logging

from odoo import sql_db
from odoo.tests import HttpCase, tagged

from .common import CxTestMixin

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestCxActionPortalQueries(CxTestMixin, HttpCase):
    """The portal list answers with as many SQL queries for 200 actions as for 20."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))

    def _create_published(self, count, start=0):
        stages = self.stage_new | self.stage_planned | self.stage_progress | self.stage_done
        self.env["cx.action"].create(
            [
                {
                    "name": f"Benchmark action {start + i:03d}",
                    "partner_id": self.client.id,
                    "portal_published": True,
                    "client_summary": "<p>We keep you informed here.</p>",
                    "stage_id": stages[i % len(stages)].id,
                    "date_deadline": f"2030-01-{1 + i % 28:02d}",
                }
                for i in range(count)
            ]
        )

    def _queries(self, url):
        """SQL queries of one request of the portal list, caches warm."""
        self.url_open(url)
        before = sql_db.sql_counter
        response = self.url_open(url)
        queries = sql_db.sql_counter - before
        self.assertEqual(response.status_code, 200)
        return queries, response

    def test_portal_list_query_count(self):
        self.authenticate("cx_portal", "cx_portal")
        self._create_published(20)
        url = "/my/cx/actions?sortby=stage&filterby=all"
        small, response = self._queries(url)
        self.assertEqual(response.text.count("o_cx_action_row"), 20)
        self._create_published(180, start=20)
        large, response = self._queries(url)
        self.assertEqual(response.text.count("o_cx_action_row"), 80, "one page of the pager")
        _logger.info(
            "cx portal list: 20 actions -> %d queries; 200 actions -> %d queries", small, large
        )
        self.assertLessEqual(large, small, "the query count must not grow with the actions")
