"""bench/screening: the screening queue and contact pages on 200,000 contacts, and claiming.

On a fresh PostgreSQL database it loads, untimed but reported, 200,000 contacts of which
50,000 are open (new, being screened, awaiting authorisation) and the rest decided (with their
screening record, authorised decision, referral for option 3, audit entries and acknowledgement
email) or returned, with 2-4 people each and a few dozen staff in teams. Rows are written by
COPY, as the services would have made them: reference, submission key, deadlines from the
calendar (TIM-2), the queue's team (team_of_queue), the routing rule that chose the queue.

Then, through the real HTTP stack under gunicorn, signed in through the sign-in form as a
screener, it times sequential requests to the queue page (whole queue, by team, by channel),
contact pages and screening pages of random open and decided contacts, and prints p50/p95/max
of each (goal: p95 under 100 ms). Last, 20 screeners claim concurrently with
``claim_next(user, "screening")`` for a bounded time, each in its own process and database
connection; it prints claims per second and the double claims found in the database (goal: 0).

    bench/screening [--contacts 200000] [--open 50000] [--requests 300] [--claimers 20]
                    [--claim-seconds 20] [--claimers-as processes|threads] [--explain]

Exits 1 when a page's p95 is 100 ms or more, a request fails, or any contact was claimed twice.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import itertools
import multiprocessing
import os
import random
import re
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bench._common import (
    DEFAULT_POSTGRES,
    Browser,
    free_port,
    gunicorn,
    gunicorn_version,
    percentile,
    server_env,
    setup_and_migrate,
    throwaway_database,
)

if TYPE_CHECKING:
    from django.db.models import Model


GOAL_P95_MS = 100.0
PASSWORD = "bench-screening-password"  # noqa: S105 - a throwaway database's staff accounts
SCREENER = "screener01"  # the screener who signs in for the page timing
CHUNK = 20_000  # contacts generated and written per round

QUEUES = {"screening": 0.78, "out_of_hours": 0.12, "fast_track": 0.04, "lado": 0.02, "returned": 0.04}
CHANNELS = {"online": 0.35, "email": 0.2, "phone": 0.25, "police": 0.1, "post": 0.03, "fax": 0.02, "helpline": 0.05}
REFERRERS = {"professional": 0.65, "public": 0.2, "family": 0.12, "child": 0.03}
ORG_TYPES = ["school", "early_years", "health", "police", "local_authority", "voluntary", "housing", "probation"]
OUTCOMES = {
    "no_further_action": 0.18,
    "information_and_advice": 0.17,
    "signposting": 0.1,
    "early_help": 0.3,
    "assessment": 0.17,
    "strategy_discussion": 0.07,
    "immediate_protection": 0.01,
}
GIVEN = (
    "Jayden Amber Leo Olivia Noah Amelia Oliver Isla George Ava Harry Mia Jack Ivy Charlie Freya Jacob Lily "
    "Alfie Grace Muhammad Evie Thomas Sophia Oscar Poppy William Ella James Rosie Henry Willow Arthur Aria "
    "Theo Sienna Archie Daisy Joshua Phoebe Logan Ruby Ethan Zara Mason Hannah Riley Maya Lucas Erin"
).split()
FAMILY = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright Thompson Evans Walker White "
    "Roberts Green Hall Wood Jackson Clarke Khan Hughes Edwards Turner Hill Moore Cooper Ward Harris Martin "
    "King Lee Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths "
    "Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall "
    "Anderson Simpson Ellis Adams Singh Begum Ali Hussain Ahmed Nowak Kowalski Okafor Mensah Osei"
).split()
CONCERNS = [
    "has come to school hungry every day this week and says there is no food at home",
    "had a bruise on the upper arm and said her mum's partner grabbed her",
    "was found outside the flat late at night, alone and without a coat",
    "told a teaching assistant that there is shouting and fighting at home most nights",
    "has missed 14 days of nursery this term and the family do not answer calls",
    "disclosed that an older boy has been sending her messages and asking to meet",
    "has been seen with older men in a car outside the school gates",
    "says his dad drinks a lot and sometimes does not wake up in the morning",
    "arrived with a burn on the hand that mum said happened at the cooker",
    "is caring for younger siblings while mum is unwell and in bed for days",
    "appeared frightened to go home and asked to stay late at after-school club",
    "was present when police were called to a domestic incident at the address",
]


# Generating the rows ---------------------------------------------------------------------------


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys, cumulative = _CUMULATIVE.get(id(weights)) or _CUMULATIVE.setdefault(
        id(weights), (list(weights), list(itertools.accumulate(weights.values())))
    )
    return keys[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


_CUMULATIVE: dict[int, tuple[list[str], list[float]]] = {}
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # as frontdoor.intake.services.new_reference


def _code(rng: random.Random, n: int) -> str:
    bits = rng.getrandbits(5 * n)
    return "".join(_ALPHABET[(bits >> (5 * i)) & 31] for i in range(n))


class _Deadlines:
    """The services' deadlines (frontdoor.policy.timescales), computed once per London day.

    ``add_working_days`` depends on the London date and clock only: the due day is the same for
    every time of one day, the clock is kept on a working day and reset to 00:00 on another. So
    the real function is called at each day's midnight and the clock put back; the first
    ``check`` results are compared with the real function called on the instant itself."""

    def __init__(self, check: int = 2000) -> None:
        from frontdoor.policy.active import active_config

        self.config = active_config()
        self.cache: dict[tuple[str, dt.date], tuple[dt.datetime, bool]] = {}
        self.check = check

    def due(self, kind: str, at: dt.datetime) -> dt.datetime:
        from frontdoor.policy import calendar, timescales

        rule = getattr(timescales, f"{kind}_due")
        local = calendar.to_london(at)
        key = (kind, local.date())
        if key not in self.cache:
            midnight = calendar._localise(dt.datetime.combine(local.date(), dt.time(0)))  # noqa: SLF001
            self.cache[key] = (rule(midnight, self.config).due_at, calendar.is_working_day(local.date()))
        due_midnight, keeps_clock = self.cache[key]
        due = due_midnight
        if keeps_clock:
            due = calendar._localise(dt.datetime.combine(due_midnight.date(), local.time()))  # noqa: SLF001
        if self.check > 0:
            self.check -= 1
            real = rule(at, self.config).due_at
            if due != real:
                raise AssertionError(f"{kind} due for {at}: {due}, but timescales says {real}")
        return due


@dataclass
class Staff:
    teams: dict[str, int]  # queue -> team id (team_of_queue)
    screeners: list[int]
    managers: list[int]
    usernames: dict[int, str]
    screener_team: int


@dataclass
class Loaded:
    contacts: int
    open_refs: list[str]
    decided_refs: list[str]
    counts: Counter[str]
    seconds: float
    rows: int


class Copier:
    """COPY rows into a model's table through Django's own psycopg connection."""

    def __init__(self, model: type[Model]) -> None:
        from django.db.models import JSONField

        self.table = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields]
        self.defaults = {f.attname: (None if f.primary_key else f.get_default()) for f in self.fields}
        self.json = {f.attname for f in self.fields if isinstance(f, JSONField)}
        self.rows = 0

    def write(self, rows: list[dict[str, Any]]) -> None:
        """Rows as {attname: value}; the primary key is written when the rows give it, else the database's."""
        from django.db import connection
        from psycopg import sql
        from psycopg.types.json import Jsonb

        if not rows:
            return
        fields = [f for f in self.fields if not f.primary_key or f.attname in rows[0]]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(self.table), sql.SQL(", ").join(sql.Identifier(f.column) for f in fields)
        )
        names = [f.attname for f in fields]
        json, defaults = self.json, self.defaults
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                values = [row.get(name, defaults[name]) for name in names]
                if json:
                    values = [Jsonb(v) if n in json else v for n, v in zip(names, values, strict=True)]
                copy.write_row(values)
                self.rows += 1


def _staff() -> Staff:
    from django.contrib.auth.hashers import make_password

    from frontdoor.accounts.models import Role, Team, User
    from frontdoor.policy import routing

    for name, kind in (
        ("Customer Service Centre", "customer_service"),
        ("MASH screening team", "screening"),
        ("Assessment team North", "assessment"),
        ("Safeguarding Out of Hours Service", "out_of_hours"),
        ("Allegations (LADO)", "allegations"),
        ("MASH screening team East", "screening"),
    ):
        Team.objects.create(name=name, kind=kind)
    by_kind: dict[str, Team] = {}
    for team in Team.objects.order_by("id"):
        by_kind.setdefault(team.kind, team)  # the team that holds the queue, as team_of_queue picks
    teams = {q: by_kind[kind].pk for q, kind in routing.QUEUE_TEAM_KINDS.items() if kind in by_kind}
    password = make_password(PASSWORD)  # one hash for all: hashing dozens would only cost time
    people = [(f"screener{i:02d}", Role.SCREENING_SOCIAL_WORKER, "screening") for i in range(1, 31)]
    people += [(f"manager{i}", Role.TEAM_MANAGER, "screening") for i in range(1, 5)]
    people += [("manager-ooh", Role.TEAM_MANAGER, "out_of_hours"), ("manager-assess", Role.TEAM_MANAGER, "assessment")]
    people += [(f"ooh{i}", Role.OUT_OF_HOURS_WORKER, "out_of_hours") for i in range(1, 5)]
    people += [(f"sw{i}", Role.SOCIAL_WORKER, "assessment") for i in range(1, 5)]
    people += [(f"cso{i}", Role.CUSTOMER_SERVICE_OFFICER, "customer_service") for i in range(1, 5)]
    users = User.objects.bulk_create(
        User(
            username=u,
            password=password,
            role=role,
            team=by_kind[kind],
            first_name=u.title(),
            last_name="Bench",
            email=f"{u}@council.example",
        )
        for u, role, kind in people
    )
    return Staff(
        teams=teams,
        screeners=[u.pk for u in users if u.role == Role.SCREENING_SOCIAL_WORKER],
        managers=[u.pk for u in users if u.role == Role.TEAM_MANAGER and u.team_id == by_kind["screening"].pk],
        usernames={u.pk: u.username for u in users},
        screener_team=by_kind["screening"].pk,
    )


@dataclass
class _Plan:
    """What one contact is, decided before its rows are written."""

    id: int
    queue: str
    received_at: dt.datetime
    status: str = "decided"


def _plan(rng: random.Random, n: int, n_open: int, now: dt.datetime) -> list[_Plan]:
    """Queues and arrival times over two years, oldest first; the newest n_open (not returned) are open."""
    plans = []
    for _ in range(n):
        queue = _pick(rng, QUEUES)
        day = now - dt.timedelta(days=rng.uniform(0.5, 730))
        if queue == "out_of_hours":
            at = day.replace(hour=rng.choice([0, 1, 2, 3, 4, 5, 6, 18, 19, 20, 21, 22, 23]), minute=rng.randrange(60))
        else:
            at = day.replace(hour=rng.randrange(8, 17), minute=rng.randrange(60))  # UTC, near London office hours
        plans.append(_Plan(0, queue, at))
    plans.sort(key=lambda p: p.received_at)
    left = n_open
    for i, p in enumerate(reversed(plans)):
        p.id = n - i
        if p.queue == "returned":
            p.status = "returned"
        elif left > 0:
            left -= 1
            p.status = rng.choices(["new", "screening", "awaiting_authorisation"], weights=[0.7, 0.2, 0.1])[0]
    return plans


class _Generator:
    """Rows of every table for a chunk of planned contacts."""

    def __init__(self, rng: random.Random, staff: Staff) -> None:
        from frontdoor.policy import routing

        self.rng = rng
        self.staff = staff
        self.deadlines = _Deadlines()
        self.references: set[str] = set()
        self.families: list[tuple[str, str, dt.date]] = []  # (given, family, dob) of earlier children
        self.organisations = [
            (
                f"{rng.choice(FAMILY)} {rng.choice(['Primary', 'Academy', 'Nursery', 'Surgery', 'Hospital', 'Trust'])}",
                rng.choice(ORG_TYPES),
                f"safeguarding{i}@org{i}.example",
            )
            for i in range(400)
        ]
        rule = {
            "screening": routing.DEFAULT,
            "out_of_hours": routing.OUT_OF_HOURS,
            "fast_track": routing.IMMINENT_RISK,
            "lado": routing.ALLEGATION_AGAINST_WORKER,
            "returned": routing.HUB_NOT_CONSULTED,
        }
        self.routing = {
            q: [{"rule": r.id, "title": r.title, "source": r.source, "reason": f"{r.title} (bench data)"}]
            for q, r in rule.items()
        }
        self.person_id = 0
        self.screening_id = 0
        self.decision_id = 0
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def _reference(self, prefix: str) -> str:
        while True:
            code = _code(self.rng, 8)
            reference = f"{prefix}-{code[:4]}-{code[4:]}"
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def chunk(self, plans: list[_Plan]) -> dict[str, list[dict[str, Any]]]:
        self.rows = {k: [] for k in ("contact", "person", "screening", "decision", "referral", "audit", "email")}
        rng = self.rng
        for p in plans:
            received = p.received_at
            immediate = rng.random() < 0.03
            queue = "fast_track" if immediate and p.queue == "screening" and rng.random() < 0.5 else p.queue
            referrer = _pick(rng, REFERRERS)
            channel = _pick(rng, CHANNELS)
            c: dict[str, Any] = {
                "id": p.id,
                "reference": self._reference("FD"),
                "submission_key": uuid.UUID(int=rng.getrandbits(128), version=4),
                "status_secret_hash": hashlib.sha256(_code(rng, 10).encode()).hexdigest(),
                "channel": channel,
                "received_at": received,
                "recorded_at": received + dt.timedelta(seconds=rng.randrange(1, 600)),
                "form_type": "red" if immediate or rng.random() < 0.3 else "green",
                "referrer_type": referrer,
                "immediate_danger": immediate,
                "concern": f"{rng.choice(GIVEN)} {rng.choice(CONCERNS)}. {rng.choice(CONCERNS).capitalize()}.",
                "queue": queue,
                "status": p.status,
                "routing": self.routing[queue],
                "priority": 0 if immediate else 1,
                "team_id": self.staff.teams.get(queue),
                "decision_due_at": self.deadlines.due("decision", received),
                "acknowledgement_due_at": self.deadlines.due("acknowledgement", received),
                "domestic_abuse": rng.choice(["yes", "no", "unknown", ""]),
                "parental_knowledge": rng.choice(["informed_agreed", "informed_only", "not_informed", "unknown"]),
                "allegation_against_worker": queue == "lado",
            }
            if referrer == "professional":
                org, kind, email = rng.choice(self.organisations)
                c.update(
                    referrer_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                    referrer_email=email,
                    organisation_name=org,
                    organisation_type=kind,
                    professional_role="Safeguarding lead",
                    hub_advice=rng.choice(["advised_red", "advised_green"])
                    if kind in ("school", "early_years")
                    else "",
                )
                if channel == "phone":
                    c["written_confirmation_due_at"] = received + dt.timedelta(hours=24)
            else:
                anonymous = rng.random() < 0.3
                c.update(
                    anonymity="anonymous" if anonymous else "named",
                    referrer_name="" if anonymous else f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                    referrer_email=""
                    if anonymous or rng.random() < 0.4
                    else f"{rng.choice(GIVEN).lower()}{rng.randrange(999)}@mail.example",
                )
            if c.get("referrer_email"):
                self._email(c)
            elif channel == "online":
                c.update(acknowledged_at=received, acknowledgement_method="on-screen receipt")
            self._people(c)
            self._audit(c["id"], "contact.created", None, c["recorded_at"])
            self._screening(c, p)
            self.rows["contact"].append(c)
        return self.rows

    def _email(self, c: dict[str, Any]) -> None:
        sent = c["received_at"] + dt.timedelta(minutes=2)
        self.rows["email"].append(
            {
                "idempotency_key": f"acknowledgement:{c['reference']}",
                "contact_id": c["id"],
                "kind": "acknowledgement",
                "to": c["referrer_email"],
                "subject": f"We have received your contact {c['reference']}",
                "body": f"Thank you. Your reference is {c['reference']}.",
                "status": "sent",
                "attempts": 1,
                "next_attempt_at": c["received_at"],
                "created_at": c["received_at"],
                "sent_at": sent,
            }
        )
        c.update(acknowledged_at=sent, acknowledgement_method="email")

    def _people(self, c: dict[str, Any]) -> None:
        rng = self.rng
        received = c["received_at"].date()
        if self.families and rng.random() < 0.15:  # an earlier contact's child again (SCR-5's pattern)
            given, family, dob = rng.choice(self.families)
        else:
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            dob = received - dt.timedelta(days=rng.randrange(30, 17 * 365))
            self.families.append((given, family, dob))
        people = [
            {
                "role": "child",
                "given_names": given,
                "family_name": family,
                "date_of_birth": dob,
                "sex": rng.choice(["male", "female"]),
                "postcode": f"NS{rng.randrange(1, 9)} {rng.randrange(9)}AB",
                "nhs_number": str(rng.randrange(10**9, 10**10)) if rng.random() < 0.5 else "",
                "school": "Elm Road Primary",
            }
        ]
        if rng.random() < 0.4:
            people.append(
                {
                    "role": "child",
                    "given_names": rng.choice(GIVEN),
                    "family_name": family,
                    "date_of_birth": received - dt.timedelta(days=rng.randrange(30, 17 * 365)),
                    "sex": rng.choice(["male", "female"]),
                }
            )
        people.append(
            {
                "role": "parent",
                "given_names": rng.choice(GIVEN),
                "family_name": family,
                "relationship_to_child": "Mother",
                "has_parental_responsibility": "yes",
                "lives_with_child": "yes",
            }
        )
        if len(people) < 4 and rng.random() < 0.5:
            people.append(
                {
                    "role": rng.choice(["household", "alleged_perpetrator", "extended_family"]),
                    "given_names": rng.choice(GIVEN),
                    "family_name": rng.choice(FAMILY),
                    "relationship_to_child": "Mum's partner",
                }
            )
        for position, person in enumerate(people):
            self.person_id += 1
            self.rows["person"].append({"id": self.person_id, "contact_id": c["id"], "position": position, **person})

    def _audit(self, contact_id: int, action: str, actor: int | None, at: dt.datetime, **detail: Any) -> None:
        label = self.staff.usernames[actor] if actor else "public referrer"
        self.rows["audit"].append(
            {
                "at": at,
                "actor_id": actor,
                "actor_label": label,
                "action": action,
                "object_type": "intake.contact",
                "object_id": str(contact_id),
                "detail": detail,
            }
        )

    def _screening(self, c: dict[str, Any], p: _Plan) -> None:
        """Claimed, screened, proposed and authorised, as the services leave it."""
        if p.status in ("new", "returned"):
            return
        rng = self.rng
        screener, manager = rng.choice(self.staff.screeners), rng.choice(self.staff.managers)
        claimed = c["received_at"] + dt.timedelta(minutes=rng.randrange(5, 240))
        c.update(claimed_by_id=screener, claimed_at=claimed)
        self._audit(c["id"], "contact.claimed", screener, claimed)
        self.screening_id += 1
        self.rows["screening"].append(
            {
                "id": self.screening_id,
                "contact_id": c["id"],
                "nature_of_concern": c["concern"],
                "continuum_level": rng.randrange(1, 5),
                "continuum_reasons": "Needs assessed against the continuum.",
                "parental_knowledge": "informed_agreed",
                "abuse_or_neglect": "child_in_need",
                "updated_at": claimed + dt.timedelta(minutes=30),
                "updated_by_id": screener,
            }
        )
        if p.status == "screening":
            return
        outcome = _pick(rng, OUTCOMES)
        proposed = claimed + dt.timedelta(minutes=rng.randrange(30, 300))
        decision: dict[str, Any] = {
            "contact_id": c["id"],
            "outcome": outcome,
            "reasons": "Reasons for the decision (bench data).",
            "proposed_by_id": screener,
            "proposed_at": proposed,
            "status": "proposed",
            "early_help_service": "families_first" if outcome == "early_help" else "",
            "reasonable_cause": "Stated reasonable cause."
            if outcome in ("strategy_discussion", "immediate_protection")
            else "",
        }
        if p.status == "decided":
            reviewed = proposed + dt.timedelta(minutes=rng.randrange(10, 600))
            decision.update(status="authorised", reviewed_by_id=manager, reviewed_at=reviewed)
            c["decided_at"] = reviewed
        self.decision_id += 1
        decision["id"] = self.decision_id
        self.rows["decision"].append(decision)
        if p.status == "decided":
            self._audit(c["id"], "decision.authorised", manager, c["decided_at"], outcome=outcome)
            if outcome in ("assessment", "strategy_discussion", "immediate_protection"):
                self._referral(c, decision, outcome)

    def _referral(self, c: dict[str, Any], decision: dict[str, Any], outcome: str) -> None:
        at = c["decided_at"]
        referral: dict[str, Any] = {
            "reference": self._reference("RD"),
            "contact_id": c["id"],
            "decision_id": decision["id"],
            "route": outcome,
            "referred_at": at,
            "team_id": c["team_id"],
            "assessment_due_at": self.deadlines.due("assessment", at),
            "assessment_completed_at": at + dt.timedelta(days=30),
        }
        if outcome == "assessment":
            referral.update(child_seen_due_at=at + dt.timedelta(days=7), child_seen_at=at + dt.timedelta(days=3))
        else:
            referral.update(strategy_due_at=at + dt.timedelta(days=1), strategy_decided_at=at + dt.timedelta(hours=6))
        self.rows["referral"].append(referral)


def load(n: int, n_open: int, seed: int) -> tuple[Staff, Loaded]:
    """Staff, then n contacts by COPY in chunks, then sequences reset and VACUUM ANALYZE."""
    from django.db import connection, transaction

    from frontdoor.audit.models import AuditEntry
    from frontdoor.intake.models import Contact, ContactPerson, OutboundEmail
    from frontdoor.screening.models import Decision, Referral, Screening

    began = time.perf_counter()
    rng = random.Random(seed)
    staff = _staff()
    plans = _plan(rng, n, n_open, dt.datetime.now(dt.UTC))
    generator = _Generator(rng, staff)
    copiers = {
        "contact": Copier(Contact),
        "person": Copier(ContactPerson),
        "screening": Copier(Screening),
        "decision": Copier(Decision),
        "referral": Copier(Referral),
        "audit": Copier(AuditEntry),
        "email": Copier(OutboundEmail),
    }
    counts: Counter[str] = Counter(p.status for p in plans)
    open_refs: list[str] = []
    decided_refs: list[str] = []
    for start in range(0, n, CHUNK):
        chunk = plans[start : start + CHUNK]
        rows = generator.chunk(chunk)
        with transaction.atomic():
            for name, copier in copiers.items():  # parents before children
                copier.write(rows[name])
        for c in rows["contact"]:
            if c["status"] in ("new", "screening", "awaiting_authorisation"):
                open_refs.append(c["reference"])
            elif c["status"] == "decided":
                decided_refs.append(c["reference"])
    with connection.cursor() as cursor:
        for model in (Contact, ContactPerson, Screening, Decision, Referral, AuditEntry, OutboundEmail):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608 - our own table names
    connection.ensure_connection()
    autocommit = connection.get_autocommit()
    connection.set_autocommit(True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load
    connection.set_autocommit(autocommit)
    return staff, Loaded(
        contacts=n,
        open_refs=open_refs,
        decided_refs=decided_refs,
        counts=counts,
        seconds=time.perf_counter() - began,
        rows=sum(c.rows for c in copiers.values()),
    )


def describe_load(loaded: Loaded) -> None:
    from django.db.models import Count

    from frontdoor.intake.models import Contact

    queues = dict(Contact.objects.values_list("queue").annotate(n=Count("id")).order_by("queue"))
    open_by_queue = dict(
        Contact.objects.filter(status__in=["new", "screening", "awaiting_authorisation"])
        .values_list("queue")
        .annotate(n=Count("id"))
        .order_by("queue")
    )
    immediate = Contact.objects.filter(priority=0).count()
    print(
        f"load: {loaded.contacts:,} contacts ({len(loaded.open_refs):,} open: "
        + ", ".join(f"{k} {loaded.counts[k]:,}" for k in ("new", "screening", "awaiting_authorisation"))
        + f"; decided {loaded.counts['decided']:,}; returned {loaded.counts['returned']:,}), "
        f"{loaded.rows:,} rows in all, in {loaded.seconds:.1f} s (COPY, then VACUUM ANALYZE)",
        flush=True,
    )
    print(
        "  by queue (all / open): "
        + ", ".join(f"{q} {queues.get(q, 0):,}/{open_by_queue.get(q, 0):,}" for q in QUEUES)
        + f"; immediate danger (priority 0): {immediate:,}"
    )


# Pages -----------------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    urls: Callable[[random.Random], str]
    expect: Callable[[str, bytes], bool] = lambda _url, _body: True
    latencies: list[float] = field(default_factory=list)  # ms
    failures: list[str] = field(default_factory=list)


def _reference_in(url: str, body: bytes) -> bool:
    match = re.search(r"FD-[0-9A-Z]{4}-[0-9A-Z]{4}", url)
    return match is not None and match.group(0).encode() in body


def _pages(loaded: Loaded, staff: Staff) -> list[Page]:
    open_refs, decided_refs = loaded.open_refs, loaded.decided_refs
    queue = "/staff/screening/?queue=screening"
    return [
        Page("queue: screening", lambda _r: queue),
        Page("queue: screening, by team", lambda _r: f"{queue}&team={staff.screener_team}"),
        Page("queue: screening, by channel", lambda r: f"{queue}&channel={r.choice(['phone', 'email', 'police'])}"),
        Page("contact page: open", lambda r: f"/staff/contacts/{r.choice(open_refs)}/", _reference_in),
        Page("contact page: decided", lambda r: f"/staff/contacts/{r.choice(decided_refs)}/", _reference_in),
        Page("screening page: open", lambda r: f"/staff/screening/{r.choice(open_refs)}/", _reference_in),
        Page("screening page: decided", lambda r: f"/staff/screening/{r.choice(decided_refs)}/", _reference_in),
    ]


def sign_in(port: int, username: str) -> Browser:
    browser = Browser(port)
    status, _, _ = browser.request("GET", "/accounts/sign-in/")
    if status != 200 or "csrftoken" not in browser.cookies:
        raise RuntimeError(f"the sign-in page answered {status}")
    status, headers, _ = browser.post_form("/accounts/sign-in/", {"username": username, "password": PASSWORD})
    if status != 302 or "sessionid" not in browser.cookies:
        raise RuntimeError(f"signing in as {username} answered {status} {headers.get('location', '')}")
    # SEC-1: the second factor, with the code the user's authenticator would show (enrolled here if need be).
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from frontdoor.accounts.models import User
    from frontdoor.accounts.totp import next_code

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=True
    )
    status, headers, _ = browser.post_form("/accounts/sign-in/code/", {"code": next_code(device), "next": "/staff/"})
    if status != 302 or headers.get("location") != "/staff/":
        raise RuntimeError(f"the code step for {username} answered {status} {headers.get('location', '')}")
    return browser


def time_pages(port: int, pages: list[Page], requests: int, warm: int, seed: int) -> None:
    """Sequential GETs, one page kind after another in turn so that all see the same machine."""
    rng = random.Random(seed)
    browser = sign_in(port, SCREENER)
    for i in range(warm + requests):
        for page in pages:
            url = page.urls(rng)
            began = time.perf_counter()
            try:
                status, _, body = browser.request("GET", url)
            except OSError as error:
                status, body = 0, str(error).encode()
                browser.close()
            ms = (time.perf_counter() - began) * 1000
            if i < warm:
                continue
            if status == 200 and page.expect(url, body):
                page.latencies.append(ms)
            else:
                page.failures.append(f"{status} {url} {body[:120]!r}")
    browser.close()


def report_pages(pages: list[Page]) -> bool:
    print(
        f"\n{'page (sequential GETs, signed in as a screener)':50}{'ok':>6}{'failed':>8}{'p50 ms':>9}"
        f"{'p95 ms':>9}{'max ms':>9}  goal p95 < {GOAL_P95_MS:.0f} ms"
    )
    good = True
    for page in pages:
        p95 = percentile(page.latencies, 0.95)
        met = bool(page.latencies) and p95 < GOAL_P95_MS and not page.failures
        good &= met
        print(
            f"{page.name:50}{len(page.latencies):6d}{len(page.failures):8d}{percentile(page.latencies, 0.5):9.1f}"
            f"{p95:9.1f}{percentile(page.latencies, 1.0):9.1f}  {'met' if met else 'MISSED'}"
        )
    for page in pages:
        for problem in page.failures[:3]:
            print(f"  failure ({page.name}): {problem}")
    return good


def _short(sql: str) -> str:
    """The statement with its column list counted, not spelled out."""
    head, found, rest = sql.partition(" FROM ")
    if head.startswith("SELECT ") and found and head.count(",") > 3:
        return f"SELECT <{head.count(',') + 1} columns> FROM {rest}"[:1500]  # noqa: S608 - printed, not run
    return sql[:1500]


def explain_pages(pages: list[Page], seed: int, plans: int) -> None:
    """Each page once in-process (test client): its queries, and the plans of the slowest."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from frontdoor.accounts.models import User

    rng = random.Random(seed + 1)
    client = Client()
    client.force_login(User.objects.get(username=SCREENER))
    print("\nqueries per page (one request in-process, test client):")
    for page in pages:
        url = page.urls(rng)
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            wall = (time.perf_counter() - began) * 1000
        queries = captured.captured_queries
        db = sum(float(q["time"]) for q in queries) * 1000
        print(
            f"  {page.name:34} {response.status_code} {len(queries):3d} queries, {db:6.1f} ms of {wall:6.1f} ms "
            f"in the database  {url}"
        )
        for q in sorted(queries, key=lambda q: -float(q["time"]))[:plans]:
            sql = q["sql"]
            print(f"    {float(q['time']) * 1000:7.1f} ms  {_short(sql)}")
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                for (line,) in cursor.fetchall():
                    print(f"        {line}")


# Claims ----------------------------------------------------------------------------------------


@dataclass
class ClaimerResult:
    user_id: int
    claimed: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # ms, successful claims
    gave_up: int = 0  # claim_next answered None while new contacts were left
    errors: list[str] = field(default_factory=list)
    emptied: bool = False


def _claimer(user_id: int, queue: str, start_at: float, stop_at: float) -> ClaimerResult:
    from django.db import connection

    from frontdoor.accounts.models import User
    from frontdoor.intake.models import Contact
    from frontdoor.screening.services import claim_next

    result = ClaimerResult(user_id)
    try:
        user = User.objects.get(pk=user_id)
        left = Contact.objects.filter(queue=queue, status="new", claimed_by__isnull=True, allocated_to__isnull=True)
        time.sleep(max(0.0, start_at - time.time()))
        while time.time() < stop_at:
            began = time.perf_counter()
            try:
                contact = claim_next(queue, actor=user)
            except Exception as error:  # count it, keep going
                result.errors.append(f"{type(error).__name__}: {error}")
                continue
            if contact is None:
                if not left.exists():
                    result.emptied = True
                    break
                result.gave_up += 1
                continue
            result.latencies.append((time.perf_counter() - began) * 1000)
            result.claimed.append(contact.pk)
    finally:
        connection.close()
    return result


def _claimer_process(out: Any, *args: Any) -> None:
    out.put(_claimer(*args))


def run_claims(
    user_ids: list[int], queue: str, seconds: float, as_processes: bool
) -> tuple[list[ClaimerResult], float]:
    from django.db import connections

    connections.close_all()  # no connection may cross a fork
    start_at = time.time() + (2.0 if as_processes else 0.5)
    stop_at = start_at + seconds
    results: list[ClaimerResult] = []
    if as_processes:
        context = multiprocessing.get_context("fork")
        out = context.SimpleQueue()
        children = [
            context.Process(target=_claimer_process, args=(out, uid, queue, start_at, stop_at)) for uid in user_ids
        ]
        for child in children:
            child.start()
        results = [out.get() for _ in children]
        for child in children:
            child.join()
    else:
        lock = threading.Lock()

        def run(uid: int) -> None:
            got = _claimer(uid, queue, start_at, stop_at)
            with lock:
                results.append(got)

        threads = [threading.Thread(target=run, args=(uid,)) for uid in user_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return results, max(0.0, time.time() - start_at)


def verify_claims(results: list[ClaimerResult], since: dt.datetime) -> tuple[int, list[str]]:
    """Double claims, from what the claimers were given and from the database afterwards."""
    from django.db.models import Count

    from frontdoor.audit.models import AuditEntry
    from frontdoor.intake.models import Contact
    from frontdoor.screening.models import Screening

    given: dict[int, list[int]] = {}
    for r in results:
        for pk in r.claimed:
            given.setdefault(pk, []).append(r.user_id)
    twice_given = {pk for pk, users in given.items() if len(users) > 1}
    holders = dict(Contact.objects.filter(pk__in=list(given)).values_list("pk", "claimed_by_id"))
    wrong_holder = {pk for pk, users in given.items() if holders.get(pk) not in users or len(set(users)) > 1}
    audited_twice = set(
        AuditEntry.objects.filter(action="contact.claimed", object_type="intake.contact")
        .values("object_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("object_id", flat=True)
    )
    new_entries = AuditEntry.objects.filter(action="contact.claimed", at__gte=since).count()
    screenings = Screening.objects.filter(contact_id__in=list(given)).count()
    statuses = Counter(Contact.objects.filter(pk__in=list(given)).values_list("status", flat=True))
    doubles = {str(pk) for pk in twice_given | wrong_holder} | audited_twice
    total = sum(len(r.claimed) for r in results)
    checks = [
        ("contacts given to two claimers", len(twice_given), 0),
        ("contacts held by someone other than their claimer", len(wrong_holder), 0),
        ("contacts with more than one contact.claimed entry", len(audited_twice), 0),
        ("contact.claimed entries written during the run", new_entries, total),
        ("screening records of the claimed contacts", screenings, len(given)),
        ("claimed contacts in status 'screening'", statuses.get("screening", 0), len(given)),
    ]
    problems = [f"{name}: {got}, expected {want}" for name, got, want in checks if got != want]
    print("database check after the claims:")
    for name, got, want in checks:
        print(f"  {name:52}{got:7d}  expected {want:6d}  {'ok' if got == want else 'MISMATCH'}")
    return len(doubles), problems


def report_claims(results: list[ClaimerResult], seconds: float, as_processes: bool, left_before: int) -> None:
    latencies = [ms for r in results for ms in r.latencies]
    total = len(latencies)
    kind = "processes" if as_processes else "threads"
    call = "claim_next(user, 'screening')"
    print(
        f"\nclaims: {len(results)} screeners ({kind}, one database connection each) calling "
        f"{call} for {seconds:.1f} s, from {left_before:,} new contacts in the queue"
    )
    print(
        f"  claims: {total:,} in {seconds:.1f} s = {total / seconds if seconds else 0:.1f} claims/s; "
        f"per claim p50 {percentile(latencies, 0.5):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms, "
        f"max {percentile(latencies, 1.0):.1f} ms"
    )
    per = sorted(len(r.claimed) for r in results)
    print(
        f"  per screener: min {per[0]}, median {per[len(per) // 2]}, max {per[-1]}; "
        f"claim_next gave up (None with new contacts left): {sum(r.gave_up for r in results)}; "
        f"queue emptied: {any(r.emptied for r in results)}; errors: {sum(len(r.errors) for r in results)}"
    )
    for r in results:
        for problem in r.errors[:2]:
            print(f"  error ({r.user_id}): {problem}")


# The run ---------------------------------------------------------------------------------------


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/screening", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--contacts", type=int, default=200_000, help="contacts loaded")
    parser.add_argument("--open", type=int, default=50_000, help="of which open (new, screening, awaiting)")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per page kind")
    parser.add_argument("--warm", type=int, default=10, help="untimed requests per page kind first")
    parser.add_argument("--claimers", type=int, default=20, help="concurrent screeners claiming")
    parser.add_argument("--claim-seconds", type=float, default=20.0, help="how long they claim")
    parser.add_argument("--claimers-as", choices=["processes", "threads"], default="processes")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (requests are sequential)")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"], help="gunicorn worker class")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--skip-pages", action="store_true", help="load and claim only")
    parser.add_argument("--skip-claims", action="store_true", help="load and time pages only")
    parser.add_argument(
        "--explain",
        type=int,
        nargs="?",
        const=3,
        default=None,
        metavar="N",
        help="print each page's queries and EXPLAIN ANALYZE of its N slowest (always when a goal is missed)",
    )
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", DEFAULT_POSTGRES),
        help="PostgreSQL server (a throwaway database is made on it and dropped)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.open <= args.contacts or args.claimers < 1 or args.requests < 1:
        parser.error("need 0 < --open <= --contacts, and --claimers and --requests of at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    env = server_env()
    with throwaway_database(args.postgres, "frontdoor_screening_bench", env) as database:
        return _run(args, env, database)


def _run(args: argparse.Namespace, env: dict[str, str], database: str) -> int:
    migrated, pg = setup_and_migrate()
    from django.utils import timezone

    from frontdoor.intake.models import Contact

    print(
        f"bench/screening: {pg} (database {database}), {os.cpu_count()} CPUs; migrated in {migrated:.1f} s", flush=True
    )
    staff, loaded = load(args.contacts, args.open, args.seed)
    describe_load(loaded)
    good = True

    if not args.skip_pages:
        pages = _pages(loaded, staff)
        port = free_port()
        with gunicorn(args, env, port):
            began = time.perf_counter()
            time_pages(port, pages, args.requests, args.warm, args.seed)
            print(
                f"\npages: gunicorn {gunicorn_version()}, {args.workers} {args.worker_class} worker(s), "
                f"FRONTDOOR_DEBUG=0; {args.warm} untimed then {args.requests} timed GETs per page kind, in turn, "
                f"in {time.perf_counter() - began:.0f} s",
                end="",
            )
        good &= report_pages(pages)
        if args.explain is not None or not good:
            explain_pages(pages, args.seed, args.explain if args.explain is not None else 3)

    claimers = staff.screeners[: args.claimers]
    if len(claimers) < args.claimers:
        raise SystemExit(f"only {len(staff.screeners)} screeners were made")
    if not args.skip_claims:
        left = Contact.objects.filter(
            queue="screening", status="new", claimed_by__isnull=True, allocated_to__isnull=True
        ).count()
        since = timezone.now()
        as_processes = args.claimers_as == "processes"
        results, seconds = run_claims(claimers, "screening", args.claim_seconds, as_processes)
        report_claims(results, seconds, as_processes, left)
        doubles, problems = verify_claims(results, since)
        print(f"double claims: {doubles} (goal 0: {'met' if doubles == 0 else 'MISSED'})")
        errors = sum(len(r.errors) for r in results)
        good &= doubles == 0 and not problems and errors == 0
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
