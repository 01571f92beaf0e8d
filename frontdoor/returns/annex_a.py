"""Ofsted's Annex A lists 1 to 5 (RET-2): contacts, early help, referrals, assessments, s47.

One row per child per event, with the columns of Ofsted's Annex A template ("Annex A: data
and information for inspections of local authority children's services"), as the headings
of lists 1 to 5 are laid out in the Annex A schema of Social Finance's liia-tools (which
follows the template; see docs/returns.md for the source and for the columns the record
cannot fill yet). Dates are dd/mm/yyyy as the template asks.

Each list is a generator of rows read in chunks (keyset pagination on the event's id, the
child's details joined in), so both the workbook (openpyxl in write-only mode, rows streamed
to the file) and the CSV files are made without holding a list in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone

from frontdoor.intake.models import CHILD_ROLES, Contact, ContactPerson
from frontdoor.pathway.models import (
    Assessment,
    ChildDetails,
    ChildProtectionPlan,
    CINPlan,
    Conference,
    Episode,
    Section47,
)
from frontdoor.people.models import Person, Sex
from frontdoor.policy import census_codes as cc
from frontdoor.returns.census import la_child_id
from frontdoor.screening.models import Decision, DecisionStatus, Outcome

CHUNK = 2000
M = TypeVar("M", bound=Model)

CHILD_COLUMNS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
DISABILITY = "Does the Child have a Disability"
TEAM_WORKER = ["Allocated Team", "Allocated Worker"]

LISTS: dict[str, tuple[str, list[str]]] = {
    "list_1": ("List 1: Contacts", [*CHILD_COLUMNS, "Date of Contact", "Contact Source"]),
    "list_2": (
        "List 2: Early help",
        [*CHILD_COLUMNS, "Assessment start date", "Assessment completion date", "Organisation completing assessment"],
    ),
    "list_3": (
        "List 3: Referrals",
        [
            *CHILD_COLUMNS,
            "Date of referral",
            "Referral Source",
            "Referral NFA?",
            "Number of Referrals in Last 12 Months",
            *TEAM_WORKER,
        ],
    ),
    "list_4": (
        "List 4: Assessments",
        [
            *CHILD_COLUMNS,
            DISABILITY,
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
            *TEAM_WORKER,
        ],
    ),
    "list_5": (
        "List 5: Section 47",
        [
            *CHILD_COLUMNS,
            DISABILITY,
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
            *TEAM_WORKER,
        ],
    ),
}

GENDER = {Sex.MALE: "a) Male", Sex.FEMALE: "b) Female", Sex.OTHER: "d) Neither"}
NOT_STATED = "c) Not stated/recorded"


def _source(code: str) -> str:
    """A census referral source as the template writes it, e.g. '6: Police'."""
    return f"{code}: {cc.label_for(cc.REFERRAL_SOURCES, code)}" if code else ""


def _date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("a) Yes" if value else "b) No")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def _age(born: dt.date | None, on: dt.date) -> str:
    if born is None:
        return ""
    return str(on.year - born.year - ((on.month, on.day) < (born.month, born.day)))


def _details(person: Person) -> ChildDetails | None:
    try:
        return person.census
    except ChildDetails.DoesNotExist:
        return None


def _child(person: Person, on: dt.date) -> list[str]:
    details = _details(person)
    return [
        la_child_id(person.pk),
        GENDER.get(person.sex, NOT_STATED),  # type: ignore[call-overload]
        details.ethnicity if details else "",
        _date(person.date_of_birth),
        _age(person.date_of_birth, on),
    ]


def _chunks(qs: QuerySet[M], size: int = CHUNK) -> Iterator[list[M]]:
    after = 0
    while True:
        chunk = list(qs.filter(pk__gt=after).order_by("pk")[:size])
        if not chunk:
            return
        yield chunk
        after = chunk[-1].pk


def _within_year(days: list[dt.date], on: dt.date) -> int:
    """How many of ``days`` fall in the 12 months up to and including ``on`` (the end of the period the
    lists cover: "in the last 12 months" is counted back from the date of the return)."""
    since = on.replace(year=on.year - 1) if not (on.month == 2 and on.day == 29) else on - dt.timedelta(days=366)
    return sum(1 for d in days if since < d <= on)


# The lists -----------------------------------------------------------------------------------


def list_1(period: Period) -> Iterator[list[str]]:
    """Every contact received in the period, one row per child named in it."""
    contacts = Contact.objects.filter(
        received_at__date__gte=period.start, received_at__date__lte=period.end
    ).prefetch_related("people__index_link__person__census")
    for chunk in _chunks(contacts):
        for contact in chunk:
            on = timezone.localtime(contact.received_at).date()
            source = _source(cc.referral_source_for(contact))
            for cp in contact.people.all():
                if cp.role in CHILD_ROLES:
                    yield [*_contact_child(cp, on), _date(on), source]


def _contact_child(cp: ContactPerson, on: dt.date) -> list[str]:
    link = getattr(cp, "index_link", None)
    if link is not None and link.person is not None:
        return _child(link.person, on)
    sex = {"male": Sex.MALE, "female": Sex.FEMALE}.get(cp.sex.lower(), "")
    return [
        f"FDC{cp.pk:08d}",
        GENDER.get(sex, NOT_STATED),  # type: ignore[call-overload]
        "",
        _date(cp.date_of_birth),
        _age(cp.date_of_birth, on),
    ]


def list_2(period: Period) -> Iterator[list[str]]:
    """Children passed to early help by an authorised front-door decision in the period."""
    decisions = Decision.objects.filter(
        outcome=Outcome.EARLY_HELP,
        status=DecisionStatus.AUTHORISED,
        reviewed_at__date__gte=period.start,
        reviewed_at__date__lte=period.end,
    ).prefetch_related("contact__people__index_link__person__census")
    for chunk in _chunks(decisions):
        for decision in chunk:
            assert decision.reviewed_at is not None  # noqa: S101 - filtered above
            on = timezone.localtime(decision.reviewed_at).date()
            service = decision.get_early_help_service_display() if decision.early_help_service else "Early help"
            for cp in decision.contact.people.all():
                if cp.role in CHILD_ROLES:
                    yield [*_contact_child(cp, on), _date(on), "", service]


def _value_chunks(qs: QuerySet[Any], fields: list[str], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    """Plain values of ``qs`` in chunks, by keyset on the id (no model instances: a list of 200,000
    children is read in seconds, not minutes)."""
    after = 0
    while True:
        chunk = list(qs.filter(pk__gt=after).order_by("pk").values("id", *fields)[:size])
        if not chunk:
            return
        yield chunk
        after = chunk[-1]["id"]


def _person_fields(prefix: str) -> list[str]:
    return [
        f"{prefix}id",
        f"{prefix}sex",
        f"{prefix}date_of_birth",
        f"{prefix}census__ethnicity",
        f"{prefix}census__disabilities",
    ]


def _child_values(v: dict[str, Any], prefix: str, on: dt.date) -> list[str]:
    born = v[f"{prefix}date_of_birth"]
    return [
        la_child_id(v[f"{prefix}id"]),
        GENDER.get(v[f"{prefix}sex"], NOT_STATED),
        v[f"{prefix}census__ethnicity"] or "",
        _date(born),
        _age(born, on),
    ]


def _disability_values(v: dict[str, Any], prefix: str) -> str:
    disabilities = v[f"{prefix}census__disabilities"]
    if not disabilities:
        return "c) Unknown"
    return "b) No" if disabilities == [cc.NO_DISABILITY] else "a) Yes"


def _team_fields(prefix: str) -> list[str]:
    return [
        f"{prefix}team__name",
        f"{prefix}allocated_worker__first_name",
        f"{prefix}allocated_worker__last_name",
        f"{prefix}allocated_worker__username",
    ]


def _team_values(v: dict[str, Any], prefix: str) -> list[str]:
    worker = " ".join(
        p for p in (v[f"{prefix}allocated_worker__first_name"], v[f"{prefix}allocated_worker__last_name"]) if p
    )
    return [v[f"{prefix}team__name"] or "", worker or v[f"{prefix}allocated_worker__username"] or ""]


def list_3(period: Period) -> Iterator[list[str]]:
    """Every referral (CIN episode) in the period, with the child's referrals in the last 12 months."""
    episodes = Episode.objects.filter(referral_date__range=(period.start, period.end))
    fields = [
        "child_id",
        "referral_date",
        "referral_source",
        "referral_nfa",
        *_person_fields("child__"),
        *_team_fields(""),
    ]
    for chunk in _value_chunks(episodes, fields):
        history: dict[int, list[dt.date]] = defaultdict(list)
        for child_id, day in Episode.objects.filter(child_id__in={e["child_id"] for e in chunk}).values_list(
            "child_id", "referral_date"
        ):
            history[child_id].append(day)
        for e in chunk:
            yield [
                *_child_values(e, "child__", e["referral_date"]),
                _date(e["referral_date"]),
                _source(e["referral_source"]),
                _yes_no(e["referral_nfa"]),
                str(_within_year(history[e["child_id"]], period.end)),
                *_team_values(e, ""),
            ]


def list_4(period: Period) -> Iterator[list[str]]:
    """Assessments started or authorised in the period, or open during it."""
    assessments = Assessment.objects.filter(started_on__lte=period.end).exclude(authorised_on__lt=period.start)
    fields = [
        "episode_id",
        "started_on",
        "child_seen_on",
        "authorised_on",
        "episode__closed_on",
        *_person_fields("episode__child__"),
        *_team_fields("episode__"),
    ]
    for chunk in _value_chunks(assessments, fields):
        episode_ids = {a["episode_id"] for a in chunk}
        later: dict[int, list[dt.date]] = defaultdict(list)  # when plans and enquiries started, per episode
        for model in (CINPlan, ChildProtectionPlan, Section47):
            for episode_id, day in model.objects.filter(episode_id__in=episode_ids).values_list(
                "episode_id", "started_on"
            ):
                later[episode_id].append(day)
        for a in chunk:
            yield [
                *_child_values(a, "episode__child__", a["started_on"]),
                _disability_values(a, "episode__child__"),
                _date(a["started_on"]),
                _yes_no(a["child_seen_on"] is not None),
                _date(a["authorised_on"]),
                _needs_support(a, later[a["episode_id"]]),
                *_team_values(a, "episode__"),
            ]


def _needs_support(a: dict[str, Any], later: list[dt.date]) -> str:
    """Yes when the assessment led on to a plan or an enquiry, no when the case then closed; blank while open."""
    if a["authorised_on"] is None:
        return ""
    if any(day >= a["started_on"] for day in later):
        return "a) Yes"
    if a["episode__closed_on"] is not None:
        return "b) No"
    return "c) Unknown"


def list_5(period: Period) -> Iterator[list[str]]:
    """Section 47 enquiries started in the period, with the child's enquiries and ICPCs in the last 12 months."""
    enquiries = Section47.objects.filter(started_on__range=(period.start, period.end))
    fields = [
        "started_on",
        "icpc_required",
        "episode__child_id",
        *_person_fields("episode__child__"),
        *_team_fields("episode__"),
    ]
    for chunk in _value_chunks(enquiries, fields):
        children = {s["episode__child_id"] for s in chunk}
        s47_days: dict[int, list[dt.date]] = defaultdict(list)
        for child_id, day in Section47.objects.filter(episode__child_id__in=children).values_list(
            "episode__child_id", "started_on"
        ):
            s47_days[child_id].append(day)
        icpc_days: dict[int, list[dt.date]] = defaultdict(list)
        icpcs: dict[int, tuple[dt.date, str]] = {}
        for child_id, s47_id, day, outcome in (
            Conference.objects.filter(episode__child_id__in=children, kind=Conference.Kind.INITIAL)
            .order_by("held_on")
            .values_list("episode__child_id", "section47_id", "held_on", "outcome")
        ):
            icpc_days[child_id].append(day)
            if s47_id is not None:
                icpcs.setdefault(s47_id, (day, outcome))
        for s in chunk:
            icpc = icpcs.get(s["id"])
            unnecessary = None if s["icpc_required"] is None else not s["icpc_required"]
            plan = None if icpc is None else icpc[1] == Conference.Outcome.PLAN
            child_id = s["episode__child_id"]
            yield [
                *_child_values(s, "episode__child__", s["started_on"]),
                _disability_values(s, "episode__child__"),
                _date(s["started_on"]),
                _yes_no(unnecessary),
                _date(icpc[0] if icpc else None),
                _yes_no(plan),
                str(_within_year(s47_days[child_id], period.end)),
                str(_within_year(icpc_days[child_id], period.end)),
                *_team_values(s, "episode__"),
            ]


ROWS: dict[str, Callable[[Period], Iterator[list[str]]]] = {
    "list_1": list_1,
    "list_2": list_2,
    "list_3": list_3,
    "list_4": list_4,
    "list_5": list_5,
}


def period_for_year(year: int) -> Period:
    from frontdoor.returns.census import collection_year

    return Period(*collection_year(year))


# Writing -------------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(name: str, period: Period) -> Iterator[str]:
    """One list as CSV lines (for a streaming download)."""
    writer = csv.writer(_Echo())
    yield writer.writerow(LISTS[name][1])
    for row in ROWS[name](period):
        yield writer.writerow([_safe(v) for v in row])


def _safe(value: str) -> str:
    """Stop a spreadsheet reading a cell as a formula (names come from the public)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_csvs(period: Period, folder: Path) -> dict[str, int]:
    counts = {}
    for name in LISTS:
        with open(folder / f"annex_a_{name}.csv", "w", encoding="utf-8", newline="") as out:
            n = -1
            for n, line in enumerate(csv_lines(name, period)):  # noqa: B007
                out.write(line)
            counts[name] = n
    return counts


def write_workbook(
    year: int, path: Path, *, period: Period | None = None, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Lists 1 to 5 as one workbook, streamed to ``path`` (openpyxl write-only). Rows per list."""
    from openpyxl import Workbook

    period = period or period_for_year(year)
    workbook = Workbook(write_only=True)
    counts: dict[str, int] = {}
    for step, (name, (title, columns)) in enumerate(LISTS.items()):
        sheet: Any = workbook.create_sheet(title=title.split(":")[0])
        sheet.append(columns)
        n = 0
        for row in ROWS[name](period):
            sheet.append([_safe(v) for v in row])
            n += 1
        counts[name] = n
        if progress is not None:
            progress(step + 1, len(LISTS))
    partial = path.with_name(path.name + ".part")
    workbook.save(partial)
    os.replace(partial, path)
    return counts


def rows_of(name: str, period: Period) -> Iterable[list[str]]:
    return ROWS[name](period)
