"""Commands that keep the child's records beside the steps of an episode: the periods the child was
looked after, the child's census details and the letters sent to the family (STA-2). Atomic,
checked (``guards``), audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.pathway.models import ChildDetails, Episode, LetterKind, LetterSent, LookedAfterPeriod
from frontdoor.pathway.services.guards import PathwayRefused, _require_recorder, _today, valid_upn
from frontdoor.people.models import Person
from frontdoor.policy import census_codes

# --- Looked after ----------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def record_looked_after(
    child: Person, *, actor: User, started_on: dt.date, ended_on: dt.date | None = None
) -> LookedAfterPeriod:
    """A period the child was looked after, where the record knows it."""
    _require_recorder(actor)
    if started_on > _today() or (ended_on is not None and ended_on > _today()):
        raise PathwayRefused("The dates of a period looked after must be today or in the past")
    if ended_on is not None and ended_on < started_on:
        raise PathwayRefused("The period must end on or after it starts")
    for other in LookedAfterPeriod.objects.select_for_update().filter(child=child):
        other_end = other.ended_on or dt.date.max
        end = ended_on or dt.date.max
        if started_on <= other_end and other.started_on <= end:
            raise PathwayRefused("This period overlaps another period the child was looked after")
    period = LookedAfterPeriod.objects.create(child=child, started_on=started_on, ended_on=ended_on, recorded_by=actor)
    audit.record(
        actor,
        Action.PATHWAY_LOOKED_AFTER,
        child,
        period=period.pk,
        started_on=started_on.isoformat(),
        ended_on=ended_on.isoformat() if ended_on else "",
    )
    return period


@transaction.atomic(durable=True)
def end_looked_after(period: LookedAfterPeriod, *, actor: User, ended_on: dt.date) -> LookedAfterPeriod:
    _require_recorder(actor)
    locked = LookedAfterPeriod.objects.select_for_update().get(pk=period.pk)
    if locked.ended_on is not None:
        raise PathwayRefused("This period has already ended")
    if ended_on > _today() or ended_on < locked.started_on:
        raise PathwayRefused("The period must end on or after it starts, and not in the future")
    locked.ended_on = ended_on
    locked.save(update_fields=["ended_on"])
    audit.record(
        actor, Action.PATHWAY_LOOKED_AFTER_ENDED, locked.child, period=locked.pk, ended_on=ended_on.isoformat()
    )
    return locked


# --- The child's census details --------------------------------------------------------------------


@transaction.atomic(durable=True)
def update_child_details(person: Person, *, actor: User, **values: Any) -> ChildDetails:
    """The census's details of a child: UPN (or why it is unknown), ethnicity, disabilities."""
    _require_recorder(actor)
    allowed = {"upn", "former_upn", "upn_unknown", "ethnicity", "disabilities", "death_date"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not census details: {sorted(unknown)}")
    details, _ = ChildDetails.objects.select_for_update().get_or_create(person=person)
    for name in ("upn", "former_upn"):
        if name in values:
            values[name] = str(values[name] or "").strip().upper()
            if values[name] and not valid_upn(values[name]):
                raise PathwayRefused("Enter a Unique Pupil Number in the right format, like A123456789012")
    if values.get("upn") and values.get("upn_unknown"):
        raise PathwayRefused("Give the UPN or the reason it is not known, not both")
    if values.get("upn_unknown") and values["upn_unknown"] not in census_codes.codes(census_codes.UPN_UNKNOWN):
        raise PathwayRefused("Select why the UPN is not known")
    if values.get("ethnicity") and values["ethnicity"] not in census_codes.codes(census_codes.ETHNICITY):
        raise PathwayRefused("Select the child's ethnicity")
    if "disabilities" in values:
        chosen = list(dict.fromkeys(values["disabilities"] or []))
        if any(code not in census_codes.codes(census_codes.DISABILITIES) for code in chosen):
            raise PathwayRefused("Select disabilities from the list")
        if census_codes.NO_DISABILITY in chosen and len(chosen) > 1:
            raise PathwayRefused("'No disability' cannot be chosen with a disability")
        values["disabilities"] = chosen
    changed = sorted(name for name, value in values.items() if getattr(details, name) != value)
    for name, value in values.items():
        setattr(details, name, value)
    details.updated_at = timezone.now()
    details.save()
    audit.record(actor, Action.PERSON_CENSUS_DETAILS_UPDATED, person, fields=changed)
    return details


# --- Letters to the family (STA-2) -----------------------------------------------------------------


@transaction.atomic(durable=True)
def record_letter_sent(
    episode: Episode, *, actor: User, kind: str, recipient: str, method: str, sent_on: dt.date, language: str = "en"
) -> LetterSent:
    _require_recorder(actor)
    if kind not in LetterKind.values:
        raise PathwayRefused("Select the letter")
    if method not in LetterSent.Method.values:
        raise PathwayRefused("Select how the letter was sent")
    if not recipient.strip():
        raise PathwayRefused("Enter who the letter was sent to")
    if sent_on > _today():
        raise PathwayRefused("The date the letter was sent must be today or in the past")
    letter = LetterSent.objects.create(
        episode=episode,
        kind=kind,
        recipient=recipient.strip()[:200],
        method=method,
        sent_on=sent_on,
        language=language,
        recorded_by=actor,
    )
    audit.record(
        actor, Action.PATHWAY_LETTER_SENT, episode, letter=letter.pk, kind=kind, method=method, language=language
    )
    return letter
