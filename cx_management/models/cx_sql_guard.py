import re

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, split_every
from odoo.tools.translate import translate_sql_constraint

UNIQUE = re.compile(r"^\s*unique\s*\(([\w\s,]+)\)\s*$", re.IGNORECASE)
CHECK = re.compile(r"^\s*check\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)
BATCH = 1000


class CxSqlGuard(models.AbstractModel):
    """Refuses, before the database does, a save its SQL constraints would refuse.

    The SQL constraints (`_sql_constraints`: CHECK and UNIQUE) and the NOT NULL of required
    fields stay the last guard, but a save they refuse is logged by Odoo as an
    `ERROR odoo.sql_db: bad query` with the whole statement, and a refused import of a
    hundred rows logs a hundred of them. This mixin evaluates the same constraints first, in
    one query per constraint and batch: the candidate rows (the values being created, or the
    records' values with the ones being written) are checked by PostgreSQL with the
    constraint's own expression, so there is one definition of each rule. A refused save
    raises one ValidationError naming every broken constraint (with its translated message),
    and nothing is written.

    Values set later by the ORM (stored computed fields that are not precomputed) are not
    known yet and are left to the SQL constraints.
    """

    _name = "cx.sql.guard"
    _description = "Constraints Checked Before the Database"

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def _create(self, data_list):
        self._cx_guard_create([data["stored"] for data in data_list])
        return super()._create(data_list)

    def write(self, vals):
        if self:
            self._cx_guard_write(vals)
        return super().write(vals)

    # ------------------------------------------------------------
    # THE CHECKS
    # ------------------------------------------------------------

    @api.model
    def _cx_guard_constraints(self):
        """[(name, kind, expression or columns, message key)] of the model's SQL constraints."""
        result = []
        for name, definition, _message in self._sql_constraints:
            if match := UNIQUE.match(definition):
                columns = [column.strip() for column in match.group(1).split(",")]
                result.append((name, "unique", columns))
            elif match := CHECK.match(definition):
                expression = match.group(1)
                columns = [
                    fname
                    for fname, field in self._fields.items()
                    if field.store
                    and field.column_type
                    and re.search(rf"\b{re.escape(fname)}\b", expression)
                ]
                result.append((name, "check", expression, columns))
        return result

    def _cx_guard_message(self, name):
        key = f"{self._table}_{name}"
        lang = self.env.lang or "en_US"
        try:
            return translate_sql_constraint(self.env.cr, key, lang)
        except TypeError:  # not registered yet (module being installed)
            return next(message for cons, _d, message in self._sql_constraints if cons == name)

    def _cx_guard_required(self, rows):
        """Messages for the required columns left empty (rows: {field name: value})."""
        messages = []
        for fname, field in self._fields.items():
            if not (field.required and field.store and field.column_type) or fname == "id":
                continue
            if field.compute and not field.precompute:
                continue
            if field.type in ("boolean", "integer", "float", "monetary"):
                empty = any(fname not in row or row[fname] is None for row in rows)
            else:
                empty = any(row.get(fname) in (None, False) for row in rows)
            if empty:
                messages.append(
                    self.env._(
                        "The field '%(field)s' is required.",
                        field=field._description_string(self.env),
                    )
                )
        return messages

    def _cx_guard_create(self, stored_list):
        rows = [
            {
                fname: self._fields[fname].convert_to_column_insert(value, self, stored)
                for fname, value in stored.items()
                if self._fields[fname].column_type
            }
            for stored in stored_list
        ]
        messages = self._cx_guard_required(rows)
        constraints = self._cx_guard_constraints()
        if constraints:
            self.flush_model()
        for constraint in constraints:
            columns = constraint[2] if constraint[1] == "unique" else constraint[3]
            for batch in split_every(BATCH, rows):
                if self._cx_guard_violated(constraint, self._cx_guard_values(columns, batch)):
                    messages.append(self._cx_guard_message(constraint[0]))
                    break
        if messages:
            raise ValidationError("\n".join(dict.fromkeys(messages)))

    def _cx_guard_write(self, vals):
        names = {
            fname for fname in vals if fname in self._fields and self._fields[fname].column_type
        }
        if not names:
            return
        new = {
            fname: self._fields[fname].convert_to_column_update(
                self._fields[fname].convert_to_cache(vals[fname], self[:1]), self[:1]
            )
            for fname in names
            if self._fields[fname].store
        }
        # only the values written can empty a required column
        messages = self._cx_guard_required([dict.fromkeys(self._fields, True) | new])
        constraints = [
            constraint
            for constraint in self._cx_guard_constraints()
            if names & set(constraint[2] if constraint[1] == "unique" else constraint[3])
        ]
        if constraints:
            self.flush_model()
        for constraint in constraints:
            columns = constraint[2] if constraint[1] == "unique" else constraint[3]
            for ids in split_every(BATCH, self.ids):
                if self._cx_guard_violated(constraint, self._cx_guard_records(columns, ids, new)):
                    messages.append(self._cx_guard_message(constraint[0]))
                    break
        if messages:
            raise ValidationError("\n".join(dict.fromkeys(messages)))

    def _cx_guard_cast(self, fname):
        return SQL(self._fields[fname].column_type[1])

    def _cx_guard_values(self, columns, rows):
        """The candidate rows as SQL: (VALUES ...) AS candidate(_cx_row, <columns>)."""
        values = SQL(", ").join(
            SQL(
                "(%s)",
                SQL(", ").join(
                    [
                        SQL("%s", index),
                        *(
                            SQL("%s::%s", row.get(fname), self._cx_guard_cast(fname))
                            for fname in columns
                        ),
                    ]
                ),
            )
            for index, row in enumerate(rows)
        )
        return SQL(
            "(VALUES %s) AS candidate(%s)",
            values,
            SQL(", ").join(map(SQL.identifier, ["_cx_row", *columns])),
        )

    def _cx_guard_records(self, columns, ids, new):
        """The records' rows with the written values, as SQL: (...) AS candidate(...)."""
        selected = SQL(", ").join(
            [
                SQL("t.id AS _cx_row"),
                *(
                    SQL(
                        "%s::%s AS %s",
                        new[fname],
                        self._cx_guard_cast(fname),
                        SQL.identifier(fname),
                    )
                    if fname in new
                    else SQL("t.%s", SQL.identifier(fname))
                    for fname in columns
                ),
            ]
        )
        return SQL(
            "(SELECT %s FROM %s t WHERE t.id IN %s) AS candidate",
            selected,
            SQL.identifier(self._table),
            tuple(ids),
        )

    def _cx_guard_violated(self, constraint, candidate):
        """Whether one candidate row breaks the constraint (with the table or each other)."""
        if constraint[1] == "check":
            # the constraint's own expression, read on the candidate row
            query = SQL(
                "SELECT 1 FROM %s WHERE NOT COALESCE((%s), TRUE) LIMIT 1",
                candidate,
                SQL(constraint[2]),
            )
        else:
            columns = constraint[2]
            same = SQL(" AND ").join(
                SQL("t.%s = candidate.%s", SQL.identifier(c), SQL.identifier(c)) for c in columns
            )
            pair = SQL(" AND ").join(
                SQL("other.%s = candidate.%s", SQL.identifier(c), SQL.identifier(c))
                for c in columns
            )
            # another row of the table (not one of the records written), or of the candidates
            query = SQL(
                """
                WITH candidate AS (SELECT * FROM %(candidate)s)
                SELECT 1 FROM candidate
                 WHERE EXISTS (SELECT 1 FROM %(table)s t
                                WHERE %(same)s AND t.id NOT IN %(ids)s)
                    OR EXISTS (SELECT 1 FROM candidate other
                                WHERE %(pair)s AND other._cx_row <> candidate._cx_row)
                 LIMIT 1
                """,
                candidate=candidate,
                table=SQL.identifier(self._table),
                same=same,
                pair=pair,
                ids=tuple(self.ids) or (0,),
            )
        self.env.cr.execute(query)
        return bool(self.env.cr.fetchone())
