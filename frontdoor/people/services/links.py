"""Linking the people on a contact to the index (PPL-3): this is the person, a new person, not sure, unlink."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.intake.models import ContactPerson, PersonRole
from frontdoor.people import index, matching
from frontdoor.people.models import (
    ContactPersonLink,
    LinkDecision,
    NameKind,
    Person,
    PersonAddress,
    PersonKind,
    PersonName,
    Sex,
)
from frontdoor.people.services.records import LINK_DECIDED, LinkRefused, create_person, evidence_json
from frontdoor.people.signals import contact_person_linked


def _companions(contact_person: ContactPerson) -> list[ContactPerson]:
    return list(ContactPerson.objects.filter(contact_id=contact_person.contact_id))


def _save_link(
    contact_person: ContactPerson,
    decision: str,
    person: Person | None,
    candidate: matching.Candidate | None,
    reason: str,
    *,
    actor: User,
) -> ContactPersonLink:
    previous = ContactPersonLink.objects.filter(contact_person=contact_person).first()
    link, _ = ContactPersonLink.objects.update_or_create(
        contact_person=contact_person,
        defaults={
            "person": person,
            "decision": decision,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "score": candidate.score if candidate else None,
            "evidence": evidence_json(candidate.evidence) if candidate else [],
            "reason": reason,
        },
    )
    audit.record(
        actor,
        LINK_DECIDED[decision],
        contact_person,
        reason=reason,
        contact=contact_person.contact_id,
        person=person.pk if person else None,
        score=link.score,
        previous=({"decision": previous.decision, "person": previous.person_id} if previous is not None else None),
    )
    return link


@transaction.atomic
def link_contact_person(
    contact_person: ContactPerson, person: Person, reason: str = "", *, actor: User
) -> ContactPersonLink:
    """A member of staff confirms that the person named in the contact is ``person``.
    The matcher's score and evidence at this moment are kept with the decision. Refused for a
    restricted record the member of staff may not see (SEC-5)."""
    if person.merged_into_id is not None:
        raise LinkRefused("This record was merged into another; link to that one instead")
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        # A restricted record is linked only by those named on it (or with a break-glass grant):
        # a link by number alone would pull a live contact under a restriction, out of its
        # colleagues' sight, and show its screener nothing of the person it is linked to.
        raise LinkRefused("This record is restricted: ask for access to it before you link to it")
    candidate = index.score_against(index.query_of(contact_person, _companions(contact_person)), person)
    return _save_link(contact_person, LinkDecision.LINKED, person, candidate, reason, actor=actor)


def announce_link(contact_person: ContactPerson, actor: User) -> bool:
    """Tell the other apps a contact's person is now linked (after the link's commit): True when
    one of them acted on it (INT-14: the contact went to the child's allocated worker)."""
    return any(
        acted
        for _, acted in contact_person_linked.send(sender=ContactPerson, contact_person=contact_person, actor=actor)
    )


def _person_kind(role: str) -> str:
    if role == PersonRole.UNBORN:
        return PersonKind.UNBORN
    if role in (PersonRole.CHILD, PersonRole.CHILD_WHO_HARMED):
        return PersonKind.CHILD
    return PersonKind.ADULT


@transaction.atomic(durable=True)
def record_new_person(contact_person: ContactPerson, reason: str = "", *, actor: User) -> ContactPersonLink:
    """None of the candidates is this person: add them to the index from what the referrer
    said, and link the contact's person to the new record."""
    given, _, middle = contact_person.given_names.strip().partition(" ")
    sex = contact_person.sex if contact_person.sex in Sex.values else ""
    person = create_person(
        actor=actor,
        kind=_person_kind(contact_person.role),
        given_name=given,
        middle_names=middle,
        surname=contact_person.family_name,
        sex=sex,
        date_of_birth=contact_person.date_of_birth,
        expected_date=contact_person.expected_date,
        nhs_number=contact_person.nhs_number,
        address=contact_person.address,
        postcode=contact_person.postcode,
        reason=f"Named in contact {contact_person.contact.reference}",
    )
    if contact_person.previous_address:
        PersonAddress.objects.create(
            person=person, address=contact_person.previous_address, to_date=timezone.localdate()
        )
    for other in index._split_other_names(contact_person.other_names):
        if len(other) <= 100:
            PersonName.objects.create(person=person, kind=NameKind.ALIAS, given_name=other)
    index.refresh_keys(person)
    return _save_link(contact_person, LinkDecision.NEW_PERSON, person, None, reason, actor=actor)


@transaction.atomic(durable=True)
def record_not_sure(contact_person: ContactPerson, reason: str = "", *, actor: User) -> ContactPersonLink:
    """The screener looked and cannot yet say: recorded, and nothing is linked."""
    return _save_link(contact_person, LinkDecision.NOT_SURE, None, None, reason, actor=actor)


@transaction.atomic(durable=True)
def unlink(contact_person: ContactPerson, reason: str, *, actor: User) -> None:
    """Undo a decision (a wrong link): the reason is required and kept in the audit log."""
    if not reason.strip():
        raise ValueError("Give the reason for removing the link")
    link = ContactPersonLink.objects.filter(contact_person=contact_person).first()
    if link is None:
        return
    audit.record(
        actor, Action.PERSON_UNLINKED, contact_person, reason=reason, decision=link.decision, person=link.person_id
    )
    link.delete()
