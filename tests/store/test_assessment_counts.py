"""考核's register counts per unit: by SQL where the fields are plain, the same as counting the
decoded records (which an encrypted unit or date field still needs)."""

from __future__ import annotations

from desktop.forms.loader import default_forms
from desktop.store.assessment import _counted, _decoded_counts
from desktop.store.database import Database
from desktop.store.register_names import quote
from desktop.store.vault import PLAIN


def test_sql_counts_equal_the_decoded_counts(demo_year: tuple[Database, int]) -> None:
    db, year = demo_year
    forms = [f for f in default_forms().forms if f.unit_field and db.table_exists(f.table)]
    dated = next(f for f in forms if f.date_field and db.scalar(f"SELECT count(*) FROM {f.table}"))
    table, day = quote(dated.table), quote(str(dated.date_field))
    ids = [r[0] for r in db.query_all(f"SELECT id FROM {table} ORDER BY id LIMIT 4")]
    with db.transaction():  # the odd ones: no date, an empty one, another year's, deleted
        db.execute(f"UPDATE {table} SET {day} = NULL WHERE id = :i", {"i": ids[0]})
        db.execute(f"UPDATE {table} SET {day} = '' WHERE id = :i", {"i": ids[1]})
        db.execute(f"UPDATE {table} SET {day} = '1999-05-01' WHERE id = :i", {"i": ids[2]})
        db.execute(
            f"UPDATE {table} SET {day} = :d, deleted_at = '2026-01-01 08:00:00' WHERE id = :i",
            {"i": ids[3], "d": f"{year}-03-01"},
        )
    counted = 0
    for form in forms:
        for when in (year, year - 1, 1999):
            by_sql = _counted(db, form, when)
            assert by_sql == _decoded_counts(db, form, when, PLAIN), (form.id, when)
            counted += sum(by_sql.values()) if by_sql else 0
    assert counted > 0


def test_an_encrypted_field_is_counted_on_decoded_records(demo_year: tuple[Database, int]) -> None:
    db, year = demo_year
    form = next(f for f in default_forms().forms if f.unit_field and f.date_field)
    fields = tuple(f._replace(sensitive=f.id == form.date_field) for f in form.fields)
    assert _counted(db, form._replace(fields=fields), year) is None
