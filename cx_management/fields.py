from psycopg2.extras import Json as PsycopgJson

from odoo import fields


class NullableInteger(fields.Integer):
    """An integer whose empty value stays NULL, so that a score of 0 differs from no score.

    Odoo stores an empty Integer as 0; an NPS of 0 is a real answer, and averages must skip
    the questions a contact did not answer.
    """

    def convert_to_column(self, value, record, values=None, validate=True):
        return None if value is None or value is False else int(value)

    def convert_to_cache(self, value, record, validate=True):
        return None if value is None or value is False else int(value)

    def convert_to_record(self, value, record):
        return False if value is None else value

    def convert_to_export(self, value, record):
        return "" if value is False or value is None else value


class NullableFloat(fields.Float):
    """A float whose empty value stays NULL: an NPS or an effect of 0.0 differs from unknown."""

    def convert_to_column(self, value, record, values=None, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_column(value, record, values, validate)

    def convert_to_column_update(self, value, record):
        if self.company_dependent:
            # {company id: value}: an empty value stays null in the JSON, not 0.0
            return PsycopgJson(
                {
                    company: None if item is None or item is False else float(item)
                    for company, item in value.items()
                }
            )
        return super().convert_to_column_update(value, record)

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_cache(value, record, validate)

    def convert_to_record(self, value, record):
        return False if value is None else value

    def convert_to_export(self, value, record):
        return "" if value is False or value is None else value
