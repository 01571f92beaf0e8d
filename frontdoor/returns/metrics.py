"""The managers' figures (RET-3), computed from the record for a date range and, optionally, a team.

Definitions (docs/returns.md repeats them for managers):

- A contact is counted on the day it was received, in its team (the team holding it).
- A referral is counted per child, as the census counts it: one CIN episode, on its referral
  date, in the episode's team, by its census referral source.
- A contact becomes a referral when screening made a referral of it (screening.Referral).
- A decision is in time when the contact was decided by its decision deadline (one working
  day from receipt, TIM-2): counted over the contacts received in the range that are decided.
- A re-referral is a referral of a child who had another referral in the 12 months before it.
- An assessment is in time when authorised on or before its due date (45 working days from
  the referral), over the assessments authorised in the range.
- An initial conference is in time when held on or before its target (15 working days from
  the strategy discussion that started the Section 47 enquiry), over those held in the range.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from frontdoor.accounts.models import Team
from frontdoor.intake.models import Contact
from frontdoor.pathway.models import Assessment, Conference, Episode
from frontdoor.policy import census_codes as cc
from frontdoor.policy.calendar import add_working_days


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    team: Team | None = None


@dataclass
class Chart:
    """One chart: its bars (label, value) and how to say it in words."""

    slug: str
    title: str
    kind: str  # "count" or "percent"
    bars: list[tuple[str, float]]
    description: str
    columns: tuple[str, str] = ("", "")
    detail: list[tuple[str, int, int]] = field(default_factory=list)  # for rates: (label, met, of)


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weeks(f: Filters) -> list[dt.date]:
    first, weeks = _week(f.start), []
    while first <= f.end:
        weeks.append(first)
        first += dt.timedelta(days=7)
    return weeks


def _aware_range(f: Filters) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(f.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(f.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def contacts(f: Filters) -> QuerySet[Contact]:
    start, end = _aware_range(f)
    qs = Contact.objects.filter(received_at__gte=start, received_at__lt=end)
    return qs.filter(team=f.team) if f.team else qs


def episodes(f: Filters) -> QuerySet[Episode]:
    qs = Episode.objects.filter(referral_date__range=(f.start, f.end))
    return qs.filter(team=f.team) if f.team else qs


def _percent(met: int, of: int) -> float:
    return round(100 * met / of, 1) if of else 0.0


def _rate_chart(slug: str, title: str, what: str, rows: list[tuple[str, int, int]]) -> Chart:
    met = sum(r[1] for r in rows)
    of = sum(r[2] for r in rows)
    description = f"{met} of {of} {what} ({_percent(met, of):g}%)." if of else f"No {what} in this period."
    return Chart(
        slug,
        title,
        "percent",
        [(label, _percent(m, o)) for label, m, o in rows],
        description,
        ("Week beginning", "Per cent"),
        rows,
    )


def weekly_counts(f: Filters) -> tuple[Chart, Chart]:
    weeks = _weeks(f)
    received = contacts(f).values_list("received_at", flat=True)
    by_contact = Counter(_week(timezone.localtime(at).date()) for at in received)
    by_referral = Counter(_week(d) for d in episodes(f).values_list("referral_date", flat=True))

    def chart(slug: str, title: str, counts: Counter[dt.date], noun: str) -> Chart:
        total = sum(counts.values())
        busiest = max(weeks, key=lambda w: counts[w], default=None)
        words = f"{total} {noun} in {len(weeks)} week{'s' if len(weeks) != 1 else ''}"
        if busiest is not None and total:
            words += f"; the busiest week began {busiest:%d %B %Y} with {counts[busiest]}"
        return Chart(
            slug,
            title,
            "count",
            [(f"{w:%d %b %Y}", counts[w]) for w in weeks],
            words + ".",
            ("Week beginning", noun.capitalize()),
        )

    return (
        chart("contacts-by-week", "Contacts by week", by_contact, "contacts"),
        chart("referrals-by-week", "Referrals by week", by_referral, "referrals"),
    )


def by_source(f: Filters) -> tuple[Chart, Chart]:
    contact_sources = Counter(
        cc.referral_source_for(c)
        for c in contacts(f).only("referrer_type", "organisation_type", "anonymity", "channel")
    )
    referral_sources = Counter(episodes(f).values_list("referral_source", flat=True))

    def chart(slug: str, title: str, counts: Counter[str], noun: str) -> Chart:
        bars: list[tuple[str, float]] = [
            (cc.label_for(cc.REFERRAL_SOURCES, code), float(counts[code]))
            for code, _ in cc.REFERRAL_SOURCES
            if counts[code]
        ]
        bars.sort(key=lambda b: -b[1])
        top = f"; most came from {bars[0][0]} ({bars[0][1]})" if bars else ""
        return Chart(slug, title, "count", bars, f"{sum(counts.values())} {noun}{top}.", ("Source", noun.capitalize()))

    return (
        chart("contacts-by-source", "Contacts by source", contact_sources, "contacts"),
        chart("referrals-by-source", "Referrals by source", referral_sources, "referrals"),
    )


def by_team(f: Filters) -> tuple[Chart, Chart]:
    names = dict(Team.objects.values_list("pk", "name"))

    def chart(slug: str, title: str, team_ids: list[int | None], noun: str) -> Chart:
        counts = Counter(names.get(t, "No team") if t else "No team" for t in team_ids)
        bars = sorted(counts.items(), key=lambda b: (-b[1], b[0]))
        return Chart(
            slug,
            title,
            "count",
            [(k, float(v)) for k, v in bars],
            f"{sum(counts.values())} {noun} across {len(bars)} team{'s' if len(bars) != 1 else ''}.",
            ("Team", noun.capitalize()),
        )

    return (
        chart("contacts-by-team", "Contacts by team", list(contacts(f).values_list("team_id", flat=True)), "contacts"),
        chart(
            "referrals-by-team", "Referrals by team", list(episodes(f).values_list("team_id", flat=True)), "referrals"
        ),
    )


def _weekly_rate(f: Filters, items: list[tuple[dt.date, bool]]) -> list[tuple[str, int, int]]:
    met: Counter[dt.date] = Counter()
    of: Counter[dt.date] = Counter()
    for day, ok in items:
        of[_week(day)] += 1
        met[_week(day)] += int(ok)
    return [(f"{w:%d %b %Y}", met[w], of[w]) for w in _weeks(f)]


def conversion(f: Filters) -> Chart:
    return _rate_chart(
        "conversion",
        "Contacts that became referrals",
        "contacts became referrals",
        _weekly_rate(f, _conversion_rows(f)),
    )


def _conversion_rows(f: Filters) -> list[tuple[dt.date, bool]]:
    referred = set(contacts(f).filter(referrals__isnull=False).values_list("pk", flat=True).distinct())
    return [(timezone.localtime(at).date(), pk in referred) for pk, at in contacts(f).values_list("pk", "received_at")]


def decisions_in_time(f: Filters) -> Chart:
    rows = [
        (timezone.localtime(received).date(), decided is not None and decided <= due)
        for received, decided, due in contacts(f)
        .filter(decided_at__isnull=False)
        .values_list("received_at", "decided_at", "decision_due_at")
    ]
    return _rate_chart(
        "decisions-in-time",
        "Decisions within one working day",
        "decisions were made within one working day",
        _weekly_rate(f, rows),
    )


def re_referrals(f: Filters) -> Chart:
    in_range = list(episodes(f).values_list("child_id", "referral_date"))
    history: dict[int, list[dt.date]] = defaultdict(list)
    for child_id, day in Episode.objects.filter(child_id__in={c for c, _ in in_range}).values_list(
        "child_id", "referral_date"
    ):
        history[child_id].append(day)

    def again(child_id: int, day: dt.date) -> bool:
        try:
            since = day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            since = day - dt.timedelta(days=366)
        return any(since <= other < day for other in history[child_id])

    rows = [(day, again(child_id, day)) for child_id, day in in_range]
    return _rate_chart(
        "re-referrals",
        "Re-referrals within 12 months",
        "referrals were of a child referred in the 12 months before",
        _weekly_rate(f, rows),
    )


def assessments_in_time(f: Filters) -> Chart:
    qs = Assessment.objects.filter(authorised_on__range=(f.start, f.end))
    if f.team:
        qs = qs.filter(episode__team=f.team)
    rows = [(day, day <= due) for day, due in qs.values_list("authorised_on", "due_on") if day is not None]
    return _rate_chart(
        "assessments-in-time",
        "Assessments within 45 working days",
        "assessments were authorised within 45 working days",
        _weekly_rate(f, rows),
    )


def conferences_in_time(f: Filters) -> Chart:
    qs = Conference.objects.filter(kind=Conference.Kind.INITIAL, held_on__range=(f.start, f.end)).select_related(
        "section47__strategy_discussion"
    )
    if f.team:
        qs = qs.filter(episode__team=f.team)
    rows = []
    for c in qs:
        due = c.due_on or (c.section47.icpc_target if c.section47 else None)
        if due is None and c.section47 and c.section47.strategy_discussion:
            due = add_working_days(c.section47.strategy_discussion.held_at, 15).date()
        rows.append((c.held_on, due is not None and c.held_on <= due))
    return _rate_chart(
        "conferences-in-time",
        "Initial conferences within 15 working days",
        "initial conferences were held within 15 working days",
        _weekly_rate(f, rows),
    )


def all_charts(f: Filters) -> list[Chart]:
    return [
        *weekly_counts(f),
        *by_source(f),
        *by_team(f),
        conversion(f),
        decisions_in_time(f),
        re_referrals(f),
        assessments_in_time(f),
        conferences_in_time(f),
    ]
