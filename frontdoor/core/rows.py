"""Many rows of one model in one INSERT from plain values, without a model instance each.

`QuerySet.bulk_create` makes a model instance per row and prepares every field of every row
through the ORM, and its statement has one parameter per value: for a contact's 8 people,
216 parameters, which psycopg parses out of the statement again on every send (it caches
statements of up to 50 parameters only). Together that was over a quarter of a public send's
CPU (issue 13, leak 11; docs/decisions/0020).

`insert` writes the same rows with the same values (each field's default for a value not
given, each value prepared for the database by its field, text as it is) as one JSON
document in one parameter, which the database spreads into rows itself:
`json_populate_recordset` on PostgreSQL (by column name, cast to each column's type),
`json_each` on SQLite. It sends no signals (none are connected to the models it is used for),
sets no `auto_now` field and returns no ids: use it where the caller needs none of these.
It runs in the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

TEXT = frozenset({"CharField", "TextField", "EmailField", "SlugField", "URLField"})

# (attribute name, column, field, how to prepare a value for the database or None for text)
Column = tuple[str, str, "models.Field[Any, Any]", Callable[..., Any] | None]


@cache
def _columns(model: type[models.Model]) -> tuple[Column, ...]:
    return tuple(
        (field.attname, field.column, field, None if field.get_internal_type() in TEXT else field.get_db_prep_save)
        for field in model._meta.concrete_fields
        if not field.primary_key
    )


def _statement(model: type[models.Model]) -> str:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [column for _, column, _, _ in _columns(model)]
    names = ", ".join(quote(column) for column in columns)
    if connection.vendor == "postgresql":
        return f"INSERT INTO {table} ({names}) SELECT {names} FROM json_populate_recordset(NULL::{table}, %s)"  # noqa: S608
    if connection.vendor == "sqlite":
        values = ", ".join(f"json_extract(value, '$.{column}')" for column in columns)
        return f"INSERT INTO {table} ({names}) SELECT {values} FROM json_each(%s)"  # noqa: S608
    raise NotImplementedError(f"rows.insert does not know {connection.vendor}")


def insert(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """INSERT `rows` (attribute name to value; a missing one takes the field's default) into
    `model`'s table in one statement. Returns how many rows were written."""
    if not rows:
        return 0
    columns = _columns(model)
    known = {attname for attname, *_ in columns}
    document = []
    for row in rows:
        unknown = row.keys() - known
        if unknown:
            raise ValueError(f"{model._meta.label} has no column {sorted(unknown)}")
        values = {}
        for attname, column, field, prepare in columns:
            value = row[attname] if attname in row else field.get_default()
            values[column] = value if prepare is None or value is None else prepare(value, connection)
        document.append(values)
    with connection.cursor() as cursor:
        cursor.execute(_statement(model), [json.dumps(document, cls=DjangoJSONEncoder)])
    return len(rows)
