"""WRK-5 (issue 15, part 5): a child's chronology of every event the system holds, with case
notes written by staff: edited only by their author for 24 hours, then amended, never
overwritten; filterable, printable, exportable as PDF; every read and change audited; a
restricted record's events masked for those the one visibility rule does not allow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontdoor.access import services as access
from frontdoor.accounts.models import Role, User
from frontdoor.audit.models import AuditEntry
from frontdoor.chronology import services
from frontdoor.chronology.events import RESTRICTED, chronology
from frontdoor.chronology.models import CaseNote, CaseNoteAmendment
from frontdoor.core.visibility import hidden_from
from frontdoor.intake.models import Contact
from frontdoor.pathway.models import Episode
from frontdoor.people import services as people
from frontdoor.people.models import Person
from tests.factories import make_contact, manager, social_worker, staff

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


VISIT = "Visited at home; Jayden showed me his room."


def _note(child: Person, author: User, text: str = VISIT, **where: object) -> CaseNote:
    return services.add_note(
        child,
        actor=author,
        kind="home_visit",
        happened_on=dt.date(2026, 11, 24),
        text=text,
        **where,  # type: ignore[arg-type]
    )


def test_wrk5_the_chronology_gathers_every_event_and_the_case_notes(full_episode: Episode) -> None:
    worker = social_worker("reader")
    _note(full_episode.child, worker)
    page = _client(worker).get(reverse("chronology:child", args=[full_episode.child_id]))
    html = page.content.decode()
    assert page.status_code == 200
    contact = full_episode.referral.contact  # type: ignore[union-attr]
    for text in (
        f"Contact {contact.reference} received",
        f"Decision on {contact.reference}",
        "Referral",
        "made",
        "Strategy discussion held",
        "Section 47 enquiry started",
        "Section 47 enquiry completed",
        "Child and family assessment started",
        "Child seen for the assessment",
        "Assessment authorised",
        "Initial child protection conference",
        "Child protection plan started",
        "Visited at home; Jayden showed me his room.",
        "Home visit",
    ):
        assert text in html, text
    # Newest first: the note (24 November) before the conference (23 November) before the contact (17 November).
    assert (
        html.index("Visited at home")
        < html.index("Initial child protection conference")
        < html.index(f"Contact {contact.reference} received")
    )
    read = AuditEntry.objects.get(action="chronology.viewed", actor=worker)
    assert read.object_id == str(full_episode.child_id)


def test_wrk5_the_chronology_is_filtered_by_type_in_the_url(full_episode: Episode) -> None:
    worker = social_worker("reader")
    _note(full_episode.child, worker)
    html = _client(worker).get(reverse("chronology:child", args=[full_episode.child_id]) + "?type=note&type=s47")
    text = html.content.decode()
    assert "Visited at home" in text and "Section 47 enquiry started" in text
    assert "Strategy discussion held" not in text and "Child protection plan started" not in text
    assert "only case notes, section 47 enquiries" in text.lower()
    events = chronology(full_episode.child, hidden_from(worker), {"conference"})  # type: ignore[arg-type]
    assert {e.type for e in events} == {"conference"}


def test_wrk5_the_chronology_downloads_as_a_pdf_and_the_download_is_audited(full_episode: Episode) -> None:
    worker = social_worker("reader")
    _note(full_episode.child, worker)
    response = _client(worker).get(reverse("chronology:pdf", args=[full_episode.child_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"chronology-{full_episode.child_id}.pdf" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="chronology.downloaded", actor=worker).exists()


def test_wrk5_the_page_has_a_print_stylesheet_that_hides_menus_and_filters(full_episode: Episode) -> None:
    html = _client(social_worker("reader")).get(reverse("chronology:child", args=[full_episode.child_id])).content
    assert b'class="govuk-button-group fd-no-print"' in html and b'class="fd-no-print"' in html
    from django.conf import settings

    css = (settings.BASE_DIR / "frontdoor" / "assets" / "frontdoor.scss").read_text()
    printed = css[css.index("@media print") :]
    assert ".fd-no-print { display: none !important; }" in printed and ".govuk-service-navigation" in printed


def test_wrk5_a_case_note_is_added_from_the_person_the_contact_and_the_pathway(full_episode: Episode) -> None:
    worker = social_worker("writer")
    client = _client(worker)
    child = full_episode.child
    contact = full_episode.referral.contact  # type: ignore[union-attr]
    form = {"kind": "phone_call", **_date("happened_on", dt.date(2026, 11, 25)), "text": "Rang the school."}
    # From the person's record.
    assert client.get(reverse("chronology:note-person", args=[child.pk])).status_code == 200
    done = client.post(reverse("chronology:note-person", args=[child.pk]), form)
    assert done.status_code == 302 and done["Location"] == reverse("chronology:child", args=[child.pk])
    # From the contact: the child is chosen from the people linked to the index.
    page = client.get(reverse("chronology:note-contact", args=[contact.reference])).content.decode()
    assert "Who is the note about?" in page and child.display_name in page
    client.post(
        reverse("chronology:note-contact", args=[contact.reference]),
        {**form, "person": str(child.pk), "text": "Spoke to the referrer."},
    )
    # From the pathway.
    client.post(reverse("chronology:note-episode", args=[full_episode.pk]), {**form, "text": "Planning meeting."})
    notes = {n.text: n for n in CaseNote.objects.filter(person=child)}
    assert set(notes) == {"Rang the school.", "Spoke to the referrer.", "Planning meeting."}
    assert notes["Spoke to the referrer."].contact_id == contact.pk
    assert notes["Planning meeting."].episode_id == full_episode.pk
    assert AuditEntry.objects.filter(action="case_note.added", actor=worker).count() == 3
    # The pages link to the chronology and to adding a note.
    for name, arg in (("people:person", child.pk), ("pathway:episode", full_episode.pk)):
        assert reverse("chronology:child", args=[child.pk]) in client.get(reverse(name, args=[arg])).content.decode()
    contact_page = client.get(reverse("intake:staff-contact", args=[contact.reference])).content.decode()
    assert reverse("chronology:note-contact", args=[contact.reference]) in contact_page


def test_wrk5_a_note_needs_its_kind_date_and_text_and_not_a_future_date(full_episode: Episode) -> None:
    client = _client(social_worker("writer"))
    url = reverse("chronology:note-person", args=[full_episode.child_id])
    empty = client.post(url, {})
    assert empty.status_code == 400
    for message in ("Select what kind of note this is", "Enter the date of the event", "Enter the note"):
        assert message in empty.content.decode()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    future = client.post(url, {"kind": "other", **_date("happened_on", tomorrow), "text": "Later"})
    assert future.status_code == 400
    assert not CaseNote.objects.exists()


def test_wrk5_only_the_author_edits_a_note_and_only_for_24_hours_then_it_is_amended(full_episode: Episode) -> None:
    author, colleague = social_worker("author"), social_worker("colleague")
    note = _note(full_episode.child, author, "First words")
    services.edit_note(note, actor=author, kind="meeting", happened_on=dt.date(2026, 11, 23), text="Better words")
    note.refresh_from_db()
    assert (note.text, note.kind, note.happened_on) == ("Better words", "meeting", dt.date(2026, 11, 23))
    edited = AuditEntry.objects.get(action="case_note.edited")
    assert edited.detail["before"]["text"] == "First words"  # the old text is kept in the audit log
    with pytest.raises(services.CaseNoteRefused, match="Only the person who wrote"):
        services.edit_note(note, actor=colleague, kind="meeting", happened_on=note.happened_on, text="Mine now")
    CaseNote.objects.filter(pk=note.pk).update(written_at=timezone.now() - dt.timedelta(hours=24, minutes=1))
    note.refresh_from_db()
    with pytest.raises(services.CaseNoteRefused, match="24 hours"):
        services.edit_note(note, actor=author, kind="meeting", happened_on=note.happened_on, text="Too late")
    # The edit page sends the author to amend instead; an amendment is kept beside the note.
    client = _client(author)
    response = client.get(reverse("chronology:note-edit", args=[note.person_id, note.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"/notes/{note.pk}/amend/")
    client.post(reverse("chronology:note-amend", args=[note.person_id, note.pk]), {"text": "The visit was at 4pm."})
    _client(colleague).post(
        reverse("chronology:note-amend", args=[note.person_id, note.pk]), {"text": "Manager: agreed."}
    )
    note.refresh_from_db()
    assert note.text == "Better words"  # never overwritten
    assert list(CaseNoteAmendment.objects.filter(note=note).values_list("text", flat=True)) == [
        "The visit was at 4pm.",
        "Manager: agreed.",
    ]
    assert AuditEntry.objects.filter(action="case_note.amended").count() == 2
    html = client.get(reverse("chronology:child", args=[note.person_id])).content.decode()
    assert "The visit was at 4pm." in html and "Manager: agreed." in html and "Better words" in html


def test_wrk5_the_author_edits_through_the_page_within_24_hours(full_episode: Episode) -> None:
    author = social_worker("author")
    note = _note(full_episode.child, author, "Typo hre")
    client = _client(author)
    html = client.get(reverse("chronology:child", args=[note.person_id])).content.decode()
    edit_url = reverse("chronology:note-edit", args=[note.person_id, note.pk])
    assert edit_url in html
    assert (
        edit_url
        not in _client(social_worker("other")).get(reverse("chronology:child", args=[note.person_id])).content.decode()
    )
    page = client.get(edit_url)
    assert page.status_code == 200 and "Typo hre" in page.content.decode()
    client.post(edit_url, {"kind": "home_visit", **_date("happened_on", dt.date(2026, 11, 24)), "text": "Typo here"})
    note.refresh_from_db()
    assert note.text == "Typo here" and note.edited_at is not None


# --- Visibility: a restricted child never appears unmasked (SEC-5) ------------------------------------------


def test_wrk5_a_restricted_childs_chronology_is_only_for_those_the_rule_allows(full_episode: Episode) -> None:
    boss = manager("named-boss")
    worker = social_worker("not-named")
    _note(full_episode.child, boss, "Qzcanarychronox said something")
    access.restrict(full_episode.child, "The family of a member of staff", actor=boss)
    for name in ("chronology:child", "chronology:pdf", "chronology:note-person"):
        response = _client(worker).get(reverse(name, args=[full_episode.child_id]))
        assert response.status_code == 403, name
        assert b"Qzcanarychronox" not in response.content
    named = _client(boss).get(reverse("chronology:child", args=[full_episode.child_id]))
    assert named.status_code == 200 and "Qzcanarychronox" in named.content.decode()
    assert (
        _client(worker)
        .post(
            reverse("chronology:note-episode", args=[full_episode.pk]),
            {"kind": "other", **_date("happened_on", dt.date(2026, 11, 24)), "text": "x"},
        )
        .status_code
        == 403
    )


def test_wrk5_events_of_a_restricted_contact_are_masked_in_a_visible_childs_chronology(
    full_episode: Episode,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A second contact about Jayden is restricted (an allegation about a relative on the staff):
    others still see Jayden's chronology, with that contact's events and notes masked."""
    boss = manager("named-boss")
    worker = social_worker("not-named")
    child = full_episode.child
    secret = make_contact(concern="Qzcanarycontactx concern about the uncle, who works here.")
    people.link_contact_person(secret.people.get(), child, actor=boss)
    _note(child, boss, "Qzcanarynotex from the restricted contact", contact=secret)
    _note(child, worker, "An ordinary visit")
    access.restrict(Contact.objects.get(pk=secret.pk), "The family of a member of staff", actor=boss)
    monkeypatch.setattr("frontdoor.chronology.pdf.FONT_DIRS", ())  # the PDF's text readable in its bytes
    monkeypatch.setattr("frontdoor.chronology.pdf.COMPRESS", False)

    for path in (reverse("chronology:child", args=[child.pk]), reverse("chronology:pdf", args=[child.pk])):
        response = _client(worker).get(path)
        assert response.status_code == 200
        assert b"Qzcanary" not in response.content, path
        assert secret.reference.encode() not in response.content
    html = _client(worker).get(reverse("chronology:child", args=[child.pk])).content.decode()
    assert "An ordinary visit" in html and RESTRICTED in html
    events = chronology(child, hidden_from(worker))  # type: ignore[arg-type]
    masked = [e for e in events if e.masked]
    assert {e.type for e in masked} == {"contact", "note"} and all(e.note is None and not e.detail for e in masked)
    # The masked note cannot be opened by its address either.
    note = CaseNote.objects.get(contact=secret)
    assert _client(worker).get(reverse("chronology:note-amend", args=[child.pk, note.pk])).status_code == 404
    # From the restricted contact, no note can be added by those not named on it.
    assert _client(worker).get(reverse("chronology:note-contact", args=[secret.reference])).status_code == 403
    # The manager named on the restriction sees it all.
    named = _client(boss).get(reverse("chronology:child", args=[child.pk])).content.decode()
    assert "Qzcanarynotex" in named and secret.reference in named
    named_pdf = _client(boss).get(reverse("chronology:pdf", args=[child.pk])).content
    assert b"Qzcanarynotex" in named_pdf and b"An ordinary visit" in named_pdf


def test_wrk5_a_note_from_a_contact_must_be_about_one_of_its_linked_people(full_episode: Episode) -> None:
    other = people.create_person(actor=None, given_name="Unrelated", surname="Child", date_of_birth=dt.date(2018, 1, 1))
    contact = full_episode.referral.contact  # type: ignore[union-attr]
    with pytest.raises(services.CaseNoteRefused, match="not linked"):
        _note(other, staff(Role.SOCIAL_WORKER, "sw2"), contact=contact)
    with pytest.raises(services.CaseNoteRefused, match="another child"):
        _note(other, staff(Role.SOCIAL_WORKER, "sw3"), episode=full_episode)
