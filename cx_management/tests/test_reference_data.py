from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CxCase


@tagged("at_install", "-post_install")
class TestReferenceData(CxCase):
    """The method's reference data is shipped whole and well formed."""

    def test_stages(self):
        stages = self.env["cx.journey.stage"].search([])
        self.assertEqual(stages.mapped("code"), ["awareness", "deal", "usage", "post_purchase"])
        self.assertEqual(stages.mapped("sequence"), [1, 2, 3, 4])

    def test_processes_per_stage(self):
        counts = {
            stage.code: len(stage.process_ids) for stage in self.env["cx.journey.stage"].search([])
        }
        self.assertEqual(counts, {"awareness": 4, "deal": 4, "usage": 10, "post_purchase": 8})
        # A process named in two stages exists once per stage.
        planning = self.env["cx.process"].search(
            [("name", "=", "Placing into the production plan")]
        )
        self.assertEqual(planning.stage_id.mapped("code"), ["deal", "usage"])

    def test_roles(self):
        roles = self.env["cx.contact.role"].search([])
        self.assertEqual(roles.mapped("code"), ["economic", "technical", "operator"])
        self.assertTrue(all(roles.mapped("description")))
        self.assertEqual(set(roles.mapped("weight")), {1.0})

    def test_topic_tree(self):
        quality = self.env.ref("cx_management.cx_topic_quality")
        self.assertEqual(len(quality.child_ids), 9)
        roots = self.env["cx.topic"].search([("parent_id", "=", False)])
        self.assertEqual(
            roots.mapped("name"),
            ["Praise", "Complaint", "Discipline", "Deterioration", "Quality", "Service"],
        )
        self.assertEqual(self.env.ref("cx_management.cx_topic_praise").polarity, "praise")
        self.assertEqual(self.topic_defects.complete_name, "Quality / Defects and faults")
        self.assertEqual(self.topic_defects.process_id, self.process_production)
        self.assertEqual(self.topic_defects.display_name, "Quality / Defects and faults")

    def test_topic_cycle_refused(self):
        quality = self.env.ref("cx_management.cx_topic_quality")
        # refused by the constraint (ValidationError) or, when the parent path is written
        # first, by the ORM's parent store (UserError, the parent of ValidationError)
        with self.assertRaises(UserError):
            quality.parent_id = self.topic_defects
            quality.flush_recordset()

    def test_value_elements(self):
        elements = self.env["cx.value.element"].search([])
        self.assertEqual(len(elements), 40)
        per_level = {}
        for element in elements:
            per_level[element.level] = per_level.get(element.level, 0) + 1
        self.assertEqual(
            per_level,
            {"table_stakes": 4, "functional": 5, "ease": 21, "individual": 7, "inspirational": 3},
        )
        self.assertTrue(all(elements.mapped("group")))

    def test_reference_data_is_noupdate(self):
        xmlids = self.env["ir.model.data"].search(
            [("module", "=", "cx_management"), ("model", "in", ("cx.process", "cx.topic"))]
        )
        self.assertTrue(xmlids)
        self.assertTrue(all(xmlids.mapped("noupdate")))
