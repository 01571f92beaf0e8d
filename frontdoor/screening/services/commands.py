"""Every change in screening happens here: atomic, checked, audited in the same transaction.

The life of a contact at the front door (statuses in ``intake.models.ContactStatus``):

    new --claim--> screening --propose--> awaiting_authorisation --authorise--> decided
     ^               |   ^                        |
     +---release-----+   +------send back---------+
     +----------------- escalation reopened ------------------------------------+

Claiming is one conditional UPDATE (``... WHERE claimed_by IS NULL AND status = 'new'``):
the database lets exactly one of any number of concurrent claimers change the row, on
SQLite and on PostgreSQL alike, so two screeners never hold one contact (SCR-1).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from frontdoor.accounts.models import Role, Team, User
from frontdoor.audit import services as audit
from frontdoor.intake import outbox
from frontdoor.intake.models import (
    OPEN_STATUSES,
    Anonymity,
    Contact,
    ContactPerson,
    ContactStatus,
    OutboundEmail,
    Priority,
    ReferrerType,
)
from frontdoor.intake.services import new_reference
from frontdoor.pathway import services as pathway
from frontdoor.people import index
from frontdoor.people import services as people_services
from frontdoor.people.models import (
    ContactPersonLink,
    Involvement,
    InvolvementKind,
    Person,
)
from frontdoor.policy import language, routing, screening_rules, timescales
from frontdoor.policy.active import active_config
from frontdoor.policy.calendar import LONDON, next_working_day, to_london
from frontdoor.policy.council import COUNCIL
from frontdoor.screening.models import (
    NO_FURTHER_ACTION_OUTCOMES,
    REFERRAL_DEADLINES,
    SIGNIFICANT_HARM_OUTCOMES,
    DeadlineFlag,
    Decision,
    DecisionStatus,
    Escalation,
    Knowledge,
    Outcome,
    Overrule,
    Referral,
    ReferrerUpdate,
    Screening,
)

log = logging.getLogger("frontdoor.screening.services")  # the name it had as one module


class ScreeningRefused(Exception):
    """The change is not allowed; the message says why, in words for the person who tried."""


# --- Who may do what ----------------------------------------------------------------------------


def _require_screener(actor: User) -> None:
    if not actor.can_screen:
        raise ScreeningRefused("Only a social worker with delegated authority can screen a contact")


def _require_manager(actor: User, what: str) -> None:
    if not actor.is_manager:
        raise ScreeningRefused(f"Only a team manager can {what}")


def _require_holder(contact: Contact, actor: User) -> None:
    if contact.claimed_by_id != actor.pk:
        holder = contact.claimed_by.display_name if contact.claimed_by else "nobody"
        raise ScreeningRefused(f"You are not screening this contact (it is held by {holder}): claim it first")


def _locked(contact: Contact) -> Contact:
    return Contact.objects.select_for_update(of=("self",)).select_related("claimed_by").get(pk=contact.pk)


# --- The queues (SCR-1, INT-13, INT-14) -----------------------------------------------------------


def queue_order(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """Immediate protection first, then by the decision deadline (SCR-1)."""
    return contacts.order_by("priority", "decision_due_at", "id")


def general_queue(queue: str) -> QuerySet[Contact]:
    """Open contacts in a queue that are not waiting in an allocated worker's list (INT-14)."""
    return queue_order(Contact.objects.filter(queue=queue, status__in=OPEN_STATUSES, allocated_to__isnull=True))


def my_list(actor: User) -> QuerySet[Contact]:
    """What is in front of this person: contacts they hold, contacts about children whose
    case is allocated to them (INT-14), and for a manager, urgent contacts about their
    team's allocated children and proposals from their team waiting for authorisation."""
    mine = Q(claimed_by=actor) | Q(allocated_to=actor)
    if actor.is_manager and actor.team_id is not None:
        urgent = Q(priority=Priority.IMMEDIATE) | Q(form_type="red")
        mine |= Q(allocated_to__team_id=actor.team_id) & urgent
        mine |= Q(status=ContactStatus.AWAITING_AUTHORISATION, team_id=actor.team_id)
    return queue_order(Contact.objects.filter(mine, status__in=OPEN_STATUSES))


def awaiting_authorisation(team: Team | None = None) -> QuerySet[Contact]:
    contacts = Contact.objects.filter(status=ContactStatus.AWAITING_AUTHORISATION)
    if team is not None:
        contacts = contacts.filter(team=team)
    return queue_order(contacts)


# --- Claiming (SCR-1) ----------------------------------------------------------------------------


def _start_screening(contact: Contact) -> Screening:
    """The screening record, made on the first claim with what the referrer already said."""
    knowledge = contact.parental_knowledge if contact.parental_knowledge in Knowledge.values else ""
    screening, _ = Screening.objects.get_or_create(
        contact=contact,
        defaults={
            "parental_knowledge": knowledge,
            "not_informed_ground": contact.not_informed_ground if knowledge == Knowledge.NOT_INFORMED else "",
            "domestic_abuse": contact.domestic_abuse,
            "mental_ill_health": contact.mental_ill_health,
            "substance_misuse": contact.substance_misuse,
            "learning_difficulties": contact.learning_difficulties,
        },
    )
    return screening


@transaction.atomic
def claim(contact: Contact, actor: User) -> Contact:
    """Take a new contact to screen. Exactly one of any number of concurrent claims wins;
    the others are told who has it. Claiming a contact you already hold does nothing."""
    _require_screener(actor)
    now = timezone.now()
    won = Contact.objects.filter(pk=contact.pk, status=ContactStatus.NEW, claimed_by__isnull=True).update(
        claimed_by=actor, claimed_at=now, status=ContactStatus.SCREENING
    )
    current = Contact.objects.select_related("claimed_by").get(pk=contact.pk)
    if not won:
        if current.claimed_by_id == actor.pk:
            return current
        if current.claimed_by is not None:
            raise ScreeningRefused(f"{current.claimed_by.display_name} is already screening this contact")
        raise ScreeningRefused(f"This contact cannot be claimed: it is {current.get_status_display().lower()}")
    _start_screening(current)
    audit.record(actor, "contact.claimed", current)
    return current


def claim_next(
    actor: User, queue: str, *, team: Team | None = None, exclude: Collection[int] = ()
) -> Contact | None:
    """Claim the most urgent unclaimed contact in a queue, or None when there is none.

    On PostgreSQL the candidate is picked with ``FOR UPDATE SKIP LOCKED``, so concurrent
    screeners each take a different contact at once instead of queueing behind the one at the
    top (bench/screening: 131 claims/s against 23 with 20 screeners). SQLite has one writer at a
    time, so there the most urgent few are simply tried in turn. Either way ``claim``'s
    conditional UPDATE is what guarantees one holder."""
    _require_screener(actor)
    candidates = general_queue(queue).filter(status=ContactStatus.NEW, claimed_by__isnull=True)
    if team is not None:
        candidates = candidates.filter(team=team)
    if exclude:  # SEC-1: restricted contacts the screener may not see are never handed to them
        candidates = candidates.exclude(pk__in=exclude)
    if connection.features.has_select_for_update_skip_locked:
        while True:
            with transaction.atomic():
                pk = candidates.select_for_update(skip_locked=True).values_list("id", flat=True).first()
                if pk is None:
                    return None
                try:
                    return claim(Contact(pk=pk), actor)
                except ScreeningRefused:
                    continue  # claimed between our read and our lock: take the next
    while True:
        ids = list(candidates.values_list("id", flat=True)[:5])
        if not ids:
            return None
        for pk in ids:
            try:
                return claim(Contact(pk=pk), actor)
            except ScreeningRefused:
                continue


@transaction.atomic
def release(contact: Contact, actor: User, reason: str = "") -> None:
    """Put a contact back in its queue. The holder may; a manager may, with a reason."""
    locked = _locked(contact)
    if locked.status != ContactStatus.SCREENING or locked.claimed_by_id is None:
        raise ScreeningRefused("Only a contact that is being screened can be released")
    if locked.claimed_by_id != actor.pk:
        _require_manager(actor, "release a contact someone else is screening")
        if not reason.strip():
            raise ScreeningRefused("Enter why you are releasing someone else's contact")
    previous = locked.claimed_by
    locked.claimed_by = None
    locked.claimed_at = None
    locked.status = ContactStatus.NEW
    locked.save(update_fields=["claimed_by", "claimed_at", "status"])
    holder = previous.username if previous else ""
    audit.record(actor, "contact.released", locked, reason=reason.strip(), previous_holder=holder)


@transaction.atomic
def reassign(contact: Contact, to: User, actor: User, reason: str) -> None:
    """A manager gives a contact to another screener (SCR-1)."""
    _require_manager(actor, "reassign a contact")
    if not to.can_screen:
        raise ScreeningRefused(f"{to.display_name} cannot screen contacts")
    if not reason.strip():
        raise ScreeningRefused("Enter why you are reassigning this contact")
    locked = _locked(contact)
    if locked.status not in (ContactStatus.NEW, ContactStatus.SCREENING):
        raise ScreeningRefused("Only a contact waiting for or in screening can be reassigned")
    previous = locked.claimed_by
    locked.claimed_by = to
    locked.claimed_at = timezone.now()
    locked.status = ContactStatus.SCREENING
    locked.save(update_fields=["claimed_by", "claimed_at", "status"])
    _start_screening(locked)
    audit.record(actor, "contact.reassigned", locked, reason=reason.strip(), to=to.username,
                 previous_holder=previous.username if previous else "")  # fmt: skip


# --- Open cases (INT-14) -------------------------------------------------------------------------


def _open_allocation(person_ids: Iterable[int]) -> Involvement | None:
    return (
        Involvement.objects.filter(person_id__in=list(person_ids), end__isnull=True, allocated_worker__isnull=False)
        .exclude(kind=InvolvementKind.CLOSURE)
        .select_related("allocated_worker", "person")
        .order_by("-start", "-id")
        .first()
    )


@transaction.atomic
def route_to_allocated_worker(contact: Contact, person: Person, actor: User | None, *, how: str) -> bool:
    """INT-14: a contact about a child whose case is open goes to the allocated social worker's
    list (and their team manager's, when urgent), not the general queue. ``how`` says why we
    believe the child is this person (a confirmed link, or a certain match to confirm)."""
    involvement = _open_allocation([person.pk])
    if involvement is None or involvement.allocated_worker is None:
        return False
    worker = involvement.allocated_worker
    locked = _locked(contact)
    if not locked.is_open or locked.allocated_to_id == worker.pk or locked.status != ContactStatus.NEW:
        return False
    locked.allocated_to = worker
    locked.team_id = worker.team_id or locked.team_id
    urgent = " Urgent: their team manager sees it too." if locked.is_urgent else ""
    locked.routing = [
        *locked.routing,
        {
            "rule": routing.OPEN_CASE.id,
            "title": routing.OPEN_CASE.title,
            "source": routing.OPEN_CASE.source,
            "reason": (
                f"{person.display_name} (record {person.pk}) has an open {involvement.get_kind_display().lower()} "
                f"allocated to {worker.display_name}; {how}.{urgent}"
            ),
        },
    ]
    locked.save(update_fields=["allocated_to", "team", "routing"])
    audit.record(actor, "contact.routed_to_allocated_worker", locked, actor_label=audit.TASK_WORKER,
                 worker=worker.username, person=person.pk, how=how)  # fmt: skip
    return True


def route_open_case_on_arrival(contact: Contact) -> bool:
    """At arrival, before anyone has confirmed who the children are: a child whose description
    matches an index record with certainty (NHS number and date of birth agreeing) and who has
    an open, allocated case sends the contact to the allocated worker. No link is made (PPL-3):
    the worker confirms who the child is."""
    children = [cp for cp in contact.people.all() if cp.is_child and cp.nhs_number and cp.date_of_birth]
    for cp in children:
        query = index.query_of(cp)
        ranked = index.find_candidates(query, limit=3)
        chosen = index.matcher().decide([c for c, _ in ranked])
        if chosen is None:
            continue
        person = next(p for c, p in ranked if c.person_id == chosen.person_id)
        agree = {e.field for e in chosen.evidence if e.level == "exact"}
        if {"nhs_number", "date_of_birth"} <= agree and route_to_allocated_worker(
            contact, person, None, how="matched on NHS number and date of birth at arrival: confirm the link"
        ):
            return True
    return False


def route_open_case_on_link(contact_person: ContactPerson, actor: User) -> bool:
    link = getattr(contact_person, "index_link", None)
    if link is None or not link.is_linked or not contact_person.is_child or link.person is None:
        return False
    return route_to_allocated_worker(contact_person.contact, link.person, actor, how="linked by a member of staff")


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


def _live(suggested: Sequence[dict[str, Any]], rule_id: str) -> bool:
    return any(s["rule"] == rule_id and not s["overruled"] for s in suggested)


@transaction.atomic
def overrule(contact: Contact, rule_id: str, reason: str, actor: User) -> Overrule:
    """DEC-7: a person overrules a suggestion, with a reason."""
    locked = _locked(contact)
    _require_holder(locked, actor)
    if not reason.strip():
        raise ScreeningRefused("Enter why you are overruling this suggestion")
    screening = _start_screening(locked)
    if rule_id not in {s["rule"] for s in suggestions(locked, screening)}:
        raise ScreeningRefused("That suggestion does not apply to this contact")
    row, _ = Overrule.objects.update_or_create(
        screening=screening, rule_id=rule_id, defaults={"reason": reason.strip(), "by": actor, "at": timezone.now()}
    )
    audit.record(actor, "screening.suggestion_overruled", locked, reason=reason.strip(), rule=rule_id)
    return row


# --- The screening record (SCR-2, SCR-4, SCR-6, SCR-7, CON-1, DEC-4, DEC-5) ---------------------------

TEXT_FIELDS = (
    "nature_of_concern",
    "how_arisen",
    "child_needs",
    "child_location",
    "foundations",
    "urgent_action",
    "services",
    "specialist_assessment",
    "discussed_with_referrer",
    "continuum_reasons",
    "household_notes",
    "consent_notes",
    "bruise_explanation",
    "paediatric_assessment",
)
CHOICE_FIELDS = (
    "abuse_or_neglect",
    "continuum_level",
    "domestic_abuse",
    "mental_ill_health",
    "substance_misuse",
    "learning_difficulties",
    "parental_knowledge",
    "not_informed_ground",
    "bruising",
    "baby_mobility",
    "suspected_crime",
    "police_protection",
)
EDITABLE = TEXT_FIELDS + CHOICE_FIELDS


class LanguageCheck(ScreeningRefused):  # noqa: N818 - a check the writer answers, not an error
    """SCR-7: the text has euphemisms; the writer rephrases or confirms they keep it."""

    def __init__(self, flags: Sequence[language.LanguageFlag]) -> None:
        self.flags = list(flags)
        super().__init__("Check the wording highlighted before saving")


def _unkept_flags(screening: Screening, values: dict[str, Any]) -> list[language.LanguageFlag]:
    kept = {(k["field"], k["text"].lower()) for k in screening.kept_language}
    texts = {name: values.get(name, getattr(screening, name)) or "" for name in TEXT_FIELDS}
    return [f for f in language.find_in_fields(texts) if (f.field, f.text.lower()) not in kept]


@transaction.atomic
def save_screening(contact: Contact, actor: User, *, keep_wording: bool = False, **values: Any) -> Screening:
    """Save what the screener found. Euphemisms are pointed out first (``LanguageCheck``);
    saving again with ``keep_wording`` keeps them, and that choice is recorded."""
    locked = _locked(contact)
    _require_holder(locked, actor)
    if locked.status != ContactStatus.SCREENING:
        raise ScreeningRefused("The screening record can only change while the contact is being screened")
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not screening fields: {sorted(unknown)}")
    screening = _start_screening(locked)
    if values.get("parental_knowledge", screening.parental_knowledge) != Knowledge.NOT_INFORMED:
        values["not_informed_ground"] = ""
    elif not values.get("not_informed_ground", screening.not_informed_ground):
        raise ScreeningRefused("Select the ground for not informing the parents")
    flags = _unkept_flags(screening, values)
    if flags and not keep_wording:
        raise LanguageCheck(flags)
    changed = [name for name, value in values.items() if getattr(screening, name) != value]
    for name, value in values.items():
        setattr(screening, name, value)
    if flags:
        screening.kept_language = [
            *screening.kept_language,
            *({"field": f.field, "text": f.text, "euphemism": f.euphemism.id} for f in flags),
        ]
        audit.record(actor, "screening.wording_kept", locked,
                     phrases=[{"field": f.field, "text": f.text} for f in flags])  # fmt: skip
    screening.updated_at = timezone.now()
    screening.updated_by = actor
    screening.save()
    audit.record(actor, "screening.saved", locked, fields=sorted(changed))
    return screening


@transaction.atomic
def record_police_notification(contact: Contact, actor: User, details: str, *, at: dt.datetime | None = None) -> None:
    """DEC-5: the police were told, at once, of a suspected crime."""
    locked = _locked(contact)
    _require_holder(locked, actor)
    if not details.strip():
        raise ScreeningRefused("Enter who at the police was told, how, and any reference they gave")
    screening = _start_screening(locked)
    screening.police_notified_at = at or timezone.now()
    screening.police_notification = details.strip()
    screening.save(update_fields=["police_notified_at", "police_notification"])
    audit.record(actor, "screening.police_notified", locked, details=details.strip())


# --- Decision and authorisation (DEC-1..DEC-7) -----------------------------------------------------


def _refusals_to_propose(
    screening: Screening, outcome: str, reasons: str, reasonable_cause: str,
    early_help_service: str, signposted_to: str, suggested: Sequence[dict[str, Any]],
) -> list[str]:  # fmt: skip
    problems = []
    if outcome not in Outcome.values:
        problems.append("Select an outcome")
    if not reasons.strip():
        problems.append("Enter the reasons for the decision")
    if outcome in SIGNIFICANT_HARM_OUTCOMES and not reasonable_cause.strip():
        problems.append(
            "Enter, in your own words, the reasonable cause to suspect that the child is suffering, or likely "
            "to suffer, significant harm (section 47 Children Act 1989)"
        )
    if outcome == Outcome.EARLY_HELP and not early_help_service:
        problems.append("Select the early help service")
    if outcome == Outcome.SIGNPOSTING and not signposted_to.strip():
        problems.append("Enter where the contact is signposted to")
    if screening.continuum_level is None:
        problems.append("Place the concern on the Continuum of Need before proposing a decision")
    if not screening.parental_knowledge:
        problems.append("Record what the parents know about the contact before proposing a decision")
    if _live(suggested, "pre_mobile_bruise"):
        if not screening.baby_mobility:
            problems.append("Record whether the baby rolls, crawls or cruises")
        if not screening.paediatric_assessment.strip():
            problems.append("Record the paediatric assessment arranged for the baby")
    if _live(suggested, "suspected_crime") and not screening.police_notified:
        problems.append("Record that the police were notified of the suspected crime, or overrule the suggestion")
    return problems


@transaction.atomic
def propose_decision(
    contact: Contact,
    actor: User,
    *,
    outcome: str,
    reasons: str,
    reasonable_cause: str = "",
    early_help_service: str = "",
    signposted_to: str = "",
) -> Decision:
    """The screener proposes an outcome; a manager who is someone else authorises it."""
    _require_screener(actor)
    locked = _locked(contact)
    _require_holder(locked, actor)
    if locked.status != ContactStatus.SCREENING:
        raise ScreeningRefused("A decision can only be proposed while the contact is being screened")
    screening = _start_screening(locked)
    found = pattern(locked)
    suggested = suggestions(locked, screening, found)
    problems = _refusals_to_propose(screening, outcome, reasons, reasonable_cause, early_help_service, signposted_to,
                                    suggested)  # fmt: skip
    if problems:
        raise ScreeningRefused("; ".join(problems))
    decision = Decision.objects.create(
        contact=locked,
        outcome=outcome,
        early_help_service=early_help_service if outcome == Outcome.EARLY_HELP else "",
        signposted_to=signposted_to.strip() if outcome == Outcome.SIGNPOSTING else "",
        reasons=reasons.strip(),
        reasonable_cause=reasonable_cause.strip() if outcome in SIGNIFICANT_HARM_OUTCOMES else "",
        proposed_by=actor,
        known_to_services=[k.as_json() for k in known_to_services(locked)],
        pattern=found.as_json(),
        suggestions=suggested,
    )
    locked.status = ContactStatus.AWAITING_AUTHORISATION
    locked.save(update_fields=["status"])
    audit.record(actor, "decision.proposed", locked, decision=decision.pk, outcome=outcome)
    return decision


def _review(decision: Decision, actor: User, what: str) -> Decision:
    _require_manager(actor, what)
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.status != DecisionStatus.PROPOSED:
        raise ScreeningRefused(f"This decision is {locked.get_status_display().lower()}, not waiting for a manager")
    if locked.proposed_by_id == actor.pk:
        raise ScreeningRefused(
            "You proposed this decision: another manager must authorise it (nobody authorises their own decision)"
        )
    return locked


@transaction.atomic
def send_back(decision: Decision, actor: User, comments: str) -> Decision:
    """The manager returns the proposal to the screener with comments."""
    locked = _review(decision, actor, "send a decision back")
    if not comments.strip():
        raise ScreeningRefused("Enter your comments for the screener")
    locked.status = DecisionStatus.SENT_BACK
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.manager_comments = comments.strip()
    locked.save()
    contact = Contact.objects.select_for_update().get(pk=locked.contact_id)
    contact.status = ContactStatus.SCREENING
    contact.save(update_fields=["status"])
    audit.record(actor, "decision.sent_back", contact, decision=locked.pk, reason=comments.strip())
    return locked


@transaction.atomic
def authorise(decision: Decision, actor: User, *, comments: str = "", strategy_consideration: str = "") -> Decision:
    """A manager, not the proposer, authorises the decision (DEC-1). Option 3 makes a referral
    (DEC-2); the person index records the history (PPL-1); the referrer is told (ACK-3)."""
    locked = _review(decision, actor, "authorise a decision")
    if _live(locked.suggestions, "pre_mobile_bruise") and not strategy_consideration.strip():
        raise ScreeningRefused(
            "Record your consideration of a strategy discussion for the bruised baby (it is not started by a rule)"
        )
    now = timezone.now()
    locked.status = DecisionStatus.AUTHORISED
    locked.reviewed_by = actor
    locked.reviewed_at = now
    locked.manager_comments = comments.strip()
    locked.strategy_consideration = strategy_consideration.strip()
    locked.save()
    contact = Contact.objects.select_for_update().get(pk=locked.contact_id)
    contact.status = ContactStatus.DECIDED
    contact.decided_at = now
    contact.save(update_fields=["status", "decided_at"])
    referral = _make_referral(contact, locked, actor, now) if locked.makes_referral else None
    _record_history(contact, locked, referral, actor, now)
    audit.record(actor, "decision.authorised", contact, decision=locked.pk, outcome=locked.outcome,
                 referral=referral.reference if referral else "")  # fmt: skip
    tell_referrer_by_email(contact, locked)
    return locked


def new_referral_reference() -> str:
    """``REF-XXXX-XXXX``: plainly not a contact's ``FD-XXXX-XXXX`` (contacts and referrals are distinct)."""
    return "REF-" + new_reference().removeprefix("FD-")


def _make_referral(contact: Contact, decision: Decision, actor: User, at: dt.datetime) -> Referral:
    referral = Referral(
        reference=new_referral_reference(), contact=contact, decision=decision, route=decision.outcome,
        team=contact.team,
    )  # fmt: skip
    schedule_referral(referral, at)
    referral.save()
    audit.record(actor, "referral.created", referral, contact=contact.reference, route=decision.outcome)
    pathway.open_episodes(referral, actor)  # STA-1: one episode per linked child
    return referral


def schedule_referral(referral: Referral, at: dt.datetime) -> None:
    """Date a referral and set its deadlines from its route (TIM-2): an assessment for every
    referral; a strategy discussion decision for significant harm, otherwise the child seen."""
    config = active_config()
    referral.referred_at = at
    referral.assessment_due_at = timescales.assessment_due(at, config).due_at
    if referral.route in SIGNIFICANT_HARM_OUTCOMES:
        referral.strategy_due_at = timescales.strategy_discussion_due(at, config).due_at
    else:
        referral.child_seen_due_at = timescales.child_seen_due(at, config).due_at


def _record_history(
    contact: Contact, decision: Decision, referral: Referral | None, actor: User, at: dt.datetime
) -> None:
    """PPL-1: each child linked on the contact gets the contact (closed with its outcome) and,
    when there is one, the referral (open) in their history."""
    received = to_london(contact.received_at).date()
    today = to_london(at).date()
    team = contact.team.name if contact.team else ""
    for cp in contact.people.all().select_related("index_link__person"):
        link = _link(cp)
        if not cp.is_child or link is None or not link.is_linked or link.person is None:
            continue
        people_services.record_involvement(link.person, actor, kind=InvolvementKind.CONTACT, start=received,
                                           end=today, outcome=decision.outcome_text, team=team,
                                           source_reference=contact.reference)  # fmt: skip
        if referral is not None:
            people_services.record_involvement(link.person, actor, kind=InvolvementKind.REFERRAL, start=today,
                                               outcome=decision.get_outcome_display(), team=team,
                                               source_reference=referral.reference)  # fmt: skip


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


def tell_referrer_by_email(contact: Contact, decision: Decision) -> ReferrerUpdate | None:
    """Queue the outcome email in the same transaction as the authorisation (the outbox)."""
    if not contact.referrer_email:
        return None
    text = referrer_message(contact, decision)
    email = outbox.queue_email(
        key=f"outcome:{decision.pk}",
        kind=OutboundEmail.Kind.OUTCOME,
        to=contact.referrer_email,
        subject=f"Your contact {contact.reference}: what happens next",
        body=text,
        contact=contact,
    )
    update = ReferrerUpdate.objects.create(
        contact=contact, decision=decision, method=ReferrerUpdate.Method.EMAIL, text=text, email=email
    )
    audit.record(None, "referrer.told", contact, actor_label=audit.TASK_WORKER, method="email", decision=decision.pk)
    return update


@transaction.atomic
def record_referrer_told(contact: Contact, actor: User, *, method: str, text: str) -> ReferrerUpdate:
    """ACK-3 by phone or letter, recorded on the contact."""
    decision = contact.decisions.filter(status=DecisionStatus.AUTHORISED).first()
    if decision is None:
        raise ScreeningRefused("The referrer can be told the outcome once a decision is authorised")
    if method not in (ReferrerUpdate.Method.PHONE, ReferrerUpdate.Method.LETTER):
        raise ScreeningRefused("Select phone or letter")
    if not text.strip():
        raise ScreeningRefused("Enter what the referrer was told")
    update = ReferrerUpdate.objects.create(
        contact=contact, decision=decision, method=method, text=text.strip(), recorded_by=actor
    )
    audit.record(actor, "referrer.told", contact, method=method, decision=decision.pk)
    return update


# --- What follows a referral (TIM-2) --------------------------------------------------------------

# What can be recorded as having happened, by the field that records it.
MILESTONES = {d.met_field: d.met_text for d in REFERRAL_DEADLINES}


@transaction.atomic
def record_milestone(referral: Referral, actor: User, *, milestone: str, at: dt.datetime) -> Referral:
    """Record that a referral's deadline was met, so it stops being due. Only for a referral with
    no linked child: once a child has a pathway episode, the pathway's own steps record these
    (``frontdoor.pathway.services``), so they are never recorded twice."""
    _require_screener(actor)
    if milestone not in MILESTONES:
        raise ScreeningRefused("Select what happened")
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if at > timezone.now():
        raise ScreeningRefused("The time must be in the past")
    if at < locked.referred_at.replace(second=0, microsecond=0):
        raise ScreeningRefused("The time must be after the referral was made")
    if getattr(locked, milestone) is not None:
        raise ScreeningRefused("That is already recorded")
    if locked.episodes.exists():
        raise ScreeningRefused(
            "This referral's children have pathway episodes: record the strategy discussion, the child seen and "
            "the assessment on each child's pathway page, which keeps these deadlines in step"
        )
    setattr(locked, milestone, at)
    locked.save(update_fields=[milestone])
    audit.record(actor, "referral.milestone_recorded", locked, milestone=milestone, at=at.isoformat())
    return locked


# --- Escalation (DEC-6) --------------------------------------------------------------------------


@transaction.atomic
def record_escalation(decision: Decision, actor: User, *, name: str, role: str, disagreement: str) -> Escalation:
    decision = Decision.objects.select_for_update().select_related("contact").get(pk=decision.pk)
    if decision.status != DecisionStatus.AUTHORISED:
        raise ScreeningRefused("Only an authorised decision can be escalated")
    if not name.strip() or not disagreement.strip():
        raise ScreeningRefused("Enter who disagrees and why")
    escalation = Escalation.objects.create(
        decision=decision, raised_by_name=name.strip(), raised_by_role=role.strip(),
        disagreement=disagreement.strip(), recorded_by=actor,
    )  # fmt: skip
    audit.record(actor, "decision.escalated", decision.contact, decision=decision.pk, by=name.strip())
    return escalation


@transaction.atomic
def resolve_escalation(escalation: Escalation, actor: User, *, result: str, resolution: str) -> Escalation:
    """A manager resolves the disagreement: the decision stands, or the contact is screened again."""
    _require_manager(actor, "resolve an escalation")
    locked = Escalation.objects.select_for_update().select_related("decision").get(pk=escalation.pk)
    if not locked.is_open:
        raise ScreeningRefused("This escalation is already resolved")
    if result not in Escalation.Result.values:
        raise ScreeningRefused("Select the result")
    if not resolution.strip():
        raise ScreeningRefused("Enter how the disagreement was resolved")
    locked.result = result
    locked.resolution = resolution.strip()
    locked.resolved_by = actor
    locked.resolved_at = timezone.now()
    locked.save()
    contact = Contact.objects.select_for_update().get(pk=locked.decision.contact_id)
    if result == Escalation.Result.REOPENED:
        Decision.objects.filter(pk=locked.decision_id).update(status=DecisionStatus.SUPERSEDED)
        contact.status = ContactStatus.NEW
        contact.claimed_by = None
        contact.claimed_at = None
        contact.decided_at = None
        contact.save(update_fields=["status", "claimed_by", "claimed_at", "decided_at"])
    audit.record(actor, "decision.escalation_resolved", contact, decision=locked.decision_id, result=result,
                 reason=resolution.strip())  # fmt: skip
    return locked


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
        ("written_confirmation", contacts.filter(written_confirmation_received_at__isnull=True),
         "written_confirmation_due_at"),
        *((d.rule_id, referrals.filter(**{f"{d.met_field}__isnull": True}), d.due_field) for d in REFERRAL_DEADLINES),
    ]  # fmt: skip
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


def check_deadlines(*, now: dt.datetime | None = None) -> int:
    """The daily check (TIM-3): flag every deadline due by the end of the next working day or
    overdue, once per state, and email each team's managers a digest of the new flags. Safe to
    run as often as the worker likes."""
    now = now or timezone.now()
    by_team: dict[int | None, list[DueItem]] = {}
    for item in due_items(now=now, limit=5000):
        by_team.setdefault(item.contact.team_id, []).append(item)
    flagged = 0
    for team_id, items in by_team.items():
        # A team's new flags and its managers' email are committed together: a crash between
        # them cannot leave flags whose email was never sent.
        with transaction.atomic():
            new = [item for item in items if _flag(item, now)]
            if new:
                _email_digest(team_id, new, now)
        flagged += len(new)
    return flagged


def _flag(item: DueItem, now: dt.datetime) -> bool:
    """Record the flag for this deadline in this state; False if it was flagged before."""
    state = DeadlineFlag.State.OVERDUE if item.state == "overdue" else DeadlineFlag.State.DUE_SOON
    object_type, object_id = ("referral", item.referral.pk) if item.referral else ("contact", item.contact.pk)
    _, created = DeadlineFlag.objects.get_or_create(
        object_type=object_type, object_id=object_id, rule_id=item.rule_id, state=state,
        defaults={"due_at": item.due_at, "team_id": item.contact.team_id, "flagged_at": now},
    )  # fmt: skip
    return created


def _email_digest(team_id: int | None, items: list[DueItem], now: dt.datetime) -> None:
    if team_id is None:
        return  # no team holds these: the deadlines page still shows them to every manager
    managers = User.objects.filter(role=Role.TEAM_MANAGER, is_active=True, team_id=team_id).exclude(email="")
    day = to_london(now).date().isoformat()
    for manager in managers:
        body = render_to_string("screening/email/deadline_digest.txt", {"items": items, "manager": manager,
                                                                          "council": COUNCIL})  # fmt: skip
        outbox.queue_email(
            key=f"digest:{manager.pk}:{day}:{now.isoformat()}",
            contact=None,
            kind=OutboundEmail.Kind.DEADLINE_DIGEST,
            to=manager.email,
            subject=f"Front door deadlines: {len(items)} due soon or overdue",
            body=body,
        )
