"""frontdoor.core.rows.insert: many rows in one INSERT from plain values (issue 13, leak 11). It must
write what the ORM would have written: the same defaults, dates and numbers prepared for the
database, text exactly as given, and every row, in one statement."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontdoor.core import rows
from frontdoor.intake.models import Contact, ContactPerson

pytestmark = pytest.mark.django_db


def _contact() -> Contact:
    now = timezone.now()
    return Contact.objects.create(
        reference=f"FD-{uuid.uuid4().hex[:4].upper()}-TEST",
        submission_key=uuid.uuid4(),
        received_at=now,
        form_type="green",
        referrer_type="public",
        concern="A worry",
        queue="screening",
        decision_due_at=now,
        acknowledgement_due_at=now,
    )


def _people(contact: Contact) -> list[dict[str, object]]:
    return [{k: v for k, v in model_to_dict(p).items() if k not in ("id", "contact")} for p in contact.people.all()]


def test_insert_writes_what_bulk_create_writes() -> None:
    given: list[dict[str, Any]] = [
        {
            "role": "child",
            "given_names": "Jayden",
            "family_name": "Smith",
            "date_of_birth": dt.date(2019, 4, 3),
            "nhs_number": "9434765919",
            "address": "14 Elm Road",
        },
        {"role": "unborn", "expected_date": dt.date(2027, 1, 9)},
        {"role": "parent", "given_names": "Liz", "has_parental_responsibility": "yes"},
    ]
    by_orm, by_rows = _contact(), _contact()
    ContactPerson.objects.bulk_create(ContactPerson(contact=by_orm, position=i, **p) for i, p in enumerate(given))
    plain = [{"contact_id": by_rows.pk, "position": i, **p} for i, p in enumerate(given)]
    with CaptureQueriesContext(connection) as queries:
        assert rows.insert(ContactPerson, plain) == 3
    assert len(queries) == 1
    assert _people(by_rows) == _people(by_orm)
    unborn = by_rows.people.get(role="unborn")
    assert unborn.expected_date == dt.date(2027, 1, 9) and unborn.date_of_birth is None and unborn.given_names == ""


def test_insert_refuses_a_column_the_model_does_not_have() -> None:
    contact = _contact()
    with pytest.raises(ValueError, match="no column"):
        rows.insert(ContactPerson, [{"contact_id": contact.pk, "role": "child", "favourite_colour": "blue"}])
    assert not contact.people.exists()


def test_insert_writes_many_rows_in_one_statement_with_one_parameter() -> None:
    contact = _contact()
    many = [{"contact_id": contact.pk, "position": i, "role": "other", "given_names": f"P{i}"} for i in range(120)]
    with CaptureQueriesContext(connection) as queries:
        assert rows.insert(ContactPerson, many) == 120  # 3,240 values: over SQLite's 999 parameters a statement
    assert len(queries) == 1
    names = contact.people.order_by("position").values_list("given_names", flat=True)
    assert list(names) == [f"P{i}" for i in range(120)]


def test_insert_keeps_text_as_it_was_given() -> None:
    contact = _contact()
    awkward = 'Zoë O\'Brien-Smith "Zed" \\ 50% {x} $.role \n\u2028 \U0001f600'
    rows.insert(ContactPerson, [{"contact_id": contact.pk, "role": "other", "description": awkward}])
    assert contact.people.get().description == awkward


def test_insert_of_nothing_writes_nothing() -> None:
    with CaptureQueriesContext(connection) as queries:
        assert rows.insert(ContactPerson, []) == 0
    assert len(queries) == 0
