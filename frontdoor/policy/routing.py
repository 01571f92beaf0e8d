"""Where a new contact goes first (INT-6, INT-10, INT-11, INT-13), and why (DEC-7).

The rules are data: each ``Rule`` carries its citation, and ``_ROUTES`` lists them in
order of precedence with the test that makes each one apply. ``route`` evaluates them
all: every rule that applies is recorded as a ``RuleFiring`` with a reason specific to
the contact, and the first one (in precedence order) picks the queue. A person can
overrule the outcome; that is recorded elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from frontdoor.policy.calendar import (
    bank_holiday_name,
    is_open,
    next_opening,
    to_london,
)
from frontdoor.policy.config import DAY_NAMES, PolicyConfig, default_config

PROCEDURE = "Contacts and Referrals procedure"


class Queue:
    SCREENING = "screening"  # Customer Service Centre / MASH screening (the default)
    FAST_TRACK = "fast_track"  # assessment team, immediate action
    OUT_OF_HOURS = "out_of_hours"  # Safeguarding Out of Hours Service
    RETURNED = "returned"  # back to the school / early-years referrer to consult the hub
    LADO = "lado"  # allegations against people who work with children
    ALL = (SCREENING, FAST_TRACK, OUT_OF_HOURS, RETURNED, LADO)


# Which kind of team holds each queue (accounts.Team.Kind); a council maps its own teams.
QUEUE_TEAM_KINDS = {
    Queue.SCREENING: "screening",
    Queue.FAST_TRACK: "assessment",
    Queue.OUT_OF_HOURS: "out_of_hours",
    Queue.RETURNED: "customer_service",
    Queue.LADO: "allegations",
}


class Status:
    NEW = "new"
    RETURNED = "returned"
    ALL = (NEW, RETURNED)


FORM_TYPES = ("red", "green")
REFERRER_TYPES = ("public", "professional", "child", "family")
ORGANISATION_TYPES = (
    "",
    "school",
    "early_years",
    "health",
    "police",
    "local_authority",
    "voluntary",
    "housing",
    "probation",
    "other",
)
HUB_ADVICE = ("not_consulted", "advised_red", "advised_green")
HUB_SETTINGS = {"school": "a school", "early_years": "an early-years setting"}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    source: str
    explanation: str


@dataclass(frozen=True)
class RuleFiring:
    rule: Rule
    reason: str  # why it applies to this contact, in plain English


@dataclass(frozen=True)
class RoutingOutcome:
    queue: str
    status: str
    firings: tuple[RuleFiring, ...]  # every rule that applied; the first chose the queue

    @property
    def decided_by(self) -> RuleFiring:
        return self.firings[0]

    def fired(self, rule_id: str) -> bool:
        return any(firing.rule.id == rule_id for firing in self.firings)


@dataclass(frozen=True)
class ContactFacts:
    received_at: datetime
    form_type: str  # "red" | "green"
    referrer_type: str  # "public" | "professional" | "child" | "family"
    organisation_type: str  # "" or one of ORGANISATION_TYPES
    hub_advice: str  # "not_consulted" | "advised_red" | "advised_green"
    immediate_danger: bool | None  # None: the form does not say
    allegation_against_worker: bool

    def __post_init__(self) -> None:
        to_london(self.received_at)  # raises ValueError if naive
        for name, allowed in (
            ("form_type", FORM_TYPES),
            ("referrer_type", REFERRER_TYPES),
            ("organisation_type", ORGANISATION_TYPES),
            ("hub_advice", HUB_ADVICE),
        ):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, got {getattr(self, name)!r}")


IMMINENT_RISK = Rule(
    id="imminent_risk",
    title="Imminent risk of significant harm",
    source=f"{PROCEDURE} §3 'Contact from Members of the Public' and §2 'Consultation Hub'",
    explanation=(
        "When the child may be at imminent risk of significant harm the referrer is told to call 999 now, "
        "and the contact is fast-tracked to the assessment team for immediate action. Out of hours it goes "
        "at once to the Safeguarding Out of Hours Service."
    ),
)
HUB_NOT_CONSULTED = Rule(
    id="hub_not_consulted",
    title="School or early-years red form without consulting the Consultation Hub",
    source=f"{PROCEDURE} §2 'Consultation Hub for Child Protection Advice – Schools and Early Years Only'",
    explanation=(
        "A red (child protection) form from a school or early-years setting that shows no imminent risk and "
        "no consultation with the Consultation Hub is returned, asking the referrer to consult the hub "
        "first. It never applies to members of the public, children or families."
    ),
)
OUT_OF_HOURS = Rule(
    id="out_of_hours",
    title="Received outside the Customer Service Centre's hours",
    source=f"{PROCEDURE} §3 'Contacts Outside of Normal Hours'",
    explanation=(
        "Contacts outside the Customer Service Centre's normal hours, and on bank holidays, go to the "
        "Safeguarding Out of Hours Service."
    ),
)
ALLEGATION_AGAINST_WORKER = Rule(
    id="allegation_against_worker",
    title="Allegation against someone who works with children",
    source=(
        f"{PROCEDURE} §2 'Duty to Contact Children's Services'; "
        "Managing Allegations against Adults who work with Children and Young People Procedure"
    ),
    explanation=(
        "An allegation against a teacher, carer, volunteer or anyone else who works with children goes to "
        "the allegations pathway of the Local Authority Designated Officer (LADO)."
    ),
)
DEFAULT = Rule(
    id="default",
    title="Screening by the Customer Service Centre",
    source=(f"{PROCEDURE} §3 'Contact from Members of the Public' and §2 'Duty to Contact Children's Services'"),
    explanation=(
        "Every other contact is screened by the Customer Service Centre, who pass it to the MASH or the relevant team."
    ),
)

OPEN_CASE = Rule(
    id="open_case",
    title="The child's case is open: to the allocated social worker",
    source=(
        f"{PROCEDURE} §10 'Pathway Following a Contact' (significant information about a child who is an open "
        "case must be passed to the child's allocated social worker) and §2"
    ),
    explanation=(
        "A contact about a child whose case is open goes to the allocated social worker's list, and to their team "
        "manager's too when it is urgent, instead of waiting in the general queue. It applies once the child is "
        "known to be the person with the open case: linked by a member of staff, or matched with certainty on NHS "
        "number and date of birth (the worker then confirms the link)."
    ),
)

# The rules ``route`` evaluates at arrival. OPEN_CASE needs the person index, so the
# screening services apply it (INT-14); it is cited the same way.
RULES: tuple[Rule, ...] = (IMMINENT_RISK, HUB_NOT_CONSULTED, OUT_OF_HOURS, ALLEGATION_AGAINST_WORKER, DEFAULT)
_RULES_BY_ID = {rule.id: rule for rule in RULES}


def rule_by_id(rule_id: str) -> Rule:
    """The rule with this id; raises KeyError if there is none."""
    return _RULES_BY_ID[rule_id]


def hub_open(at: datetime, config: PolicyConfig | None = None) -> bool:
    return is_open(at, (config or default_config()).hub_hours)


def next_hub_opening(at: datetime, config: PolicyConfig | None = None) -> datetime:
    """``at`` if the Consultation Hub is open then, otherwise when it next opens (London time)."""
    return next_opening(at, (config or default_config()).hub_hours)


def _when(at: datetime) -> str:
    local = to_london(at)
    return f"{DAY_NAMES[local.weekday()]} {local.day} {local:%B %Y} at {local:%H:%M}"


# Each check returns the reason the rule applies to this contact, or None.


def _imminent_risk(facts: ContactFacts, config: PolicyConfig) -> str | None:
    if facts.immediate_danger is not True:
        return None
    reason = "The referrer says the child is in immediate danger: tell them to call 999 now"
    if is_open(facts.received_at, config.csc_hours):
        return f"{reason}; fast-tracked to the assessment team for immediate action"
    return f"{reason}; received out of hours, so the Safeguarding Out of Hours Service acts at once"


def _hub_not_consulted(facts: ContactFacts, config: PolicyConfig) -> str | None:
    if not (
        facts.form_type == "red"
        and facts.referrer_type == "professional"
        and facts.organisation_type in HUB_SETTINGS
        and facts.hub_advice == "not_consulted"
        and facts.immediate_danger is not True
        # An allegation against someone who works with children goes to the LADO pathway
        # (§2, "Managing Allegations"): it is never sent back to the school.
        and not facts.allegation_against_worker
    ):
        return None
    reason = (
        f"Red form from {HUB_SETTINGS[facts.organisation_type]} with no imminent risk stated and no "
        "consultation with the Consultation Hub: returned asking the referrer to consult the hub first"
    )
    opens = next_hub_opening(facts.received_at, config)
    if opens == to_london(facts.received_at):
        return f"{reason}. The hub is open now ({config.hub_hours.describe()})"
    return f"{reason}. The hub is next open {_when(opens)}"


def _out_of_hours(facts: ContactFacts, config: PolicyConfig) -> str | None:
    hours = config.csc_hours
    if is_open(facts.received_at, hours):
        return None
    holiday = bank_holiday_name(to_london(facts.received_at))
    if hours.closed_on_bank_holidays and holiday is not None:
        return (
            f"Received {_when(facts.received_at)}, a bank holiday ({holiday}), "
            "when the Customer Service Centre is closed"
        )
    return f"Received {_when(facts.received_at)}, outside the Customer Service Centre's hours ({hours.describe()})"


def _allegation_against_worker(facts: ContactFacts, config: PolicyConfig) -> str | None:
    if not facts.allegation_against_worker:
        return None
    return "The contact is an allegation against someone who works with children: it goes to the LADO"


@dataclass(frozen=True)
class _Route:
    rule: Rule
    queue: str
    status: str
    check: Callable[[ContactFacts, PolicyConfig], str | None]


# Precedence: the first route that applies picks the queue. A returned school form is
# returned even out of hours; out of hours beats fast-track and LADO (the out-of-hours
# service acts on them); imminent risk beats LADO.
_ROUTES: tuple[_Route, ...] = (
    _Route(HUB_NOT_CONSULTED, Queue.RETURNED, Status.RETURNED, _hub_not_consulted),
    _Route(OUT_OF_HOURS, Queue.OUT_OF_HOURS, Status.NEW, _out_of_hours),
    _Route(IMMINENT_RISK, Queue.FAST_TRACK, Status.NEW, _imminent_risk),
    _Route(ALLEGATION_AGAINST_WORKER, Queue.LADO, Status.NEW, _allegation_against_worker),
)


def route(facts: ContactFacts, config: PolicyConfig | None = None) -> RoutingOutcome:
    """Evaluate every rule; the first that applies (in ``_ROUTES`` order) picks the queue."""
    config = config or default_config()
    applied = [(r, reason) for r in _ROUTES if (reason := r.check(facts, config)) is not None]
    if not applied:
        reason = f"Received {_when(facts.received_at)}, in hours; no other routing rule applies"
        return RoutingOutcome(Queue.SCREENING, Status.NEW, (RuleFiring(DEFAULT, reason),))
    first = applied[0][0]
    firings = tuple(RuleFiring(r.rule, reason) for r, reason in applied)
    return RoutingOutcome(first.queue, first.status, firings)
