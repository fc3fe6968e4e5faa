from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..tools import maturity
from .common import CxCase


class MaturityCommon(CxCase):
    @classmethod
    def _assess(cls, levels, user=None, **values):
        """A new assessment answered yes up to the given level of each dimension, no above."""
        env = cls.env(user=user) if user else cls.env
        assessment = env["cx.maturity.assessment"].create(values)
        for answer in assessment.answer_ids:
            answer.answer = "yes" if answer.level <= levels.get(answer.dimension, 0) else "no"
        return assessment


@tagged("at_install", "-post_install")
class TestMaturityData(MaturityCommon):
    """The method's questions and level table are shipped whole."""

    def test_a_question_per_level_and_dimension(self):
        questions = self.env["cx.maturity.question"].search([])
        pairs = {(q.dimension, q.level) for q in questions}
        for dimension in maturity.DIMENSIONS:
            for level in (1, 2, 3):
                self.assertIn((dimension, level), pairs)
        self.assertIn("Is CSI collected?", questions.mapped("name"))

    def test_every_cell_of_the_table(self):
        cells = self.env["cx.maturity.level"].search([])
        self.assertEqual(len(cells), 20)
        self.assertEqual(
            {(c.dimension, c.level) for c in cells},
            {(d, lvl) for d in maturity.DIMENSIONS for lvl in maturity.LEVELS},
        )
        self.assertTrue(all(cells.mapped("description")))


@tagged("at_install", "-post_install")
class TestMaturityAssessment(MaturityCommon):
    """Answers give the levels; a finished assessment stays as it was."""

    def test_one_line_per_question(self):
        assessment = self.env["cx.maturity.assessment"].create({})
        questions = self.env["cx.maturity.question"].search([])
        self.assertEqual(assessment.answer_ids.question_id, questions)
        self.assertEqual(assessment.unanswered_count, len(questions))
        self.assertEqual(assessment.assessor_id, self.env.user)
        self.assertEqual(
            assessment.answer_metrics_ids.question_id,
            questions.filtered(lambda q: q.dimension == "metrics"),
        )

    def test_levels_from_answers(self):
        levels = {
            "collection": 3,
            "analysis": 2,
            "execution": 1,
            "metrics": 3,
            "correction": 2,
        }
        assessment = self._assess(levels)
        for dimension, level in levels.items():
            self.assertEqual(assessment[f"level_{dimension}"], level, dimension)
        self.assertEqual(assessment.overall_level, 1)
        texts = self.env["cx.maturity.level"]._cx_descriptions()
        self.assertEqual(assessment.current_execution, texts["execution", 1])
        self.assertIn(texts["execution", 2], assessment.next_execution)
        self.assertNotIn(texts["collection", 3], assessment.next_collection)

    def test_partly_holds_the_level(self):
        assessment = self._assess(dict.fromkeys(maturity.DIMENSIONS, 3))
        self.assertEqual(assessment.overall_level, 3)
        assessment.answer_correction_ids.filtered(lambda a: a.level == 2).answer = "partly"
        self.assertEqual(assessment.level_correction, 1)
        self.assertEqual(assessment.overall_level, 1)

    def test_done_is_locked(self):
        assessment = self._assess(dict.fromkeys(maturity.DIMENSIONS, 1))
        with self.assertRaisesRegex(UserError, "unanswered"):
            assessment.answer_ids[0].answer = False
            assessment.action_done()
        assessment.answer_ids[0].answer = "no"
        assessment.action_done()
        self.assertEqual(assessment.state, "done")
        before = assessment.overall_level
        with self.assertRaisesRegex(UserError, "can no longer change"):
            assessment.answer_ids[0].answer = "yes"
        with self.assertRaises(UserError):
            assessment.write({"date": "2020-01-01"})
        with self.assertRaises(UserError):
            assessment.write({"state": "draft"})
        with self.assertRaises(UserError):
            assessment.answer_ids.unlink()
        with self.assertRaises(UserError):
            assessment.unlink()
        assessment.message_post(body="Reviewed with the board.")
        self.assertEqual(assessment.overall_level, before)
        # Editing a question later does not move a finished assessment.
        question = assessment.answer_ids[0].question_id
        question.level = 3 if question.level != 3 else 1
        self.assertEqual(assessment.overall_level, before)


@tagged("at_install", "-post_install")
class TestMaturityAccess(MaturityCommon):
    """CX managers assess; CX users read; nobody else sees anything."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assessment = cls._assess({"collection": 1})

    def test_manager_assesses(self):
        assessment = self._assess({"collection": 2}, user=self.cx_manager)
        self.assertEqual(assessment.level_collection, 2)
        assessment.with_user(self.cx_manager).answer_ids.write({"answer": "no"})
        assessment.with_user(self.cx_manager).action_done()
        cell = self.env["cx.maturity.level"].search([], limit=1).with_user(self.cx_manager)
        cell.description = "X"
        self.assertEqual(cell.description, "X")

    def test_user_reads_only(self):
        assessment = self.assessment.with_user(self.salesman)
        self.assertEqual(assessment.level_collection, 1)
        self.assertTrue(assessment.answer_ids.question_id.mapped("name"))
        with self.assertRaises(AccessError):
            assessment.answer_ids[0].answer = "no"
        with self.assertRaises(AccessError):
            assessment.write({"note": "Forged"})
        with self.assertRaises(AccessError):
            self.env["cx.maturity.assessment"].with_user(self.salesman).create({})
        with self.assertRaises(AccessError):
            self.env["cx.maturity.level"].search([], limit=1).with_user(self.salesman).write(
                {"description": "Forged"}
            )

    def test_outsiders_refused(self):
        for user in (self.employee, self.portal_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.env["cx.maturity.assessment"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    self.assessment.with_user(user).read(["overall_level"])
                with self.assertRaises(AccessError):
                    self.env["cx.maturity.question"].with_user(user).search([])

    def test_multi_company(self):
        foreign = self._assess({}, company_id=self.company_b.id)
        Assessment = self.env["cx.maturity.assessment"].with_user(self.cx_manager)
        self.assertNotIn(foreign, Assessment.search([]))
        self.assertIn(self.assessment, Assessment.search([]))
        with self.assertRaises(AccessError):
            foreign.with_user(self.cx_manager).read(["overall_level"])
