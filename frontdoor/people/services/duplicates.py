"""Suspected duplicate records: listed for review, merged with history kept, or marked as different people."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.people import index, matching
from frontdoor.people.models import (
    ContactPersonLink,
    DuplicateStatus,
    DuplicateSuspect,
    Involvement,
    NameKind,
    Person,
    PersonAddress,
    PersonKey,
    PersonName,
    Relationship,
)
from frontdoor.people.services.records import evidence_json


@transaction.atomic(durable=True)
def record_duplicate_suspects(found: Iterable[tuple[int, int, matching.Candidate]]) -> int:
    """Store pairs the batch job suspects; pairs already reviewed are left as they are."""
    created = 0
    for a, b, candidate in found:
        low, high = min(a, b), max(a, b)
        suspect, new = DuplicateSuspect.objects.get_or_create(
            person_a_id=low,
            person_b_id=high,
            defaults={"score": candidate.score, "evidence": evidence_json(candidate.evidence)},
        )
        if not new and suspect.status == DuplicateStatus.OPEN:
            suspect.score = candidate.score
            suspect.evidence = evidence_json(candidate.evidence)
            suspect.save(update_fields=["score", "evidence"])
        if new:
            created += 1
            audit.record(
                None, Action.PERSON_DUPLICATE_SUSPECTED, suspect, actor_label="dedupe_people", score=candidate.score
            )
    return created


@transaction.atomic(durable=True)
def merge_people(survivor: Person, absorbed: Person, reason: str = "", *, actor: User) -> Person:
    """``absorbed`` is the same person as ``survivor``: its names, addresses, relationships,
    history and contact links move to the survivor, and it is marked merged (kept, never
    deleted, so the audit trail and old references still resolve)."""
    if survivor.pk == absorbed.pk:
        raise ValueError("A record cannot be merged into itself")
    if survivor.merged_into_id is not None or absorbed.merged_into_id is not None:
        raise ValueError("One of these records has been merged already")
    if absorbed.full_name and absorbed.full_name != survivor.full_name:
        PersonName.objects.create(
            person=survivor, kind=NameKind.ALIAS, given_name=absorbed.given_name, surname=absorbed.surname
        )
    for field in ("middle_names", "sex", "date_of_birth", "expected_date", "nhs_number"):
        if not getattr(survivor, field) and getattr(absorbed, field):
            setattr(survivor, field, getattr(absorbed, field))
    survivor.save()
    PersonName.objects.filter(person=absorbed).update(person=survivor)
    PersonAddress.objects.filter(person=absorbed).update(person=survivor)
    Involvement.objects.filter(person=absorbed).update(person=survivor)
    ContactPersonLink.objects.filter(person=absorbed).update(person=survivor)
    for rel in Relationship.objects.filter(Q(person=absorbed) | Q(other=absorbed)):
        person_id = survivor.pk if rel.person_id == absorbed.pk else rel.person_id
        other_id = survivor.pk if rel.other_id == absorbed.pk else rel.other_id
        duplicate = Relationship.objects.filter(person_id=person_id, other_id=other_id, type=rel.type).exists()
        if person_id == other_id or duplicate:
            rel.delete()
        else:
            Relationship.objects.filter(pk=rel.pk).update(person_id=person_id, other_id=other_id)
    Person.objects.filter(merged_into=absorbed).update(merged_into=survivor)
    absorbed.merged_into = survivor
    absorbed.save(update_fields=["merged_into"])
    PersonKey.objects.filter(person=absorbed).delete()
    pair = DuplicateSuspect.objects.filter(
        person_a_id=min(survivor.pk, absorbed.pk), person_b_id=max(survivor.pk, absorbed.pk)
    )
    pair.update(status=DuplicateStatus.MERGED, decided_by=actor, decided_at=timezone.now(), reason=reason)
    # Other open suspicions about the absorbed record are re-found against the survivor next run.
    DuplicateSuspect.objects.filter(Q(person_a=absorbed) | Q(person_b=absorbed), status=DuplicateStatus.OPEN).delete()
    audit.record(actor, Action.PERSON_MERGED, survivor, reason=reason, absorbed=absorbed.pk)
    audit.record(actor, Action.PERSON_MERGED_INTO, absorbed, reason=reason, survivor=survivor.pk)
    index.refresh_keys(survivor)
    return survivor


@transaction.atomic(durable=True)
def mark_not_duplicate(suspect: DuplicateSuspect, reason: str = "", *, actor: User) -> DuplicateSuspect:
    suspect.status = DuplicateStatus.NOT_DUPLICATE
    suspect.decided_by = actor
    suspect.decided_at = timezone.now()
    suspect.reason = reason
    suspect.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit.record(
        actor,
        Action.PERSON_NOT_DUPLICATE,
        suspect,
        reason=reason,
        person_a=suspect.person_a_id,
        person_b=suspect.person_b_id,
    )
    return suspect
