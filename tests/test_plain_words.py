"""Issue 17: plain words on every page, letter and email. No requirement id (like INT-3 or SEC-5)
and no "seed" reaches a person: not in a template, not in a letter or email, not in the rule texts
shown to staff or written into an outbound letter, not in any message the code shows.

Requirement ids belong in tests, commit messages, comments and notes only."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from frontdoor.policy import information_rules, language, routing, screening_rules

ROOT = Path(__file__).resolve().parents[1] / "frontdoor"
REQUIREMENT_ID = re.compile(r"\b[A-Z]{2,4}-\d+\b")
SEED = re.compile(r"\bseeds?\b", re.IGNORECASE)
# Not requirement ids: a hash's name and the character sets.
NOT_IDS = {"SHA-256", "UTF-8", "UTF-16", "ISO-8859"}
JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
# Code that never speaks to a person of the council or the public: the demonstration's tooling
# (its own pages are checked through their templates), migrations and operators' commands.
NOT_SPOKEN = ("migrations", "management", "demo")


def problems_in(text: str) -> list[str]:
    found = [
        m.group(0)
        for m in REQUIREMENT_ID.finditer(text)
        if m.group(0) not in NOT_IDS and not m.group(0).startswith("FD-")  # a contact's reference
    ]
    found += [m.group(0) for m in SEED.finditer(text)]
    return found


def templates() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("templates/**/*")):
        if path.is_file() and path.suffix in (".html", ".txt", ".jinja", ".j2"):
            yield path


def test_templates_exist() -> None:
    assert len(list(templates())) > 50


@pytest.mark.parametrize("path", list(templates()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_requirement_id_or_seed_in_any_template(path: Path) -> None:
    """Issue 17: every page, letter and email template (its Jinja comments aside)."""
    text = JINJA_COMMENT.sub("", path.read_text())
    assert problems_in(text) == [], path
    # The information rules' requirement ids are data, never shown.
    assert ".requirement" not in text and '"requirement"' not in text, path


def _spoken_strings(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text())
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docstrings.add(id(node.value))
        elif isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if REQUIREMENT_ID.fullmatch(node.value):
                continue  # an id as data (a rule's requirement), never shown: see the template test
            yield node.lineno, node.value


def modules() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        if not any(part in NOT_SPOKEN for part in path.relative_to(ROOT).parts):
            yield path


def test_no_requirement_id_or_seed_in_any_message_the_code_shows() -> None:
    """Issue 17: every string in the code that is not a docstring (messages, labels, hints, rule
    titles, reasons and sources, letter and email text) is free of requirement ids and "seed"."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text[:120]!r}"
        for path in modules()
        for line, text in _spoken_strings(path)
        if problems_in(text)
    ]
    assert found == [], "\n".join(found)


def test_rule_texts_shown_to_staff_and_written_in_letters_are_plain() -> None:
    """Issue 17: the rules' titles, explanations, sources and reasons, as people see them."""
    texts: list[str] = []
    for rule in information_rules.BASIS_RULES + information_rules.HANDLING_RULES:
        texts += [rule.title, rule.source, rule.explanation, rule.for_reader, rule.for_reader_source]
    for module in (routing, screening_rules, language):
        for name_, value in vars(module).items():
            if name_.startswith("__"):
                continue
            if isinstance(value, str):
                texts.append(value)
            for name in ("title", "source", "explanation", "instead"):
                if isinstance(getattr(value, name, None), str):
                    texts.append(getattr(value, name))
    assert len(texts) > 40
    found = [t for t in texts if problems_in(t)]
    assert found == [], "\n".join(found)


@pytest.mark.django_db
def test_inf2_a_reply_letter_gives_the_reader_a_reason_not_a_rule() -> None:
    """Issue 17 (INF-2): the reply to another council's Section 47 enquiry says why we can share
    in words written for its reader, with the law it rests on; no rule title, id or internal text."""
    from frontdoor.accounts.models import Role
    from frontdoor.sharing import services as sharing
    from tests.factories import closed_child, routed, staff

    request = routed(
        staff(Role.CUSTOMER_SERVICE_OFFICER, "cso"),
        closed_child(),
        agency="other_council",
        purpose="section_47",
        requester_email="priya.shah@southshire.gov.uk",
        identity="secure_email",
    )
    rule = information_rules.rule_by_id(request.basis_rule)
    letter = sharing.answer_text(request)
    assert rule.for_reader.split(".")[0] in letter and rule.for_reader_source in letter
    assert rule.title not in letter and "confirm without consent" not in letter
    assert problems_in(letter) == []


@pytest.mark.django_db
@pytest.mark.parametrize("agency", ["housing", "other"])
def test_inf4_a_refusal_letter_gives_the_reader_a_reason_not_a_rule(agency: str) -> None:
    """Issue 17 (INF-4): a refusal says why in the reader's words, never the rule's own text."""
    from frontdoor.accounts.models import Role
    from frontdoor.sharing import services as sharing
    from tests.factories import closed_child, routed, staff

    request = routed(
        staff(Role.CUSTOMER_SERVICE_OFFICER, "cso"),
        closed_child(),
        agency=agency,
        purpose="rent_arrears" if agency == "housing" else "other",
        identity="secure_email",
    )
    rule = information_rules.rule_by_id(request.basis_rule)
    letter = sharing.reply_text(request)
    assert rule.for_reader in " ".join(letter.split())
    assert rule.explanation not in letter and rule.title not in letter
    assert problems_in(letter) == []


def test_names_times_and_dates_in_govuk_style() -> None:
    """Issue 17: "NHS number" and "LADO" keep their capitals; times read "12am", "9:30am", "5pm"."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from frontdoor.core.dates import local_datetime
    from frontdoor.core.words import label, queue_label

    assert label("nhs_number") == "NHS number"
    assert label("date_of_birth") == "Date of birth"
    assert queue_label("lado") == "LADO"
    assert queue_label("out_of_hours") == "Out of hours"
    london = ZoneInfo("Europe/London")
    assert local_datetime(dt.datetime(2026, 3, 5, 0, 0, tzinfo=london)) == "5 March 2026 at 12am"
    assert local_datetime(dt.datetime(2026, 3, 5, 9, 30, tzinfo=london)) == "5 March 2026 at 9:30am"
    assert local_datetime(dt.datetime(2026, 3, 5, 17, 0, tzinfo=london)) == "5 March 2026 at 5pm"
    assert local_datetime(dt.datetime(2026, 3, 5, 10, 5, tzinfo=london)) == "5 March 2026 at 10:05am"


def test_an_open_plan_in_the_demonstration_history_has_no_ended_outcome() -> None:
    """Issue 17: the demonstration's open plans never read "Plan ended: open"."""
    import datetime as dt
    import random

    from frontdoor.demo.person_index import _episode

    today = dt.date(2026, 11, 17)
    for seed in range(200):
        for story in ("cin", "cp", "looked_after"):
            rows = _episode(random.Random(seed), story, today - dt.timedelta(days=60), today)  # noqa: S311
            for kind, _start, end, outcome, *_ in rows:
                assert "open" not in outcome.lower() or end is not None, (kind, outcome)
                if end is None:
                    assert not outcome.startswith("Plan ended"), outcome


@pytest.mark.django_db
def test_staff_pages_never_quote_the_referrer_in_the_first_person(staff_client: Client) -> None:
    """Issue 17: "Anonymity: I do not want to give my name" becomes "Did not want to give their name";
    the rules table has no requirement id; the queue reads "LADO", not "Lado"."""
    from frontdoor.intake.models import Contact
    from tests.intake.answers import PUBLIC_ANONYMOUS, answer_all, send

    public = Client()
    send(public, answer_all(public, PUBLIC_ANONYMOUS))
    contact = Contact.objects.get()
    page = staff_client.get(f"/staff/contacts/{contact.reference}/").content.decode()
    assert "Did not want to give their name" in page
    assert "I do not want to give my name" not in page and "I do not know" not in page
    assert problems_in(page) == []
    contact.queue = "lado"
    contact.save(update_fields=["queue"])
    page = staff_client.get(f"/staff/contacts/{contact.reference}/").content.decode()
    assert "Queue: <strong>LADO</strong>" in page and "Lado" not in page
    home = staff_client.get("/staff/").content.decode()
    assert "Lado" not in home and ">LADO<" in home
