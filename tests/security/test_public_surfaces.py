"""SEC-3, SEC-4: the public surfaces: rate limits, spam checks without a CAPTCHA, security
headers, and documents kept out of the web root and served only to staff, safely."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from frontdoor.intake import limits
from frontdoor.intake.models import Attachment, Contact, RateCount
from frontdoor.policy.council import COUNCIL
from tests.intake.answers import PROFESSIONAL_SCHOOL, PUBLIC_ANONYMOUS, answer_all, send, step_url
from tests.intake.test_staff_entry import MONDAY_MORNING, arrival

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _upload(client: Client, data: bytes = PDF, name: str = "letter.pdf") -> Any:
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(step_url("public", "documents"), {"document": upload, "action": "upload"})


def _assert_429_page(response: Any) -> None:
    assert response.status_code == 429
    body = response.content.decode()
    assert "999" in body and COUNCIL.customer_service_phone in body and COUNCIL.out_of_hours_phone in body
    assert "Nothing you have already told us is lost" in body
    assert response["Retry-After"]


# Rate limits -------------------------------------------------------------------------------


def test_sec3_sending_is_rate_limited_per_ip_and_the_answers_survive_the_limit(settings: SettingsWrapper) -> None:
    settings.FRONTDOOR_RATELIMIT_PUBLIC_SEND = "2/h"
    settings.FRONTDOOR_SPAM_MIN_SECONDS = 0
    for _ in range(2):
        client = Client()
        assert send(client, answer_all(client, PUBLIC_ANONYMOUS)).status_code == 302
    third = Client()
    key = answer_all(third, PUBLIC_ANONYMOUS)
    _assert_429_page(send(third, key))
    assert Contact.objects.count() == 2
    # Another address is counted on its own.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert send(other, answer_all(other, PUBLIC_ANONYMOUS)).status_code == 302
    # The limited person's answers were kept: once the limit allows, the same journey is sent.
    settings.FRONTDOOR_RATELIMIT_PUBLIC_SEND = "100/h"
    response = send(third, key)
    assert response.status_code == 302
    assert Contact.objects.filter(submission_key=key).count() == 1


def test_sec3_uploads_are_rate_limited(settings: SettingsWrapper) -> None:
    settings.FRONTDOOR_RATELIMIT_PUBLIC_UPLOAD = "2/h"
    client = Client()
    client.get(step_url("public", "danger"))
    assert _upload(client).status_code == 302
    assert _upload(client).status_code == 302
    _assert_429_page(_upload(client))
    assert Attachment.objects.count() == 2


def test_sec3_status_lookup_is_rate_limited(settings: SettingsWrapper) -> None:
    settings.FRONTDOOR_RATELIMIT_STATUS_LOOKUP = "3/h"
    client = Client()
    for _ in range(3):
        response = client.post("/status/", {"reference": "FD-AAAA-BBBB", "secret": "AAAAA-BBBBB"})
        assert response.status_code == 400 and "We cannot find a contact" in response.content.decode()
    _assert_429_page(client.post("/status/", {"reference": "FD-AAAA-BBBB", "secret": "AAAAA-BBBBB"}))
    assert client.get("/status/").status_code == 200  # reading the page is never limited


def test_sec3_a_rate_limit_count_is_one_statement_in_a_table_all_web_processes_share() -> None:
    """Every gunicorn worker process must see the same counts: a table of the database, counted
    with one statement (issue 13: django's database cache took five to ten per count)."""
    request = RequestFactory(REMOTE_ADDR="192.0.2.9").post("/status/")
    with CaptureQueriesContext(connection) as queries:
        assert not limits.limited(request, limits.STATUS)
    assert len(queries) == 1 and "ON CONFLICT" in queries[0]["sql"]
    assert RateCount.objects.get(name__contains=":192.0.2.9:").hits == 1
    assert not limits.limited(RequestFactory(REMOTE_ADDR="192.0.2.9").get("/status/"), limits.STATUS)  # not counted
    assert RateCount.objects.get(name__contains=":192.0.2.9:").hits == 1


def test_sec3_rates_are_read_as_written() -> None:
    assert limits.parse_rate("10/h") == (10, 3600)
    assert limits.parse_rate("100000/m") == (100000, 60)
    assert limits.parse_rate("5/10m") == (5, 600)
    with pytest.raises(ValueError, match="Not a rate"):
        limits.parse_rate("10 per hour")


@pytest.mark.django_db(transaction=True)
def test_sec3_concurrent_counts_are_exact(settings: SettingsWrapper) -> None:
    """Real concurrent connections (threads), on SQLite and on PostgreSQL: 8 x 25 counts are 200,
    and the limit lets exactly its number through (the database cache's read-then-write let extra ones pass)."""
    settings.FRONTDOOR_RATELIMIT_STATUS_LOOKUP = "150/h"
    passed: list[bool] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def run() -> None:
        try:
            barrier.wait()
            for _ in range(25):
                passed.append(
                    not limits.limited(RequestFactory(REMOTE_ADDR="192.0.2.10").post("/status/"), limits.STATUS)
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert RateCount.objects.get(name__contains=":192.0.2.10:").hits == 200
    assert passed.count(True) == 150


# Spam without a CAPTCHA ---------------------------------------------------------------------


def _rules(contact: Contact) -> list[str]:
    return [firing["rule"] for firing in contact.routing]


def _backdate_journey(client: Client, seconds: int) -> None:
    session = client.session
    journey = session["journey:public"]
    journey["started_at"] = (timezone.now() - dt.timedelta(seconds=seconds)).isoformat()
    session["journey:public"] = journey
    session.save()


def test_sec3_a_contact_sent_faster_than_a_person_could_is_kept_and_flagged(settings: SettingsWrapper) -> None:
    settings.FRONTDOOR_SPAM_MIN_SECONDS = 30
    fast = Client()
    assert send(fast, answer_all(fast, PUBLIC_ANONYMOUS)).status_code == 302
    assert "suspected_automated" in _rules(Contact.objects.get())

    person = Client()
    key = answer_all(person, PUBLIC_ANONYMOUS)
    _backdate_journey(person, 120)
    assert send(person, key).status_code == 302
    assert "suspected_automated" not in _rules(Contact.objects.get(submission_key=key))


def test_sec3_a_missing_or_forged_start_time_is_kept_and_flagged(settings: SettingsWrapper) -> None:
    settings.FRONTDOOR_SPAM_MIN_SECONDS = 0
    for forged in (None, "2020-01-01T00:00:00+00:00", "not:signed"):
        client = Client()
        key = answer_all(client, PUBLIC_ANONYMOUS)
        data = {"submission_key": key, **({"fd_started": forged} if forged else {})}
        assert client.post(step_url("public", "check"), data).status_code == 302
        assert "suspected_automated" in _rules(Contact.objects.get(submission_key=key))


def test_sec3_flagged_contacts_are_shown_to_staff_for_review(staff_client: Client, settings: SettingsWrapper) -> None:
    settings.FRONTDOOR_SPAM_MIN_SECONDS = 3600
    client = Client()
    send(client, answer_all(client, PUBLIC_ANONYMOUS))
    contact = Contact.objects.get()
    assert contact.status != "closed"  # kept, screened like any other (INT-2)
    page = staff_client.get(f"/staff/contacts/{contact.reference}/").content.decode()
    assert "Possibly sent by a program" in page


def test_sec3_the_honeypot_is_hidden_from_people_and_screen_readers_and_explains_itself() -> None:
    client = Client()
    answer_all(client, PUBLIC_ANONYMOUS)
    page = client.get(step_url("public", "check")).content.decode()
    block = page[page.index('class="fd-honeypot"') - 5 : page.index('name="fd_hp_leave_empty"') + 80]
    assert 'aria-hidden="true"' in block and 'tabindex="-1"' in block and 'autocomplete="off"' in block
    assert "Leave this field empty" in block
    assert 'name="fd_started"' in page


def test_sec3_staff_entries_are_never_flagged(staff_client: Client, settings: SettingsWrapper) -> None:
    settings.FRONTDOOR_SPAM_MIN_SECONDS = 3600
    key = answer_all(staff_client, PROFESSIONAL_SCHOOL, mode="staff", arrival=arrival("phone", MONDAY_MORNING))
    assert send(staff_client, key, mode="staff").status_code == 302
    assert "suspected_automated" not in _rules(Contact.objects.get(submission_key=key))


# Security headers ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/report/danger/", "/status/", "/accounts/sign-in/"])
def test_sec3_security_headers_on_public_pages(path: str) -> None:
    response = Client().get(path)
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert re.fullmatch(r"'self' 'nonce-[A-Za-z0-9_-]{20,}'", directives["script-src"])
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    # The one inline script carries this response's nonce; no other inline script or style.
    nonce = directives["script-src"].split("'nonce-")[1].rstrip("'")
    body = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
    assert inline == [f' nonce="{nonce}"'], inline
    assert "<style" not in body and " style=" not in body


def test_sec3_each_response_has_its_own_nonce() -> None:
    first, second = Client().get("/")["Content-Security-Policy"], Client().get("/")["Content-Security-Policy"]
    assert first != second


def test_sec3_hsts_is_sent_over_https_when_configured(settings: SettingsWrapper) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    assert "Strict-Transport-Security" not in Client().get("/")  # never over plain HTTP
    response = Client().get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


TEMPLATES = sorted(Path(settings.BASE_DIR, "frontdoor").glob("**/templates/**/*.html"))


def test_sec3_no_template_has_inline_script_style_or_event_handler() -> None:
    """A strict CSP blocks them, so none may exist: every script and style is a file from 'self'."""
    problems = []
    for template in TEMPLATES:
        text = template.read_text()
        for pattern in (r"<script(?![^>]*\bsrc=)", r"<style", r"\sstyle\s*=", r"\son[a-z]+\s*=", r"javascript:"):
            if re.search(pattern, text, re.IGNORECASE):
                problems.append(f"{template.relative_to(settings.BASE_DIR)}: {pattern}")
    print(f"{len(TEMPLATES)} templates checked for inline scripts, styles and event handlers")
    assert len(TEMPLATES) > 20 and problems == []


# Documents ----------------------------------------------------------------------------------


def _contact_with_document(data: bytes = PDF, name: str = "letter.pdf") -> tuple[Contact, Attachment, Client]:
    sender = Client()
    key = answer_all(sender, PUBLIC_ANONYMOUS)
    assert _upload(sender, data, name).status_code == 302
    send(sender, key)
    contact = Contact.objects.get(submission_key=key)
    return contact, contact.attachments.get(), sender


def test_sec3_documents_are_kept_in_the_database_not_under_the_web_root() -> None:
    contact, attachment, _ = _contact_with_document()
    assert bytes(attachment.data) == PDF
    assert not any(
        f.get_internal_type() == "FileField" for f in Attachment._meta.get_fields() if hasattr(f, "get_internal_type")
    )
    assert not getattr(settings, "MEDIA_ROOT", "")
    static_root = Path(settings.STATIC_ROOT)
    assert not any(p.is_file() and p.read_bytes() == PDF for p in static_root.rglob("*.pdf"))
    for guess in (f"/static/{attachment.filename}", f"/media/{attachment.filename}", f"/static/{attachment.id}"):
        assert Client().get(guess).status_code == 404


def test_sec3_documents_are_served_only_to_staff_and_only_as_downloads(staff_client: Client) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    contact, attachment, sender = _contact_with_document()
    url = f"/staff/contacts/{contact.reference}/documents/{attachment.id}/"
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/sign-in/")
    assert sender.get(url).status_code == 302  # the referrer who sent it is not staff
    response = staff_client.get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    # An SVG (script inside) is refused at upload, so it can never be served.
    refused = _upload(Client(), svg, "picture.svg")
    assert refused.status_code == 400
    # A stored type that is not one the upload check gives is served as opaque bytes.
    Attachment.objects.filter(pk=attachment.pk).update(content_type="text/html")
    assert staff_client.get(url)["Content-Type"] == "application/octet-stream"


# Requests refused before a view answers --------------------------------------------------------------


def test_sec4_a_malformed_request_gets_a_govuk_page_with_a_message() -> None:
    client = Client()
    client.get(step_url("public", "danger"))
    body = (
        b'--x\r\nContent-Disposition: form-data; name="document"; filename="'
        + b"a" * 20000
        + b'"\r\n\r\nx\r\n--x--\r\n'
    )
    response = client.generic(
        "POST", step_url("public", "documents"), body, content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and "could not be read" in page and "999" in page
    assert "Content-Security-Policy" in response


def test_sec4_a_missing_page_gets_a_govuk_page() -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert COUNCIL.customer_service_phone in response.content.decode()
