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
from frontdoor.pathway.models import Assessment, ChildDetails, Conference, Episode, Section47
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
        [*CHILD_COLUMNS, "Date of referral", "Referral Source", "Referral NFA?",
         "Number of Referrals in Last 12 Months", *TEAM_WORKER],
    ),  # fmt: skip
    "list_4": (
        "List 4: Assessments",
        [*CHILD_COLUMNS, DISABILITY, "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
         "Continuous Assessment Date of Authorisation",
         "Was the child assessed as requiring LA children's social care support?", *TEAM_WORKER],
    ),  # fmt: skip
    "list_5": (
        "List 5: Section 47",
        [*CHILD_COLUMNS, DISABILITY, "Strategy discussion initiating Section 47 Enquiry Start Date",
         "Was an Initial Child Protection Conference deemed unnecessary?",
         "Date of Initial Child Protection Conference",
         "Did the Initial Child Protection Conference Result in a Child Protection Plan",
         "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months",
         *TEAM_WORKER],
    ),  # fmt: skip
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


def _disability(person: Person) -> str:
    details = _details(person)
    if details is None or not details.disabilities:
        return "c) Unknown"
    return "b) No" if details.disabilities == [cc.NO_DISABILITY] else "a) Yes"


def _chunks(qs: QuerySet[M], size: int = CHUNK) -> Iterator[list[M]]:
    after = 0
    while True:
        chunk = list(qs.filter(pk__gt=after).order_by("pk")[:size])
        if not chunk:
            return
        yield chunk
        after = chunk[-1].pk


def _team_worker(e: Episode) -> list[str]:
    return [e.team.name if e.team else "", e.allocated_worker.get_full_name() or e.allocated_worker.username
            if e.allocated_worker else ""]  # fmt: skip


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
    return [f"FDC{cp.pk:08d}", GENDER.get(sex, NOT_STATED), "", _date(cp.date_of_birth),  # type: ignore[call-overload]
            _age(cp.date_of_birth, on)]  # fmt: skip


def list_2(period: Period) -> Iterator[list[str]]:
    """Children passed to early help by an authorised front-door decision in the period."""
    decisions = Decision.objects.filter(
        outcome=Outcome.EARLY_HELP, status=DecisionStatus.AUTHORISED,
        reviewed_at__date__gte=period.start, reviewed_at__date__lte=period.end,
    ).prefetch_related("contact__people__index_link__person__census")  # fmt: skip
    for chunk in _chunks(decisions):
        for decision in chunk:
            assert decision.reviewed_at is not None  # noqa: S101 - filtered above
            on = timezone.localtime(decision.reviewed_at).date()
            service = decision.get_early_help_service_display() if decision.early_help_service else "Early help"
            for cp in decision.contact.people.all():
                if cp.role in CHILD_ROLES:
                    yield [*_contact_child(cp, on), _date(on), "", service]


def _episodes() -> QuerySet[Episode]:
    return Episode.objects.select_related("child__census", "team", "allocated_worker")


def list_3(period: Period) -> Iterator[list[str]]:
    """Every referral (CIN episode) in the period, with the child's referrals in the last 12 months."""
    episodes = _episodes().filter(referral_date__range=(period.start, period.end))
    for chunk in _chunks(episodes):
        history: dict[int, list[dt.date]] = defaultdict(list)
        for child_id, day in Episode.objects.filter(child_id__in={e.child_id for e in chunk}).values_list(
            "child_id", "referral_date"
        ):
            history[child_id].append(day)
        for e in chunk:
            yield [
                *_child(e.child, e.referral_date), _date(e.referral_date), _source(e.referral_source),
                _yes_no(e.referral_nfa), str(_within_year(history[e.child_id], period.end)), *_team_worker(e),
            ]  # fmt: skip


def list_4(period: Period) -> Iterator[list[str]]:
    """Assessments started or authorised in the period, or open during it."""
    assessments = (
        Assessment.objects.filter(started_on__lte=period.end)
        .exclude(authorised_on__lt=period.start)
        .select_related("episode__child__census", "episode__team", "episode__allocated_worker")
        .prefetch_related("episode__cin_plans", "episode__cp_plans", "episode__section47s")
    )
    for chunk in _chunks(assessments):
        for a in chunk:
            e = a.episode
            yield [
                *_child(e.child, a.started_on), _disability(e.child), _date(a.started_on),
                _yes_no(a.child_seen_on is not None), _date(a.authorised_on), _needs_support(a, e), *_team_worker(e),
            ]  # fmt: skip


def _needs_support(a: Assessment, e: Episode) -> str:
    """Yes when the assessment led on to a plan or an enquiry, no when the case then closed; blank while open."""
    if a.authorised_on is None:
        return ""
    after = [p.started_on for p in e.cin_plans.all()] + [p.started_on for p in e.cp_plans.all()]
    if any(day >= a.started_on for day in after) or any(s.started_on >= a.started_on for s in e.section47s.all()):
        return "a) Yes"
    if e.closed_on is not None:
        return "b) No"
    return "c) Unknown"


def list_5(period: Period) -> Iterator[list[str]]:
    """Section 47 enquiries started in the period, with the child's enquiries and ICPCs in the last 12 months."""
    enquiries = (
        Section47.objects.filter(started_on__range=(period.start, period.end))
        .select_related("episode__child__census", "episode__team", "episode__allocated_worker")
        .prefetch_related("conferences")
    )
    for chunk in _chunks(enquiries):
        children = {s.episode.child_id for s in chunk}
        s47_days: dict[int, list[dt.date]] = defaultdict(list)
        for child_id, day in Section47.objects.filter(episode__child_id__in=children).values_list(
            "episode__child_id", "started_on"
        ):
            s47_days[child_id].append(day)
        icpc_days: dict[int, list[dt.date]] = defaultdict(list)
        for child_id, day in Conference.objects.filter(
            episode__child_id__in=children, kind=Conference.Kind.INITIAL
        ).values_list("episode__child_id", "held_on"):
            icpc_days[child_id].append(day)
        for s in chunk:
            e = s.episode
            icpc = next((c for c in s.conferences.all() if c.kind == Conference.Kind.INITIAL), None)
            unnecessary = None if s.icpc_required is None else not s.icpc_required
            plan = None if icpc is None else icpc.outcome == Conference.Outcome.PLAN
            yield [
                *_child(e.child, s.started_on), _disability(e.child), _date(s.started_on), _yes_no(unnecessary),
                _date(icpc.held_on if icpc else None), _yes_no(plan),
                str(_within_year(s47_days[e.child_id], period.end)),
                str(_within_year(icpc_days[e.child_id], period.end)), *_team_worker(e),
            ]  # fmt: skip


ROWS: dict[str, Callable[[Period], Iterator[list[str]]]] = {
    "list_1": list_1, "list_2": list_2, "list_3": list_3, "list_4": list_4, "list_5": list_5,
}  # fmt: skip


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
