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

from django.db.models import Q, QuerySet

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

SEX_CODES: dict[str, str] = {Sex.MALE: "M", Sex.FEMALE: "F", Sex.OTHER: "U", Sex.UNKNOWN: "U"}
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
    """The rows of one chunk of children: a fixed number of queries of plain values, grouped here
    (model instances and related managers cost more than the database for a census this size)."""
    start, end = collection_year(year)
    in_year = _open_during(start, end, "started_on", "ended_on")
    episodes: dict[int, list[EpisodeRow]] = defaultdict(list)
    by_id: dict[int, EpisodeRow] = {}
    for e in (
        episodes_in_year(year)
        .filter(child_id__in=ids)
        .order_by("child_id", "referral_date", "id")
        .values_list(
            "id",
            "child_id",
            "referral_date",
            "referral_source",
            "primary_need",
            "closed_on",
            "closure_reason",
            "referral_nfa",
        )
    ):
        episode_id, child_id, referred, source, need, closed, reason, nfa = e
        closed = closed if closed and closed <= end else None
        row = EpisodeRow(
            id=episode_id,
            referral_date=referred,
            referral_source=source,
            primary_need=need,
            closed_on=closed,
            closure_reason=reason if closed else "",
            initial_cpc_on=None,
            referral_nfa=nfa,
        )
        episodes[child_id].append(row)
        by_id[episode_id] = row
    episode_ids = list(by_id)
    for episode_id, a_id, started, completed, authorised, factors in (
        Assessment.objects.filter(_open_during(start, end, "started_on", "authorised_on"), episode_id__in=episode_ids)
        .order_by("started_on", "id")
        .values_list("episode_id", "id", "started_on", "completed_on", "authorised_on", "factors")
    ):
        done = authorised is not None and authorised <= end
        by_id[episode_id].assessments.append(
            AssessmentRow(
                id=a_id,
                started_on=started,
                completed_on=completed if completed and completed <= end else None,
                authorised_on=authorised if done else None,
                factors=list(factors or []) if done else [],
            )
        )
    for episode_id, started, ended in (
        CINPlan.objects.filter(in_year, episode_id__in=episode_ids)
        .order_by("started_on", "id")
        .values_list("episode_id", "started_on", "ended_on")
    ):
        by_id[episode_id].cin_plans.append(PlanDates(started, ended if ended and ended <= end else None))
    s47_rows: dict[int, Section47Row] = {}
    for episode_id, s_id, started, target, required in (
        Section47.objects.filter(_open_during(start, end, "started_on", "completed_on"), episode_id__in=episode_ids)
        .order_by("started_on", "id")
        .values_list("episode_id", "id", "started_on", "icpc_target", "icpc_required")
    ):
        row47 = Section47Row(
            id=s_id, started_on=started, icpc_target=target, icpc_held_on=None, icpc_not_required=required is False
        )
        by_id[episode_id].section47s.append(row47)
        s47_rows[s_id] = row47
    for episode_id, s47_id, held in (
        Conference.objects.filter(kind="initial", held_on__range=(start, end), episode_id__in=episode_ids)
        .order_by("held_on", "id")
        .values_list("episode_id", "section47_id", "held_on")
    ):
        if s47_id in s47_rows and s47_rows[s47_id].icpc_held_on is None:
            s47_rows[s47_id].icpc_held_on = held
        elif s47_id not in s47_rows and by_id[episode_id].initial_cpc_on is None:
            by_id[episode_id].initial_cpc_on = held  # an initial conference with no s47 in this episode
    # NumberOfPreviousCPP: the child's plans that started before this one, in any episode.
    plan_starts: dict[int, list[dt.date]] = defaultdict(list)
    for child_id, started in ChildProtectionPlan.objects.filter(episode__child_id__in=ids).values_list(
        "episode__child_id", "started_on"
    ):
        plan_starts[child_id].append(started)
    plans: dict[int, CPPlanRow] = {}
    for episode_id, child_id, plan_id, started, ended, initial, latest in (
        ChildProtectionPlan.objects.filter(in_year, episode_id__in=episode_ids)
        .order_by("started_on", "id")
        .values_list(
            "episode_id", "episode__child_id", "id", "started_on", "ended_on", "initial_category", "latest_category"
        )
    ):
        plan = CPPlanRow(
            id=plan_id,
            started_on=started,
            ended_on=ended if ended and ended <= end else None,
            initial_category=initial,
            latest_category=latest,
            previous_plans=sum(1 for s in plan_starts[child_id] if s < started),
        )
        by_id[episode_id].cp_plans.append(plan)
        plans[plan_id] = plan
    for plan_id, held in (
        Conference.objects.filter(kind="review", held_on__range=(start, end), plan_id__in=list(plans))
        .order_by("held_on", "id")
        .values_list("plan_id", "held_on")
    ):
        plans[plan_id].reviews.append(held)
    details = {
        d[0]: d[1:]
        for d in ChildDetails.objects.filter(person_id__in=ids).values_list(
            "person_id", "upn", "former_upn", "upn_unknown", "ethnicity", "disabilities", "death_date"
        )
    }
    rows = []
    for person_id, kind, given, surname, sex, born, expected in (
        Person.objects.filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "kind", "given_name", "surname", "sex", "date_of_birth", "expected_date")
    ):
        upn, former, unknown, ethnicity, disabilities, death = details.get(person_id, ("", "", "", "", [], None))
        unborn = kind == PersonKind.UNBORN and born is None
        name = " ".join(part for part in (given, surname) if part) or ("Unborn baby" if unborn else "Name not known")
        rows.append(
            ChildRow(
                person_id=person_id,
                name=name,
                la_child_id=la_child_id(person_id),
                upn=upn,
                former_upn=former,
                upn_unknown=unknown,
                birth_date=born,
                expected_birth_date=expected if unborn else None,
                sex="U" if unborn else SEX_CODES.get(sex, ""),
                death_date=death if death and death <= end else None,
                ethnicity=ethnicity,
                disabilities=list(disabilities or []),
                episodes=episodes[person_id],
            )
        )
    return rows
