"""SEC-4 (and SEC-3): property-based tests with Hypothesis that post generated and hostile
values to every public form step and to the staff forms: any Unicode, huge inputs, control
characters and NUL, script and SQL fragments, malformed dates, and files that lie about
their type.

For every response: no server error (the test client re-raises any exception a view lets
escape, so a 500 fails the example), and every rejection (400) shows GOV.UK's error
summary with at least one message. Free text that staff later read on the contact and
screening pages is escaped there: no raw <script> or event handler reaches a staff page.

Bounded: the "frontdoor" Hypothesis profile (below) keeps the whole module near a minute on
two cores; FRONTDOOR_HYPOTHESIS_PROFILE=thorough runs ten times as many examples. Each test
prints how many inputs it tried.
"""

from __future__ import annotations

import copy
import io
import os
import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from frontdoor.core.validation import MAX_UPLOAD_BYTES
from frontdoor.intake.models import Attachment, Contact
from tests.factories import make_contact, manager, proposed, screened, screener
from tests.intake.answers import (
    CHILD_NAMED,
    PROFESSIONAL_SCHOOL,
    PUBLIC_ANONYMOUS,
    answer_all,
    person_url,
    send,
    step_url,
)
from tests.intake.test_staff_entry import MONDAY_MORNING, arrival

pytestmark = pytest.mark.django_db

hypothesis_settings.register_profile(
    "frontdoor",
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.register_profile("thorough", parent=hypothesis_settings.get_profile("frontdoor"), max_examples=1000)
hypothesis_settings.load_profile(os.environ.get("FRONTDOOR_HYPOTHESIS_PROFILE", "frontdoor"))

# Hostile values --------------------------------------------------------------------------------

FRAGMENTS = [
    "<script>alert('fd')</script>",
    '"><script>alert(document.cookie)</script>',
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{ 7*7 }}{% debug %}${7*7}",
    "'; DROP TABLE intake_contact; --",
    "1' OR '1'='1",
    '" OR 1=1 --',
    "Robert'); DELETE FROM audit_auditentry;--",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%00%0d%0aSet-Cookie: x=1",
    "\x00",
    "a\x00b",
    "\r\n\r\nHTTP/1.1 200 OK",
    "\u202egpj.exe",
    "\ufeff\u200b\u200d",
    "𝕱𝖗𝖔𝖓𝖙 𝕯𝖔𝖔𝖗 👶🏽‍🍼",
    "ثلاثة أطفال",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "31",
    "2",
    "29",
    "1900",
    "0000",
    "2999",
    "yes",
    "no",
    "on",
    "",
    " ",
]
MALFORMED_DATES = ["31/02/2020", "2020-13-45", "30 2 2021", "0", "-5", "99999", "٣", "²", "1e3", "2020.5"]

_ANY_UNICODE = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=120)
_CONTROLS = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), min_size=1, max_size=20)
_HUGE = st.builds(
    lambda char, n: char * n, st.sampled_from(["A", "é", "😀", "<", "\x00", "'", " "]), st.integers(5_000, 60_000)
)
HOSTILE = st.one_of(
    _ANY_UNICODE,
    st.sampled_from(FRAGMENTS + MALFORMED_DATES),
    _CONTROLS,
    _HUGE,
    st.builds(lambda a, b: a + b, st.sampled_from(FRAGMENTS), _ANY_UNICODE),
)


@dataclass
class Tally:
    """How many inputs were tried, by form, printed at the end of each test."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, label: str) -> None:
        self.counts[label] = self.counts.get(label, 0) + 1

    def report(self, what: str) -> None:
        total = sum(self.counts.values())
        print(f"\n{what}: {total} hostile inputs tried on {len(self.counts)} forms")
        for label, count in sorted(self.counts.items()):
            print(f"  {count:5d}  {label}")
        assert total > 0


# Forms, as the pages show them ------------------------------------------------------------------


class _Fields(HTMLParser):
    """The names of a page's form fields and the values its radios, checkboxes and selects offer."""

    def __init__(self) -> None:
        super().__init__()
        self.options: dict[str, list[str]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag in ("input", "textarea") and name and name != "csrfmiddlewaretoken" and a.get("type") != "file":
            values = self.options.setdefault(name, [])
            if a.get("type") in ("radio", "checkbox", "hidden") and a.get("value"):
                values.append(a["value"])
        elif tag == "select" and name:
            self._select = name
            self.options.setdefault(name, [])
        elif tag == "option" and self._select and a.get("value"):
            self.options[self._select].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def fields_of(html: str) -> dict[str, list[str]]:
    parser = _Fields()
    parser.feed(html)
    return parser.options


def values_for(fields: dict[str, list[str]]) -> st.SearchStrategy[dict[str, str]]:
    """For each field: a hostile value, or one the page offers (so later checks are reached too)."""
    strategies = {
        name: st.one_of(HOSTILE, st.sampled_from(offered)) if offered else st.one_of(HOSTILE, HOSTILE, st.just(""))
        for name, offered in fields.items()
    }
    return st.fixed_dictionaries(strategies, optional={"unexpected_field": HOSTILE})


def assert_answered(response: Any, label: str) -> None:
    """No 500 (the client re-raises), and a rejection names the problem in GOV.UK's error summary."""
    status = response.status_code
    assert status < 500, (label, status)
    if status == 400:
        body = response.content.decode()
        assert 'class="govuk-error-summary' in body, (label, body[:500])
        assert re.search(r'govuk-error-summary__list">\s*<li>', body), (label, "an error summary with no message")
    else:
        assert status in (200, 302, 409, 429), (label, status)


# The public form ----------------------------------------------------------------------------------

PUBLIC_STEPS = ["danger", "about-you", "your-details", "request-type", "hub", "concern", "family", "parents"]


@pytest.fixture
def tally() -> Iterator[Tally]:
    counts = Tally()
    yield counts


def _journey_session(pages: dict[str, dict[str, Any]], mode: str = "public", staff: Any = None) -> dict[str, Any]:
    """The session of a client that has answered the journey (and signed in, for staff): made once
    per test, then copied into a fresh client for each example (`_fresh_client`)."""
    client = Client()
    if staff is not None:
        client.force_login(staff)
    answer_all(client, pages, mode=mode, arrival=_ARRIVAL if mode == "staff" else None)
    return dict(client.session.items())


def _fresh_client(session: dict[str, Any]) -> Client:
    """A new client whose session holds a copy of `session`. Each Hypothesis example starts from the
    same answered journey: what an earlier example posted (another organisation type, a child
    added) cannot change the pages, and so the fields, a later example or a replay draws from.
    Sharing one client made data generation depend on history (FlakyStrategyDefinition)."""
    client = Client()
    store = client.session
    store.update(copy.deepcopy(session))
    store.save()
    return client


_ARRIVAL = arrival("phone", MONDAY_MORNING)


def _fuzz_journey(client: Client, mode: str, tally: Tally, data: st.DataObject) -> None:
    slugs = PUBLIC_STEPS + (["arrival"] if mode == "staff" else [])
    targets = [step_url(mode, s) for s in slugs] + [person_url(mode, "children"), person_url(mode, "people")]
    url = data.draw(st.sampled_from(targets), label="form")
    page = client.get(url)
    assert page.status_code == 200, url  # every step applies to the professional journey answered
    values = data.draw(values_for(fields_of(page.content.decode())), label="values")
    response = client.post(url, values)
    tally.add(f"{mode} {url}")
    assert_answered(response, url)


def test_sec4_every_public_form_step_answers_hostile_input_with_a_message(settings: Any, tally: Tally) -> None:
    settings.FRONTDOOR_RATELIMIT_PUBLIC_SEND = ""
    session = _journey_session(PROFESSIONAL_SCHOOL)

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        _fuzz_journey(_fresh_client(session), "public", tally, data)

    run()
    tally.report("public form steps")


def test_sec4_every_staff_entry_step_answers_hostile_input_with_a_message(
    make_user: Callable[..., Any], tally: Tally
) -> None:
    session = _journey_session(PROFESSIONAL_SCHOOL, mode="staff", staff=make_user())

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        _fuzz_journey(_fresh_client(session), "staff", tally, data)

    run()
    tally.report("staff entry steps")


def test_sec4_status_lookup_answers_hostile_input_with_a_message(settings: Any, tally: Tally) -> None:
    settings.FRONTDOOR_RATELIMIT_STATUS_LOOKUP = ""
    client = Client()

    @given(values=st.fixed_dictionaries({"reference": HOSTILE, "secret": HOSTILE}))
    def run(values: dict[str, str]) -> None:
        response = client.post("/status/", values)
        tally.add("/status/")
        assert_answered(response, "/status/")
        assert response.status_code == 400  # nothing hostile finds a contact

    run()
    tally.report("status lookup")


# Free text shown to staff is escaped ------------------------------------------------------------

INJECTIONS = ["<script>alert('fd')</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']
_RAW = re.compile(r"<script>alert|<img src=x|<svg onload", re.IGNORECASE)


def settings_for(**kwargs: Any) -> Callable[[Any], Any]:
    return hypothesis_settings(parent=hypothesis_settings.default, **kwargs)


def test_sec4_free_text_shown_to_staff_is_escaped(make_user: Callable[..., Any], settings: Any, tally: Tally) -> None:
    settings.FRONTDOOR_RATELIMIT_PUBLIC_SEND = ""
    staff = Client()
    staff.force_login(make_user())

    @settings_for(max_examples=25)
    @given(
        injection=st.sampled_from(INJECTIONS),
        text=st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), max_size=60),
        where=st.sampled_from(["concern", "child", "name"]),
    )
    def run(injection: str, text: str, where: str) -> None:
        hostile = text + injection + text
        pages = {**PUBLIC_ANONYMOUS, "concern": {"concern": hostile if where == "concern" else "A worry."}}
        if where == "name":
            pages["your-details"] = {"anonymity": "named", "referrer_name": hostile}
        child = {**CHILD_NAMED, "given_names": hostile[:100]} if where == "child" else CHILD_NAMED
        client = Client()
        try:
            key = answer_all(client, pages, children=[child])
        except AssertionError:
            return  # refused with a message (checked by the journey tests); nothing to show staff
        assert send(client, key).status_code == 302
        contact = Contact.objects.get(submission_key=key)
        shown = ""
        for url in (f"/staff/contacts/{contact.reference}/", f"/staff/screening/{contact.reference}/"):
            body = staff.get(url).content.decode()
            tally.add(url.split("FD-")[0])
            assert not _RAW.search(body), (where, injection, url)
            shown += body
        assert "&lt;" in shown  # the text is shown to staff, escaped

    run()
    tally.report("staff pages showing hostile free text")


# Documents that lie about their type --------------------------------------------------------------


def _docx_bomb(lie: bool) -> bytes:
    """A .docx whose document.xml inflates to 200 MB; with `lie`, its headers claim 1 KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=False) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(200):
                member.write(chunk)
    data = bytearray(buffer.getvalue())
    if lie:
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            start = 0
            while (found := data.find(signature, start)) != -1:
                struct.pack_into("<I", data, found + offset, 1024)
                start = found + 4
    return bytes(data)


def _files() -> dict[str, bytes]:
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082"
    )
    return {
        "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
        + b"\x00" * 64
        + b"This program cannot be run in DOS mode",
        "elf": b"\x7fELF\x02\x01\x01" + b"\x00" * 200,
        "svg": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "html": b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        "empty": b"",
        "huge": b"%PDF-1.4\n" + b"0" * (MAX_UPLOAD_BYTES + 1024 * 1024),
        "bomb": _docx_bomb(lie=False),
        "lying bomb": _docx_bomb(lie=True),
        "zip": b"PK\x03\x04" + b"\x00" * 100,
        "pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        "png": png,
    }


NAMES = [
    "report.pdf",
    "../../../../etc/passwd.pdf",
    "..\\..\\..\\windows\\system32\\evil.pdf",
    "/etc/shadow",
    "C:\\Users\\x\\photo.jpg",
    "invoice\u202efdp.exe",
    "a\x00b.pdf",
    "con.pdf",
    "....pdf",
    "<script>alert(1)</script>.pdf",
    "x" * 400 + ".pdf",
    "",
    "😀.docx",
]
REFUSED = {"exe", "elf", "svg", "html", "empty", "huge", "bomb", "lying bomb", "zip"}


def test_sec4_documents_that_lie_about_their_type_are_refused_with_a_message(settings: Any, tally: Tally) -> None:
    settings.FRONTDOOR_RATELIMIT_PUBLIC_UPLOAD = ""
    files = _files()
    client = Client()
    client.get(step_url("public", "danger"))

    @given(kind=st.sampled_from(sorted(files)), name=st.one_of(st.sampled_from(NAMES), _ANY_UNICODE))
    def run(kind: str, name: str) -> None:
        upload = io.BytesIO(files[kind])
        upload.name = name
        before = Attachment.objects.count()
        response = client.post(step_url("public", "documents"), {"document": upload, "action": "upload"})
        tally.add(f"upload: {kind}")
        assert_answered(response, f"upload {kind} as {name!r}")
        if kind in REFUSED:
            assert response.status_code == 400, (kind, name)
            assert Attachment.objects.count() == before
        elif response.status_code == 302:
            stored = Attachment.objects.latest("id")
            assert "/" not in stored.filename and "\\" not in stored.filename and "\x00" not in stored.filename
            assert not stored.filename.startswith(".") and len(stored.filename) <= 200
            assert stored.content_type in ("application/pdf", "image/png")

    run()
    tally.report("documents")


# Staff forms: screening, decisions, people search, moving a contact --------------------------------


def test_sec4_screening_and_decision_forms_answer_hostile_input_with_a_message(tally: Tally) -> None:
    tom, boss = screener("tom"), manager("boss")
    reviewer = manager("reviewer")
    recording = screened(make_contact(), tom)
    proposing = screened(make_contact(), tom)
    reviewing = proposed(make_contact(), boss).contact
    as_tom, as_reviewer = Client(), Client()
    as_tom.force_login(tom)
    as_reviewer.force_login(reviewer)
    targets = [
        (as_tom, f"/staff/screening/{recording.reference}/record/"),
        (as_tom, f"/staff/screening/{proposing.reference}/propose/"),
        (as_tom, f"/staff/screening/{recording.reference}/police/"),
        (as_tom, f"/staff/screening/{recording.reference}/escalate/"),
        (as_tom, f"/staff/agencies/contacts/{recording.reference}/ask/"),
        (as_reviewer, f"/staff/screening/{reviewing.reference}/review/"),
        (as_tom, f"/staff/contacts/{recording.reference}/move/"),
    ]
    forms = {url: fields_of(client.get(url.replace("/move/", "/")).content.decode()) for client, url in targets}

    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        client, url = data.draw(st.sampled_from(targets), label="form")
        values = data.draw(values_for(forms[url]), label="values")
        response = client.post(url, values)
        tally.add(re.sub(r"FD-[^/]+", "<ref>", url))
        assert_answered(response, url)

    run()
    tally.report("screening, decision and contact forms")


def test_sec4_people_search_answers_hostile_input_with_a_message(make_user: Callable[..., Any], tally: Tally) -> None:
    client = Client()
    client.force_login(make_user())
    names = list(fields_of(client.get("/staff/people/search/").content.decode()))
    assert "given_name" in names and "date_of_birth-day" in names

    @given(values=st.fixed_dictionaries({n: HOSTILE for n in names}))
    def run(values: dict[str, str]) -> None:
        response = client.get("/staff/people/search/", values)
        tally.add("/staff/people/search/")
        assert_answered(response, "search")

    run()
    tally.report("people search")
