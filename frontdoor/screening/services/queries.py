"""What screening reads and never changes: the queues, who is known, the pattern, the suggestions,
what the referrer is told and what is due."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.core.visibility import Hidden
from frontdoor.intake.models import (
    OPEN_STATUSES,
    Anonymity,
    Contact,
    ContactPerson,
    ContactStatus,
    Priority,
    ReferrerType,
)
from frontdoor.intake.services import new_reference
from frontdoor.people import index
from frontdoor.people.models import ContactPersonLink, Involvement, InvolvementKind, Person
from frontdoor.policy import routing, screening_rules, timescales
from frontdoor.policy.active import active_config
from frontdoor.policy.calendar import LONDON, next_working_day, to_london
from frontdoor.policy.council import COUNCIL
from frontdoor.screening.models import (
    NO_FURTHER_ACTION_OUTCOMES,
    REFERRAL_DEADLINES,
    Basis,
    Decision,
    DecisionStatus,
    Knowledge,
    Outcome,
    Referral,
    Screening,
)

# --- The queues (SCR-1, INT-13, INT-14) -----------------------------------------------------------


def queue_order(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """Immediate protection first, then by the decision deadline (SCR-1)."""
    return contacts.order_by("priority", "decision_due_at", "id")


def general_queue(queue: str) -> QuerySet[Contact]:
    """Open contacts in a queue that are not waiting in an allocated worker's list (INT-14)."""
    return queue_order(Contact.objects.filter(queue=queue, status__in=OPEN_STATUSES, allocated_to__isnull=True))


def my_list(*, actor: User) -> QuerySet[Contact]:
    """What is in front of this person: contacts they hold, contacts about children whose
    case is allocated to them (INT-14), and for a manager, urgent contacts about their
    team's allocated children and proposals from their team waiting for authorisation."""
    return queue_order(Contact.objects.filter(_mine(actor), status__in=OPEN_STATUSES))


def _mine(actor: User) -> Q:
    mine = Q(claimed_by=actor) | Q(allocated_to=actor)
    if actor.is_manager and actor.team_id is not None:
        urgent = Q(priority=Priority.IMMEDIATE) | Q(form_type="red")
        mine |= Q(allocated_to__team_id=actor.team_id) & urgent
        mine |= Q(status=ContactStatus.AWAITING_AUTHORISATION, team_id=actor.team_id)
    return mine


QUEUE_NAMES = (routing.Queue.SCREENING, routing.Queue.FAST_TRACK, routing.Queue.OUT_OF_HOURS, routing.Queue.LADO)
"""The queues staff work from (the queue page's tabs); returned contacts wait for the referrer."""


def queue_count(user: User, hidden: Hidden) -> int:
    """The header's count beside "Queue" (issue 15): open contacts waiting in the queues (not in
    an allocated worker's list), those the user may see; one count from the queues' index."""
    waiting = Contact.objects.filter(status__in=OPEN_STATUSES, allocated_to__isnull=True, queue__in=QUEUE_NAMES)
    return waiting.visible_to(user, hidden).count()


def my_list_count(user: User, hidden: Hidden) -> int:
    """The header's count beside "My list" (issue 15), those the user may see."""
    return Contact.objects.visible_to(user, hidden).filter(_mine(user), status__in=OPEN_STATUSES).count()


def awaiting_authorisation(team: Team | None = None) -> QuerySet[Contact]:
    contacts = Contact.objects.filter(status=ContactStatus.AWAITING_AUTHORISATION)
    if team is not None:
        contacts = contacts.filter(team=team)
    return queue_order(contacts)


# --- Open cases (INT-14) -------------------------------------------------------------------------


def _open_allocation(person_ids: Iterable[int]) -> Involvement | None:
    return (
        Involvement.objects.filter(person_id__in=list(person_ids), end__isnull=True, allocated_worker__isnull=False)
        .exclude(kind=InvolvementKind.CLOSURE)
        .select_related("allocated_worker", "person")
        .order_by("-start", "-id")
        .first()
    )


# --- Known to services (SCR-2, SCR-3) ------------------------------------------------------------


@dataclass
class KnownPerson:
    contact_person: ContactPerson
    link: ContactPersonLink | None
    family: index.Family | None

    @property
    def state(self) -> str:
        if self.link is None:
            return "not_checked"
        return "linked" if self.link.is_linked else "not_sure"

    def as_json(self) -> dict[str, Any]:
        def hist(invs: Sequence[Involvement]) -> list[str]:
            return [f"{i.get_kind_display()} {i.start:%d/%m/%Y}{' (open)' if i.is_open else ''}" for i in invs]

        family = self.family
        return {
            "name": self.contact_person.display_name,
            "role": self.contact_person.get_role_display(),
            "state": self.state,
            "person_id": family.person.pk if family else None,
            "history": hist(family.involvements) if family else [],
            "family": [
                {
                    "label": m.label,
                    "name": m.person.display_name,
                    "person_id": m.person.pk,
                    "history": hist(m.involvements),
                }
                for m in (family.members if family else [])
                if m.involvements
            ],
        }


def known_to_services(contact: Contact) -> list[KnownPerson]:
    """For every person on the contact: who they were confirmed to be, and their and their
    family's history (siblings, half-siblings, other children, adults and their children)."""
    people = list(contact.people.all().select_related("index_link__person", "index_link__decided_by"))
    linked = [cp.index_link.person for cp in people if _link(cp) and cp.index_link.is_linked and cp.index_link.person]
    fams = index.families([p for p in linked if p is not None])
    result = []
    for cp in people:
        link = _link(cp)
        family = fams.get(link.person_id) if link and link.is_linked and link.person_id else None
        result.append(KnownPerson(cp, link, family))
    return result


def _link(cp: ContactPerson) -> ContactPersonLink | None:
    try:
        return cp.index_link
    except ContactPersonLink.DoesNotExist:
        return None


# --- The contact's pattern (SCR-5) ---------------------------------------------------------------


@dataclass
class Pattern:
    about_family: list[Contact] = field(default_factory=list)  # last 12 months, newest first
    from_referrer: list[Contact] = field(default_factory=list)
    anonymous_30d: int = 0
    no_further_action: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "about_family": [c.reference for c in self.about_family],
            "from_referrer": [c.reference for c in self.from_referrer],
            "anonymous_30d": self.anonymous_30d,
            "no_further_action": self.no_further_action,
        }


def pattern(contact: Contact) -> Pattern:
    """Earlier contacts about the same child or family in the 12 months before this one, and
    the same referrer's: repeated, possibly malicious or mistaken contacts are shown, never
    discarded. The family is every person linked on this contact and their relatives; until
    someone is linked, a child named with a date of birth stands in for them."""
    since = contact.received_at - dt.timedelta(days=365)
    window = Contact.objects.filter(received_at__gte=since, received_at__lt=contact.received_at).exclude(pk=contact.pk)
    people = list(contact.people.all())
    person_ids: set[int] = set()
    for cp in people:
        link = _link(cp)
        if link is not None and link.is_linked and link.person_id:
            person_ids.add(link.person_id)
    if person_ids:
        for fam in index.families(list(Person.objects.filter(pk__in=person_ids))).values():
            person_ids.update(m.person.pk for m in fam.members)
    about = Q(people__index_link__person_id__in=person_ids) if person_ids else Q(pk__in=[])
    for cp in people:
        if cp.is_child and cp.date_of_birth and cp.family_name:
            about |= Q(people__date_of_birth=cp.date_of_birth, people__family_name__iexact=cp.family_name)
    about_family = list(window.filter(about).distinct().order_by("-received_at")[:50])
    referrer = Q(pk__in=[])
    if contact.referrer_email:
        referrer |= Q(referrer_email__iexact=contact.referrer_email)
    if contact.referrer_phone:
        referrer |= Q(referrer_phone=contact.referrer_phone)
    from_referrer = list(window.filter(referrer).order_by("-received_at")[:50])
    month = contact.received_at - dt.timedelta(days=30)
    anonymous = sum(1 for c in about_family if c.anonymity == Anonymity.ANONYMOUS and c.received_at >= month)
    earlier = [c.pk for c in about_family]
    nfa = Decision.objects.filter(
        contact__in=earlier, status=DecisionStatus.AUTHORISED, outcome__in=NO_FURTHER_ACTION_OUTCOMES
    ).count()
    return Pattern(about_family, from_referrer, anonymous, nfa)


# --- Suggestions (DEC-4, DEC-5, SCR-5; DEC-7) -----------------------------------------------------


def _youngest_age_days(contact: Contact) -> int | None:
    received = to_london(contact.received_at).date()
    ages = [(received - cp.date_of_birth).days for cp in contact.people.all() if cp.is_child and cp.date_of_birth]
    ages = [a for a in ages if a >= 0]
    return min(ages) if ages else None


def _text_of(contact: Contact, screening: Screening | None) -> str:
    parts = [contact.concern, contact.concern_source, contact.significant_events, contact.background_details]
    parts += [cp.location_and_condition for cp in contact.people.all()]
    if screening is not None:
        parts += [screening.nature_of_concern, screening.how_arisen, screening.foundations, screening.urgent_action]
    return "\n".join(p for p in parts if p)


def suggestions(
    contact: Contact, screening: Screening | None = None, found: Pattern | None = None
) -> list[dict[str, Any]]:
    """Every rule that applies, with its reason and source, and whether a person overruled it."""
    found = found or pattern(contact)
    facts = screening_rules.ScreeningFacts(
        concern_text=_text_of(contact, screening),
        youngest_child_age_days=_youngest_age_days(contact),
        baby_mobility=screening.baby_mobility if screening else "",
        bruising=screening.bruising if screening else None,
        suspected_crime=screening.suspected_crime if screening else None,
        police_protection=bool(screening and screening.police_protection),
        contacts_about_family_12m=len(found.about_family),
        anonymous_contacts_about_family_30d=found.anonymous_30d,
        referrer_earlier_contacts_12m=len(found.from_referrer),
        earlier_outcomes_nfa_12m=found.no_further_action,
    )
    overrules = {o.rule_id: o for o in screening.overrules.all()} if screening else {}
    result = []
    for firing in screening_rules.suggest(facts, active_config()):
        overrule = overrules.get(firing.rule.id)
        result.append(
            {
                "rule": firing.rule.id,
                "title": firing.rule.title,
                "source": firing.rule.source,
                "reason": firing.reason,
                "overruled": (
                    {"reason": overrule.reason, "by": overrule.by.display_name, "at": overrule.at.isoformat()}
                    if overrule
                    else None
                ),
            }
        )
    return result


# --- Decision and authorisation (DEC-1..DEC-7) -----------------------------------------------------


def new_referral_reference() -> str:
    """``REF-XXXX-XXXX``: plainly not a contact's ``FD-XXXX-XXXX`` (contacts and referrals are distinct)."""
    return "REF-" + new_reference().removeprefix("FD-")


# --- Telling the referrer (ACK-3) ----------------------------------------------------------------


def referrer_message(contact: Contact, decision: Decision) -> str:
    """What the referrer is told: a professional learns the outcome; a member of the public,
    a child or a relative learns only what the family's confidentiality allows (§10)."""
    text = render_to_string(
        "screening/email/outcome.txt",
        {
            "contact": contact,
            "decision": decision,
            "professional": contact.referrer_type == ReferrerType.PROFESSIONAL,
            "signposted": decision.outcome == Outcome.SIGNPOSTING,
            "council": COUNCIL,
        },
    )
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def outcome_for_referrer(contact: Contact) -> str:
    """ACK-2 after the decision: what the status page shows the referrer, the same words as
    the outcome message; nothing before a decision is authorised."""
    decision = contact.decisions.filter(status=DecisionStatus.AUTHORISED).first()
    return referrer_message(contact, decision) if decision else ""


# --- Deadlines (TIM-2, TIM-3) --------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    rule_id: str
    title: str
    source: str
    due_at: dt.datetime
    state: str  # timescales.due_state
    contact: Contact
    referral: Referral | None = None

    @property
    def reference(self) -> str:
        return self.referral.reference if self.referral else self.contact.reference


def _horizon(now: dt.datetime) -> dt.datetime:
    """The end of the next working day after ``now`` (London): anything due by then is shown."""
    return dt.datetime.combine(next_working_day(to_london(now).date()), dt.time.max, tzinfo=LONDON)


def due_items(*, team: Team | None = None, now: dt.datetime | None = None, limit: int = 500) -> list[DueItem]:
    """Every open deadline due by the end of the next working day, overdue first (TIM-3)."""
    now = now or timezone.now()
    horizon = _horizon(now)
    contacts = Contact.objects.select_related("team", "claimed_by", "allocated_to")
    referrals = Referral.objects.select_related("contact__team", "contact__claimed_by", "contact__allocated_to")
    if team is not None:
        contacts = contacts.filter(team=team)
        referrals = referrals.filter(team=team)
    # (rule, the rows whose deadline is due by the horizon and not met, the field it is due by)
    checks: list[tuple[str, QuerySet[Any], str]] = [
        # An emailed draft's decision clock runs from receipt too (issue 8): it is due like any other.
        ("decision", contacts.filter(status__in=(*OPEN_STATUSES, ContactStatus.DRAFT)), "decision_due_at"),
        ("acknowledgement", contacts.filter(acknowledged_at__isnull=True), "acknowledgement_due_at"),
        (
            "written_confirmation",
            contacts.filter(written_confirmation_received_at__isnull=True),
            "written_confirmation_due_at",
        ),
        *((d.rule_id, referrals.filter(**{f"{d.met_field}__isnull": True}), d.due_field) for d in REFERRAL_DEADLINES),
    ]
    items: list[DueItem] = []
    for rule_id, rows, due_field in checks:
        title, source = timescales.DEADLINE_RULES[rule_id]
        for row in rows.filter(**{f"{due_field}__lte": horizon}).order_by(due_field)[:limit]:
            due_at = getattr(row, due_field)
            referral = row if isinstance(row, Referral) else None
            contact = referral.contact if referral else row
            items.append(DueItem(rule_id, title, source, due_at, timescales.due_state(due_at, now), contact, referral))
    order = {"overdue": 0, "due_today": 1, "due_next_working_day": 2, "later": 3}
    items.sort(key=lambda i: (order.get(i.state, 9), i.due_at))
    return items


def basis_for_enquiry(contact: Contact) -> Basis | None:
    """CON-3: what allows children's services to ask other agencies about the family now, or None.

    A section 47 enquiry that has started allows it; before that, the parents' recorded
    agreement, or a team manager's authorisation to go ahead without their knowledge."""
    if Referral.objects.filter(contact=contact, s47_started_at__isnull=False).exists():
        return Basis.SECTION_47
    knowledge = Screening.objects.filter(contact=contact).values_list("parental_knowledge", flat=True).first()
    if knowledge == Knowledge.INFORMED_AGREED:
        return Basis.CONSENT
    if contact.without_notice_authorisations.exists():
        return Basis.AUTHORISED
    return None
