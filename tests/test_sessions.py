"""frontdoor.core.sessions: Django's database sessions at one plain statement per read or write, and a
sent contact committed with the browser's session (issue 13, leak 11). What a session guarantees
must not change with it: expiry (SEC-1), a session ended elsewhere is not brought back, and a
confirmation and receipt only for the browser that sent the contact (issue 13 item 3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontdoor.core.sessions import SessionStore, save_with_transaction
from frontdoor.intake import services, views
from frontdoor.intake.models import Contact
from tests.intake.answers import PROFESSIONAL_SCHOOL, answer_all, send, step_url

pytestmark = pytest.mark.django_db


def test_a_session_is_kept_read_back_and_refreshed_as_djangos_own() -> None:
    store = SessionStore()
    store["journey"] = {"key": "k", "answers": {"danger": {"immediate_danger": "no"}}}
    store.save()
    row = Session.objects.get(session_key=store.session_key)
    assert row.get_decoded() == {"journey": {"key": "k", "answers": {"danger": {"immediate_danger": "no"}}}}
    assert row.expire_date > timezone.now() + dt.timedelta(minutes=29)
    with CaptureQueriesContext(connection) as read:
        again = SessionStore(store.session_key)
        assert again["journey"]["key"] == "k"
    assert len(read) == 1


def test_sec1_an_expired_session_is_not_read_and_its_key_is_not_reused() -> None:
    store = SessionStore()
    store["a"] = 1
    store.save()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    stale = SessionStore(store.session_key)
    assert stale.get("a") is None
    stale["b"] = 2
    stale.save()
    assert stale.session_key != store.session_key  # a new session, not the expired one written again


def test_sec1_a_session_ended_elsewhere_is_not_written_back() -> None:
    """Signed out in another tab while a request was running: the request's save must not bring the
    session back (Django's UpdateError, which the middleware turns into SessionInterrupted)."""
    store = SessionStore()
    store["a"] = 1
    store.save()
    request_view = SessionStore(store.session_key)
    assert request_view["a"] == 1
    Session.objects.filter(session_key=store.session_key).delete()
    request_view["a"] = 2
    with pytest.raises(UpdateError):
        request_view.save()
    assert not Session.objects.filter(session_key=store.session_key).exists()


def test_a_session_saved_in_the_request_is_not_written_again_unless_changed() -> None:
    first = SessionStore()
    first["a"] = 0
    first.save()
    store = SessionStore(first.session_key)  # the next request's
    store["a"] = 1
    store.save()  # the view's save, in its transaction
    with CaptureQueriesContext(connection) as unchanged:
        store.save()  # the middleware's save, after the view saved it in its transaction
    assert len(unchanged) == 0
    store["a"] = 2
    with CaptureQueriesContext(connection) as changed:
        store.save()
    assert len(changed) == 1
    assert SessionStore(store.session_key)["a"] == 2


@pytest.mark.django_db(transaction=True)
def test_save_with_transaction_refuses_to_run_outside_a_transaction() -> None:
    """Outside a transaction it would commit the session alone: a mistake, refused."""
    store = SessionStore()
    store["a"] = 1
    with pytest.raises(RuntimeError):
        save_with_transaction(store)
    with transaction.atomic():
        save_with_transaction(store)
    assert SessionStore(store.session_key)["a"] == 1


@pytest.mark.django_db(transaction=True)
def test_issue13_sending_commits_the_contact_and_the_browsers_session_once_together(settings: Any) -> None:
    """One commit per send (it was two: the contact's, then the session's), and the session row
    written in it: the journey gone and the sent key remembered, with the contact."""
    settings.FRONTDOOR_SPAM_MIN_SECONDS = 0
    browser = Client()
    key = answer_all(browser, PROFESSIONAL_SCHOOL)
    page = browser.get(step_url("public", "check")).content.decode()
    started = page.split('name="fd_started" value="')[1].split('"')[0]
    writes: list[tuple[str, bool]] = []

    def watch(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        words = sql.split()
        if words[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            table = words[2] if words[0].upper() in ("INSERT", "DELETE") else words[1]
            writes.append((table.strip('"'), connection.in_atomic_block))
        return execute(sql, params, many, context)

    commits = 0
    real_commit = connection.commit

    def commit() -> None:
        nonlocal commits
        commits += 1
        real_commit()

    connection.commit = commit  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(watch):
            response = browser.post(step_url("public", "check"), {"submission_key": key, "fd_started": started})
    finally:
        del connection.commit
    assert response.status_code == 302
    contact = Contact.objects.get(submission_key=key)
    assert commits == 1
    in_transaction = {table for table, atomic in writes if atomic}
    assert {"intake_contact", "django_session"} <= in_transaction
    # Outside it only the rate limit's count, which is committed at once by design (intake.limits).
    assert [table for table, atomic in writes if not atomic] == ["intake_ratecount"]
    session = Session.objects.get(session_key=browser.cookies["sessionid"].value).get_decoded()
    assert "journey:public" not in session
    assert session[views.SENT_JOURNEYS] == [key]
    assert session[views.LAST_SUBMISSION]["reference"] == contact.reference


def test_issue13_a_contact_is_kept_when_the_session_ended_during_the_send(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing accepted is lost: a session ended while the contact was being committed (the UPDATE
    finds no row) does not roll the contact back. The browser is told its session was interrupted,
    as before; the contact is with the council."""
    browser = Client()
    key = answer_all(browser, PROFESSIONAL_SCHOOL)
    submit = services.submit_contact

    def ended_meanwhile(*args: Any, **kwargs: Any) -> Any:
        submission = submit(*args, **kwargs)
        Session.objects.filter(session_key=browser.cookies["sessionid"].value).delete()
        return submission

    monkeypatch.setattr(services, "submit_contact", ended_meanwhile)
    response = send(browser, key)
    assert response.status_code == 400  # Django's SessionInterrupted
    assert Contact.objects.filter(submission_key=key).count() == 1


def test_issue13_the_receipt_is_still_only_for_the_browser_that_sent_it() -> None:
    """Under this session store: another browser holding the sender's journey key and the
    reference sees no confirmation and no receipt; the sender sees both."""
    owner = Client()
    key = answer_all(owner, PROFESSIONAL_SCHOOL)
    sent = send(owner, key)
    assert sent.status_code == 302
    contact = Contact.objects.get(submission_key=key)
    assert owner.get(sent["Location"]).status_code == 200
    assert owner.get(f"/sent/{contact.reference}/receipt.pdf").status_code == 200
    other = Client()
    assert other.get(step_url("public", "danger")).status_code == 200
    assert send(other, key).status_code == 409
    assert other.get(f"/sent/{contact.reference}/").status_code == 404
    assert other.get(f"/sent/{contact.reference}/receipt.pdf").status_code == 404
