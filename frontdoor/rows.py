"""Many rows of one model in one INSERT, from plain values, without a model instance each.

`QuerySet.bulk_create` makes a model instance per row and prepares every field of every row
through the ORM: for a contact's people (8 rows of 27 columns in bench/intake) that was a
sixth of a submission's CPU. `insert` writes the same rows with the same defaults: each
field's default for a value not given, and each value prepared for the database by its
field (a date, a number), except text, which needs nothing. It sends no signals (none are
connected to the models it is used for), sets no `auto_now` field and returns no ids: use it
where the caller needs none of these. It runs in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from django.db import connection, models

TEXT = frozenset({"CharField", "TextField", "EmailField", "SlugField", "URLField"})


Column = tuple[str, str, "models.Field[Any, Any]", Callable[..., Any] | None]


@cache
def _columns(model: type[models.Model]) -> tuple[Column, ...]:
    """(attribute name, quoted column, field, how to prepare a value) of each column but the id."""
    columns = []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        prepare = None if field.get_internal_type() in TEXT else field.get_db_prep_save
        columns.append((field.attname, connection.ops.quote_name(field.column), field, prepare))
    return tuple(columns)


def insert(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """INSERT `rows` (attribute name to value; a missing one takes the field's default) into
    `model`'s table, in as few statements as the database's parameter limit allows. Returns
    how many rows were written."""
    if not rows:
        return 0
    columns = _columns(model)
    known = {attname for attname, *_ in columns}
    for row in rows:
        unknown = row.keys() - known
        if unknown:
            raise ValueError(f"{model._meta.label} has no column {sorted(unknown)}")
    values = []
    for row in rows:
        for attname, _, field, prepare in columns:
            value = row[attname] if attname in row else field.get_default()
            values.append(value if prepare is None or value is None else prepare(value, connection))
    width = len(columns)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(column for _, column, _, _ in columns)
    placeholder = "(" + ", ".join(["%s"] * width) + ")"
    batch = max(1, connection.ops.bulk_batch_size([field for _, _, field, _ in columns], rows))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            count = min(batch, len(rows) - start)
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([placeholder] * count)}",  # noqa: S608 - our names
                values[start * width : (start + count) * width],
            )
    return len(rows)
