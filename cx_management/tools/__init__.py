"""Pure formulas of the method: no ORM, no database; tested on plain data."""
