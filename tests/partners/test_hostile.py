"""Issue 13, the partner API under hostile input: one Idempotency-Key with a different body is
refused even when the two calls race (INT-15), and a contact names a bounded number of children
and people."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from frontdoor.intake.models import Contact
from frontdoor.partners import services
from frontdoor.partners.models import IdempotencyRecord
from tests.partners.conftest import api_client, school_contact
from tests.partners.test_api import post_contact


def race(monkeypatch: pytest.MonkeyPatch, secret: str, bodies: list[dict[str, Any]]) -> list[Any]:
    """Each body sent with the same key from its own thread (its own database connection). Each
    call waits at the submit service until the others have reached it too (or 3 seconds have
    passed, for a call that the database makes wait for the first), so that on the old code
    every call had looked for the key, and found none, before any had made its contact."""
    barrier = threading.Barrier(len(bodies))
    submit = services.submit

    def submit_together(*args: Any, **kwargs: Any) -> Any:
        try:
            barrier.wait(timeout=3)
        except threading.BrokenBarrierError:
            pass
        return submit(*args, **kwargs)

    monkeypatch.setattr(services, "submit", submit_together)
    responses: list[Any] = [None] * len(bodies)
    failures: list[BaseException] = []

    def call(i: int) -> None:
        try:
            responses[i] = post_contact(api_client(secret), bodies[i], key="race-key-1")
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    return [r for r in responses if r is not None]


@pytest.mark.django_db(transaction=True)
def test_issue13_int15_concurrent_calls_with_one_key_and_different_bodies_one_is_refused(  # type: ignore[no-untyped-def]
    partner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both got 201 and the second body was silently lost."""
    _, secret = partner
    first, second = school_contact(), school_contact(concern="A different worry about another child entirely")
    responses = race(monkeypatch, secret, [first, second])
    codes = sorted(r.status_code for r in responses)
    assert codes == [201, 422], [r.content for r in responses]
    refused = next(r for r in responses if r.status_code == 422)
    assert "used before with a different request" in refused.json()["detail"]
    contact = Contact.objects.get()
    accepted = next(r for r in responses if r.status_code == 201)
    assert accepted.json()["reference"] == contact.reference
    record = IdempotencyRecord.objects.get()
    assert record.status_code == 201 and record.response["reference"] == contact.reference


@pytest.mark.django_db(transaction=True)
def test_issue13_int15_concurrent_calls_with_one_key_and_the_same_body_get_the_same_answer(  # type: ignore[no-untyped-def]
    partner, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, secret = partner
    responses = race(monkeypatch, secret, [school_contact(), school_contact()])
    assert [r.status_code for r in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert sorted(r.get("Idempotent-Replayed", "") for r in responses) == ["", "true"]
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_issue13_a_refused_request_does_not_use_up_its_key(partner) -> None:  # type: ignore[no-untyped-def]
    _, secret = partner
    client = api_client(secret)
    bad = post_contact(client, school_contact(children=[]), key="fix-and-retry")
    assert bad.status_code == 422
    assert post_contact(client, school_contact(), key="fix-and-retry").status_code == 201


@pytest.mark.django_db
def test_issue13_children_and_people_per_contact_are_capped(partner, settings) -> None:  # type: ignore[no-untyped-def]
    """5,000 children were accepted (and the staff page was then 4.3 MB)."""
    _, secret = partner
    client = api_client(secret)
    child = school_contact()["children"][0]
    response = post_contact(client, school_contact(children=[child] * 5000))
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "children",
            "message": "A contact can name up to 30 children. Send a separate contact for the other children",
        }
    ]
    person = school_contact()["people"][0]
    response = post_contact(client, school_contact(people=[person] * 51))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "people"
    assert "up to 50 other people" in response.json()["errors"][0]["message"]
    assert Contact.objects.count() == 0
    assert post_contact(client, school_contact(children=[child] * 30, people=[person] * 50)).status_code == 201
