"""Reading the census from the record in chunks of children (RET-1).

``census_rows(year)`` yields one ``ChildRow`` per child with a CIN episode open during the
collection year, in LAchildID order, reading ``chunk`` children at a time (keyset pagination
on the person's id, each chunk's episodes and their steps prefetched in a fixed number of
queries). Nothing else is kept between chunks, so the export's memory stays flat.

The same rows feed the export (census.write_census) and the data-quality page (quality.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Prefetch, Q, QuerySet

from frontdoor.pathway.models import (
    Assessment,
    ChildDetails,
    ChildProtectionPlan,
    CINPlan,
    Conference,
    Episode,
    Section47,
)
from frontdoor.people.models import Person, PersonKind, Sex
from frontdoor.returns.census import (
    AssessmentRow,
    ChildRow,
    CPPlanRow,
    EpisodeRow,
    PlanDates,
    Section47Row,
    collection_year,
    la_child_id,
)

SEX_CODES = {Sex.MALE: "M", Sex.FEMALE: "F", Sex.OTHER: "U", Sex.UNKNOWN: "U"}
CHUNK = 1000


def _open_during(start: dt.date, end: dt.date, started: str, ended: str) -> Q:
    return Q(**{f"{started}__lte": end}) & (Q(**{f"{ended}__isnull": True}) | Q(**{f"{ended}__gte": start}))


def episodes_in_year(year: int) -> QuerySet[Episode]:
    """The CIN episodes open at any time during the collection year."""
    start, end = collection_year(year)
    return Episode.objects.filter(_open_during(start, end, "referral_date", "closed_on"))


def child_ids(year: int, after: int = 0, limit: int = CHUNK) -> list[int]:
    rows = (
        episodes_in_year(year)
        .filter(child_id__gt=after)
        .order_by("child_id")
        .values_list("child_id", flat=True)
        .distinct()[:limit]
    )
    return list(rows)


def count_children(year: int) -> int:
    return episodes_in_year(year).values("child_id").distinct().count()


def census_rows(year: int, chunk: int = CHUNK) -> Iterator[ChildRow]:
    after = 0
    while True:
        ids = child_ids(year, after, chunk)
        if not ids:
            return
        yield from _rows_for(year, ids)
        after = ids[-1]


def _rows_for(year: int, ids: list[int]) -> list[ChildRow]:
    start, end = collection_year(year)
    in_year = _open_during(start, end, "started_on", "ended_on")
    episodes = (
        episodes_in_year(year)
        .order_by("referral_date", "id")
        .prefetch_related(
            Prefetch(
                "assessments",
                Assessment.objects.filter(_open_during(start, end, "started_on", "authorised_on")).order_by(
                    "started_on", "id"
                ),
            ),
            Prefetch("cin_plans", CINPlan.objects.filter(in_year).order_by("started_on", "id")),
            Prefetch(
                "section47s",
                Section47.objects.filter(_open_during(start, end, "started_on", "completed_on")).order_by(
                    "started_on", "id"
                ),
            ),
            Prefetch(
                "cp_plans",
                ChildProtectionPlan.objects.filter(in_year)
                .order_by("started_on", "id")
                .prefetch_related(
                    Prefetch(
                        "reviews",
                        Conference.objects.filter(kind="review", held_on__range=(start, end)).order_by("held_on"),
                    )
                ),
            ),
            Prefetch(
                "conferences",
                Conference.objects.filter(kind="initial", held_on__range=(start, end)).order_by("held_on", "id"),
                to_attr="initial_conferences",
            ),
        )
    )
    people = (
        Person.objects.filter(pk__in=ids)
        .order_by("pk")
        .select_related("census")
        .prefetch_related(Prefetch("episodes", episodes, to_attr="year_episodes"))
    )
    # NumberOfPreviousCPP: the child's plans that started before this one, in any episode.
    plan_starts: dict[int, list[dt.date]] = defaultdict(list)
    for child_id, started_on in ChildProtectionPlan.objects.filter(episode__child_id__in=ids).values_list(
        "episode__child_id", "started_on"
    ):
        plan_starts[child_id].append(started_on)
    return [_child_row(p, end, plan_starts[p.pk]) for p in people]


def _details(person: Person) -> ChildDetails | None:
    try:
        return person.census
    except ChildDetails.DoesNotExist:
        return None


def _child_row(person: Person, end: dt.date, plan_starts: list[dt.date]) -> ChildRow:
    details = _details(person)
    unborn = person.kind == PersonKind.UNBORN and person.date_of_birth is None
    sex = "U" if unborn else SEX_CODES.get(person.sex, "")  # type: ignore[call-overload]
    death = details.death_date if details and details.death_date and details.death_date <= end else None
    return ChildRow(
        person_id=person.pk,
        name=person.display_name,
        la_child_id=la_child_id(person.pk),
        upn=details.upn if details else "",
        former_upn=details.former_upn if details else "",
        upn_unknown=details.upn_unknown if details else "",
        birth_date=person.date_of_birth,
        expected_birth_date=person.expected_date if unborn else None,
        sex=sex,
        death_date=death,
        ethnicity=details.ethnicity if details else "",
        disabilities=list(details.disabilities) if details and details.disabilities else [],
        episodes=[_episode_row(e, end, plan_starts) for e in person.year_episodes],  # type: ignore[attr-defined]
    )


def _episode_row(e: Episode, end: dt.date, plan_starts: list[dt.date]) -> EpisodeRow:
    closed = e.closed_on if e.closed_on and e.closed_on <= end else None
    section47s = list(e.section47s.all())
    s47_ids = {s.pk for s in section47s}
    initial = e.initial_conferences  # type: ignore[attr-defined]
    icpc_by_s47: dict[int, dt.date] = {}
    episode_icpc: dt.date | None = None
    for conference in initial:
        if conference.section47_id in s47_ids:
            icpc_by_s47.setdefault(conference.section47_id, conference.held_on)
        elif episode_icpc is None:
            episode_icpc = conference.held_on  # an initial conference with no s47 in this episode
    return EpisodeRow(
        id=e.pk,
        referral_date=e.referral_date,
        referral_source=e.referral_source,
        primary_need=e.primary_need,
        closed_on=closed,
        closure_reason=e.closure_reason if closed else "",
        initial_cpc_on=episode_icpc,
        referral_nfa=e.referral_nfa,
        assessments=[
            AssessmentRow(
                id=a.pk,
                started_on=a.started_on,
                completed_on=a.completed_on if a.completed_on and a.completed_on <= end else None,
                authorised_on=a.authorised_on if a.authorised_on and a.authorised_on <= end else None,
                factors=list(a.factors or []) if a.authorised_on and a.authorised_on <= end else [],
            )
            for a in e.assessments.all()
        ],
        cin_plans=[
            PlanDates(p.started_on, p.ended_on if p.ended_on and p.ended_on <= end else None)
            for p in e.cin_plans.all()
        ],
        section47s=[
            Section47Row(
                id=s.pk,
                started_on=s.started_on,
                icpc_target=s.icpc_target,
                icpc_held_on=icpc_by_s47.get(s.pk),
                icpc_not_required=s.icpc_required is False,
            )
            for s in section47s
        ],
        cp_plans=[
            CPPlanRow(
                id=p.pk,
                started_on=p.started_on,
                ended_on=p.ended_on if p.ended_on and p.ended_on <= end else None,
                initial_category=p.initial_category,
                latest_category=p.latest_category,
                previous_plans=sum(1 for s in plan_starts if s < p.started_on),
                reviews=[r.held_on for r in p.reviews.all()],
            )
            for p in e.cp_plans.all()
        ],
    )
