"""A child's chronology (issue 15, part 5): a read model over every app that holds their record.

``chronology(person, hidden)`` gathers, for one child of the person index, every event the
system holds: the contacts they were linked to, the decisions on them and the referrals made,
and on each of their pathways the strategy discussions, Section 47 enquiries, assessments,
conferences, plans, closure and letters sent; the times they were looked after; what was
shared with other organisations about them; and the case notes staff wrote. Each event has a
type (the page's filter), a date, a title and a line of detail.

An event from a restricted record the reader may not see (``hidden``, the one visibility rule,
frontdoor/core/visibility.py) is kept in its place, so the dates still read truly, but
masked: it says "Restricted record" and nothing of its contents. The page about a restricted
child is refused before this runs (the access middleware).

It lives above the apps it reads (the dependency order: it is a read model like returns), so
the person page, low in the order, only links to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Prefetch
from django.urls import reverse
from django.utils import timezone

from frontdoor.chronology.models import CaseNote, CaseNoteAmendment
from frontdoor.core.dates import local_date, local_datetime
from frontdoor.core.visibility import Hidden
from frontdoor.intake.models import Contact
from frontdoor.pathway.models import Episode, LetterSent, LookedAfterPeriod
from frontdoor.people.models import ContactPersonLink, Person
from frontdoor.screening.models import Decision, DecisionStatus, Referral
from frontdoor.sharing.models import Disclosure

RESTRICTED = "Restricted record"

# The types of event, in the order the filter offers them (value, label).
TYPES: tuple[tuple[str, str], ...] = (
    ("contact", "Contacts"),
    ("decision", "Decisions"),
    ("referral", "Referrals"),
    ("strategy", "Strategy discussions"),
    ("s47", "Section 47 enquiries"),
    ("assessment", "Assessments"),
    ("conference", "Conferences"),
    ("plan", "Plans"),
    ("looked_after", "Looked after"),
    ("closure", "Closures"),
    ("shared", "Information shared"),
    ("letter", "Letters sent"),
    ("note", "Case notes"),
)
TYPE_LABELS = dict(TYPES)
SINGULAR = {
    "contact": "Contact",
    "decision": "Decision",
    "referral": "Referral",
    "strategy": "Strategy discussion",
    "s47": "Section 47 enquiry",
    "assessment": "Assessment",
    "conference": "Conference",
    "plan": "Plan",
    "looked_after": "Looked after",
    "closure": "Closure",
    "shared": "Information shared",
    "letter": "Letter sent",
    "note": "Case note",
}


@dataclass
class Event:
    """One line of the chronology."""

    at: dt.datetime | dt.date
    type: str
    title: str
    detail: str = ""
    url: str = ""
    masked: bool = False
    by: str = ""
    note: CaseNote | None = None
    amendments: list[CaseNoteAmendment] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple[dt.date, dt.time]:
        if isinstance(self.at, dt.datetime):
            local = timezone.localtime(self.at) if timezone.is_aware(self.at) else self.at
            return (local.date(), local.time())
        return (self.at, dt.time.max)

    @property
    def type_label(self) -> str:
        return SINGULAR[self.type]

    @property
    def when(self) -> str:
        return local_datetime(self.at) if isinstance(self.at, dt.datetime) else local_date(self.at)

    @property
    def day(self) -> dt.date:
        return self.sort_key[0]


def _first_line(text: str, limit: int = 200) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _name(user: Any) -> str:
    if user is None:
        return ""
    return str(getattr(user, "display_name", "") or user.username)


def _masked(at: dt.datetime | dt.date, kind: str) -> Event:
    return Event(at=at, type=kind, title=RESTRICTED, masked=True)


def _contact_events(person: Person, hidden: Hidden) -> list[Event]:
    contact_ids = ContactPersonLink.objects.filter(person=person).values_list("contact_person__contact_id", flat=True)
    contacts = list(Contact.objects.filter(pk__in=list(contact_ids)).order_by("received_at"))
    events: list[Event] = []
    for contact in contacts:
        if hidden.hides(contact):
            events.append(_masked(contact.received_at, "contact"))
            continue
        events.append(
            Event(
                at=contact.received_at,
                type="contact",
                title=f"Contact {contact.reference} received",
                detail=f"{contact.get_channel_display()}: {_first_line(contact.concern)}",
                url=reverse("intake:staff-contact", args=[contact.reference]),
            )
        )
    by_id = {c.pk: c for c in contacts}
    decisions = Decision.objects.filter(contact_id__in=list(by_id), status=DecisionStatus.AUTHORISED)
    for decision in decisions.select_related("reviewed_by"):
        contact = by_id[decision.contact_id]
        at = decision.reviewed_at or decision.proposed_at
        if hidden.hides(contact):
            events.append(_masked(at, "decision"))
            continue
        events.append(
            Event(
                at=at,
                type="decision",
                title=f"Decision on {contact.reference}: {decision.get_outcome_display()}",
                detail=_first_line(decision.reasons),
                by=_name(decision.reviewed_by),
                url=reverse("intake:staff-contact", args=[contact.reference]),
            )
        )
    for referral in Referral.objects.filter(contact_id__in=list(by_id)):
        contact = by_id[referral.contact_id]
        if hidden.hides(contact):
            events.append(_masked(referral.referred_at, "referral"))
            continue
        events.append(
            Event(
                at=referral.referred_at,
                type="referral",
                title=f"Referral {referral.reference} made",
                detail=referral.get_route_display(),
                url=reverse("pathway:referral", args=[referral.pk]),
            )
        )
    return events


def _episode_events(episode: Episode) -> list[Event]:  # noqa: C901 - one block per step of the pathway
    url = reverse("pathway:episode", args=[episode.pk])
    events = [
        Event(
            at=episode.referral_date,
            type="referral",
            title="Child's pathway opened",
            url=url,
            detail=f"Allocated to {_name(episode.allocated_worker)}" if episode.allocated_worker else "",
        )
    ]
    for sd in episode.strategy_discussions.all():
        events.append(
            Event(
                at=sd.held_at,
                type="strategy",
                title="Strategy discussion held",
                detail=sd.get_outcome_display(),
                by=_name(sd.recorded_by),
                url=url,
            )
        )
    for s47 in episode.section47s.all():
        events.append(Event(at=s47.started_on, type="s47", title="Section 47 enquiry started", url=url))
        if s47.completed_on:
            events.append(
                Event(
                    at=s47.completed_on,
                    type="s47",
                    title="Section 47 enquiry completed",
                    detail=s47.get_outcome_display(),
                    url=url,
                )
            )
    for a in episode.assessments.all():
        events.append(Event(at=a.started_on, type="assessment", title="Child and family assessment started", url=url))
        if a.child_seen_on:
            events.append(Event(at=a.child_seen_on, type="assessment", title="Child seen for the assessment", url=url))
        if a.completed_on:
            events.append(
                Event(
                    at=a.completed_on,
                    type="assessment",
                    title="Assessment completed",
                    detail=_first_line(a.summary),
                    url=url,
                )
            )
        if a.authorised_on:
            events.append(Event(at=a.authorised_on, type="assessment", title="Assessment authorised", url=url))
    for c in episode.conferences.all():
        events.append(
            Event(at=c.held_on, type="conference", title=c.get_kind_display(), detail=c.get_outcome_display(), url=url)
        )
    for p in episode.cp_plans.all():
        events.append(
            Event(
                at=p.started_on,
                type="plan",
                title="Child protection plan started",
                detail=f"Category: {p.get_initial_category_display()}",
                url=url,
            )
        )
        if p.ended_on:
            events.append(Event(at=p.ended_on, type="plan", title="Child protection plan ended", url=url))
    for cin in episode.cin_plans.all():
        events.append(Event(at=cin.started_on, type="plan", title="Child in need plan started", url=url))
        if cin.ended_on:
            events.append(Event(at=cin.ended_on, type="plan", title="Child in need plan ended", url=url))
    for letter in episode.letters.all():
        events.append(
            Event(
                at=letter.sent_on,
                type="letter",
                title=f"Letter sent: {letter.get_kind_display()}",
                detail=f"To {letter.recipient}, {letter.get_method_display().lower()}",
                by=_name(letter.recorded_by),
                url=url,
            )
        )
    if episode.closed_on:
        events.append(
            Event(
                at=episode.closed_on,
                type="closure",
                title="Case closed",
                detail=episode.get_closure_reason_display(),
                by=_name(episode.closed_by),
                url=url,
            )
        )
    return events


def _pathway_events(person: Person, hidden: Hidden) -> list[Event]:
    episodes = (
        Episode.objects.filter(child=person)
        .select_related("referral", "allocated_worker", "closed_by")
        .prefetch_related(
            "strategy_discussions__recorded_by",
            "section47s",
            "assessments",
            "conferences",
            "cp_plans",
            "cin_plans",
            Prefetch("letters", queryset=LetterSent.objects.select_related("recorded_by")),
        )
    )
    events: list[Event] = []
    for episode in episodes:
        found = _episode_events(episode)
        if hidden.hides(episode):
            found = [_masked(e.at, e.type) for e in found]
        events.extend(found)
    for period in LookedAfterPeriod.objects.filter(child=person):
        events.append(Event(at=period.started_on, type="looked_after", title="Started to be looked after"))
        if period.ended_on:
            events.append(Event(at=period.ended_on, type="looked_after", title="Stopped being looked after"))
    return events


def _shared_events(person: Person, hidden: Hidden) -> list[Event]:
    events: list[Event] = []
    for d in Disclosure.objects.filter(person=person).select_related("request", "sent_by"):
        if hidden.hides(d):
            events.append(_masked(d.sent_at, "shared"))
            continue
        events.append(
            Event(
                at=d.sent_at,
                type="shared",
                title=f"{d.get_kind_display()} sent to {d.to_organisation}",
                detail=f"Request {d.request.reference}, to {d.to_name}",
                by=_name(d.sent_by),
                url=reverse("requests:request", args=[d.request.reference]),
            )
        )
    return events


def _note_events(person: Person, hidden: Hidden) -> list[Event]:
    notes = (
        CaseNote.objects.filter(person=person)
        .select_related("author", "contact", "episode__referral")
        .prefetch_related(Prefetch("amendments", queryset=CaseNoteAmendment.objects.select_related("author")))
    )
    events: list[Event] = []
    for note in notes:
        parts: list[Model] = [r for r in (note.contact, note.episode) if r is not None]
        if any(hidden.hides(r) for r in parts):
            events.append(_masked(note.happened_on, "note"))
            continue
        events.append(
            Event(
                at=note.happened_on,
                type="note",
                title=note.get_kind_display(),
                detail=note.text,
                by=_name(note.author),
                note=note,
                amendments=list(note.amendments.all()),
            )
        )
    return events


def chronology(person: Person, hidden: Hidden, types: set[str] | None = None) -> list[Event]:
    """Every event about this child, newest first; only the given types when ``types`` is not empty."""
    events = [
        *_contact_events(person, hidden),
        *_pathway_events(person, hidden),
        *_shared_events(person, hidden),
        *_note_events(person, hidden),
    ]
    if types:
        events = [e for e in events if e.type in types]
    return sorted(events, key=lambda e: e.sort_key, reverse=True)
