"""PPL-3: a person confirms a match; nothing links silently. SCR-3 on the contact page."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdoor.accounts.models import User
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Contact, ContactPerson
from frontdoor.people import index
from frontdoor.people.models import ContactPersonLink, LinkDecision, Person, PersonKey
from tests.factories import SmithFamily, smith_family
from tests.intake.answers import CHILD_NAMED, PARENT, PROFESSIONAL_SCHOOL, answer_all, send

pytestmark = pytest.mark.django_db


def submit_about_jayden(client: Client | None = None) -> Contact:
    """A school's contact about Jayden Smith and his mother 'Liz', through the public form."""
    client = client or Client()
    key = answer_all(client, PROFESSIONAL_SCHOOL, children=[CHILD_NAMED], people=[PARENT])
    assert send(client, key).status_code == 302
    return Contact.objects.get()


@pytest.fixture
def family() -> SmithFamily:
    return smith_family()


def jayden_on(contact: Contact) -> ContactPerson:
    return contact.people.get(given_names="Jayden")


def test_ppl3_an_exact_match_is_not_linked_without_a_decision(family: SmithFamily, staff_client: Client) -> None:
    contact = submit_about_jayden()
    cp = jayden_on(contact)
    # The index holds Jayden exactly as described: the matcher is sure...
    found = index.find_candidates(index.query_of(cp, contact.people.all()))
    assert found[0][1] == family.jayden
    assert index.matcher().decide([c for c, _ in found]) is not None
    # ...and still nothing is linked: not on submission, not by viewing the contact or the match page.
    assert not ContactPersonLink.objects.exists()
    page = staff_client.get(f"/staff/contacts/{contact.reference}/").content.decode()
    assert "Not yet checked against the index" in page and f"/staff/people/match/{cp.pk}/" in page
    match = staff_client.get(f"/staff/people/match/{cp.pk}/")
    assert match.status_code == 200
    html = match.content.decode()
    assert "This is the same person" in html and "None of these: record as a new person" in html
    assert "Not sure yet" in html and "csrfmiddlewaretoken" in html
    assert not ContactPersonLink.objects.exists()
    assert not AuditEntry.objects.filter(action__in=["person.linked", "person.new_person"]).exists()


def test_scr3_the_match_page_shows_candidates_evidence_and_the_familys_history(
    family: SmithFamily, staff_client: Client
) -> None:
    cp = jayden_on(submit_about_jayden())
    html = staff_client.get(f"/staff/people/match/{cp.pk}/").content.decode()
    assert f'href="/staff/people/{family.jayden.pk}/"' in html
    assert "%" in html and "very likely" in html
    assert "Why the matcher thinks so" in html
    assert "Information and advice to mother" in html  # Jayden's own history
    assert "Plan ended: neglect no longer a risk" in html  # his sister's
    assert "Substantiated: physical abuse by father" in html  # the mother's partner's other child
    assert "Other child of Wayne Pickering" in html
    entry = AuditEntry.objects.get(action="person.candidates_viewed")
    assert entry.object_id == str(cp.pk) and family.jayden.pk in entry.detail["shown"]


def test_ppl3_confirming_links_with_the_score_and_evidence_and_the_history_appears_on_the_contact(
    family: SmithFamily, staff_client: Client, officer: User
) -> None:
    contact = submit_about_jayden()
    cp = jayden_on(contact)
    response = staff_client.post(f"/staff/people/match/{cp.pk}/link/", {"person": family.jayden.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/contacts/{contact.reference}/#person-{cp.pk}"
    link = ContactPersonLink.objects.get()
    assert (link.contact_person, link.person, link.decision, link.decided_by) == (
        cp,
        family.jayden,
        LinkDecision.LINKED,
        officer,
    )
    assert link.score is not None and link.score > 0.5 and link.evidence
    assert {"field", "level", "weight", "detail"} <= set(link.evidence[0])
    entry = AuditEntry.objects.get(action="person.linked")
    assert entry.actor == officer and entry.detail["person"] == family.jayden.pk
    page = staff_client.get(f"/staff/contacts/{contact.reference}/").content.decode()
    assert "Linked to" in page and f'href="/staff/people/{family.jayden.pk}/"' in page
    assert "Known to services" in page and "Closed: needs met through early help" in page
    assert "Plan ended: neglect no longer a risk" in page  # his sister, on the contact page too (SCR-2)
    person_page = staff_client.get(f"/staff/people/{family.jayden.pk}/").content.decode()
    assert contact.reference in person_page


def test_ppl3_none_of_these_records_a_new_person_from_what_the_referrer_said(
    family: SmithFamily, staff_client: Client
) -> None:
    contact = submit_about_jayden()
    cp = contact.people.get(given_names="Liz")
    before = Person.objects.count()
    assert staff_client.post(f"/staff/people/match/{cp.pk}/new/").status_code == 302
    assert Person.objects.count() == before + 1
    link = ContactPersonLink.objects.get()
    created = link.person
    assert link.decision == LinkDecision.NEW_PERSON and created is not None
    assert (created.given_name, created.surname, created.kind) == ("Liz", "Smith", "adult")
    assert PersonKey.objects.filter(person=created).exists()  # findable from now on
    assert AuditEntry.objects.filter(action="person.new_person", object_id=str(cp.pk)).exists()
    assert AuditEntry.objects.filter(action="person.created", object_id=str(created.pk)).exists()


def test_ppl3_not_sure_is_recorded_and_links_nobody(family: SmithFamily, staff_client: Client) -> None:
    contact = submit_about_jayden()
    cp = jayden_on(contact)
    assert staff_client.post(f"/staff/people/match/{cp.pk}/not-sure/").status_code == 302
    link = ContactPersonLink.objects.get()
    assert link.decision == LinkDecision.NOT_SURE and link.person is None
    assert AuditEntry.objects.filter(action="person.not_sure", object_id=str(cp.pk)).exists()
    page = staff_client.get(f"/staff/contacts/{contact.reference}/").content.decode()
    assert "not sure yet" in page and "Check again" in page
    assert "Closed: needs met through early help" not in page


def test_ppl3_a_wrong_link_is_removed_only_with_a_reason(family: SmithFamily, staff_client: Client) -> None:
    cp = jayden_on(submit_about_jayden())
    staff_client.post(f"/staff/people/match/{cp.pk}/link/", {"person": family.mia.pk})
    staff_client.post(f"/staff/people/match/{cp.pk}/unlink/", {"reason": ""})
    assert ContactPersonLink.objects.filter(person=family.mia).exists()
    staff_client.post(f"/staff/people/match/{cp.pk}/unlink/", {"reason": "Wrong child: Mia is his sister"})
    assert not ContactPersonLink.objects.exists()
    assert AuditEntry.objects.get(action="person.unlinked").reason == "Wrong child: Mia is his sister"


def test_sec1_anonymous_users_are_sent_to_sign_in_and_change_nothing(family: SmithFamily) -> None:
    contact = submit_about_jayden()
    cp = jayden_on(contact)
    anonymous = Client()
    for url in (
        f"/staff/people/{family.jayden.pk}/",
        f"/staff/people/match/{cp.pk}/",
        "/staff/people/search/",
        "/staff/people/duplicates/",
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/?next="), url
    response = anonymous.post(f"/staff/people/match/{cp.pk}/link/", {"person": family.jayden.pk})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
    anonymous.post(f"/staff/people/match/{cp.pk}/new/")
    assert not ContactPersonLink.objects.exists()


def test_decisions_need_a_post_with_a_csrf_token(family: SmithFamily, officer: User) -> None:
    cp = jayden_on(submit_about_jayden())
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.get(f"/staff/people/match/{cp.pk}/link/").status_code == 405
    assert client.post(f"/staff/people/match/{cp.pk}/link/", {"person": family.jayden.pk}).status_code == 403
    assert not ContactPersonLink.objects.exists()


def test_ppl2_staff_search_uses_the_matcher_and_is_audited(family: SmithFamily, staff_client: Client) -> None:
    response = staff_client.get(
        "/staff/people/search/",
        {
            "given_name": "Liz",
            "surname": "Smith",
            "date_of_birth-day": "12",
            "date_of_birth-month": "5",
            "date_of_birth-year": "1990",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    first_result = html.index("/staff/people/", html.index("possible match"))
    assert html[first_result:].startswith(f"/staff/people/{family.mother.pk}/")
    entry = AuditEntry.objects.get(action="person.searched")
    assert entry.detail["query"] == {"given_name": "Liz", "surname": "Smith", "date_of_birth": "1990-05-12"}
    assert family.mother.pk in entry.detail["shown"]
    empty = staff_client.get("/staff/people/search/", {"postcode": "not a postcode"})
    assert empty.status_code == 400 and "Enter a real postcode" in empty.content.decode()
    assert AuditEntry.objects.filter(action="person.searched").count() == 1


def test_the_search_page_opens_empty(staff_client: Client) -> None:
    response = staff_client.get("/staff/people/search/")
    assert response.status_code == 200 and "Search the person index" in response.content.decode()
    assert not AuditEntry.objects.filter(action="person.searched").exists()


@pytest.mark.parametrize("twin", ["Jordan", "Kayden"])
def test_ppl3_a_twin_not_in_the_index_never_shows_the_known_twin_as_best_match(
    family: SmithFamily, staff_client: Client, twin: str
) -> None:
    """Issue 17 (PPL-3): a child with Jayden's date of birth, address and mother but another given
    name (his twin, not yet in the index) is shown with Jayden as a candidate, never as "Best match"."""
    client = Client()
    child = {**CHILD_NAMED, "given_names": twin, "nhs_number": ""}
    assert send(client, answer_all(client, PROFESSIONAL_SCHOOL, children=[child], people=[PARENT])).status_code == 302
    contact = Contact.objects.get()
    cp = contact.people.get(given_names=twin)
    html = staff_client.get(f"/staff/people/match/{cp.pk}/").content.decode()
    assert f'href="/staff/people/{family.jayden.pk}/"' in html  # still listed, to consider
    assert "Best match" not in html
    # The real Jayden is still the best match for himself.
    Contact.objects.all().delete()
    jayden = jayden_on(submit_about_jayden())
    assert "Best match" in staff_client.get(f"/staff/people/match/{jayden.pk}/").content.decode()
