"""RET-3: the managers' figures, computed from the pathway fixtures, and their accessible charts."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdoor.returns import metrics, svg
from tests.returns.fixtures import build

YEAR_RANGE = (dt.date(2025, 4, 1), dt.date(2026, 3, 31))


def _bars(chart: metrics.Chart) -> dict[str, float]:
    return {label: value for label, value in chart.bars if value}


def _rate(chart: metrics.Chart) -> tuple[int, int]:
    return sum(m for _, m, _ in chart.detail), sum(o for _, _, o in chart.detail)


@pytest.mark.django_db
def test_ret3_figures_for_the_year_all_teams() -> None:
    build()
    f = metrics.Filters(*YEAR_RANGE)
    contacts, referrals = metrics.weekly_counts(f)
    assert sum(v for _, v in contacts.bars) == 4
    assert _bars(contacts) == {"05 May 2025": 1, "01 Sep 2025": 1, "03 Nov 2025": 1, "10 Nov 2025": 1}
    assert sum(v for _, v in referrals.bars) == 6
    assert len(contacts.bars) == 53  # every week of the range, empty ones too

    contact_sources, referral_sources = metrics.by_source(f)
    assert _bars(contact_sources) == {
        "Schools": 1,
        "Individual: family member, relative or carer": 1,
        "Anonymous": 1,
        "Police": 1,
    }
    assert referral_sources.bars[0] == ("Police", 2)

    contact_teams, referral_teams = metrics.by_team(f)
    assert _bars(contact_teams) == {"Assessment Team North": 2, "No team": 1, "Screening": 1}
    assert _bars(referral_teams) == {"Assessment Team North": 6}

    assert _rate(metrics.conversion(f)) == (1, 4)  # Amy's contact became a referral
    assert _rate(metrics.decisions_in_time(f)) == (1, 3)  # the family's, decided the same day
    assert _rate(metrics.re_referrals(f)) == (1, 6)  # Dev, three months after his first referral
    assert _rate(metrics.assessments_in_time(f)) == (2, 3)  # Cara's was late
    assert _rate(metrics.conferences_in_time(f)) == (1, 1)  # Ben's, within 15 working days
    assert metrics.assessments_in_time(f).description == (
        "2 of 3 assessments were authorised within 45 working days (66.7%)."
    )


@pytest.mark.django_db
def test_ret3_team_and_date_filters() -> None:
    p = build()
    screening = metrics.Filters(*YEAR_RANGE, team=p.other_team)
    assert sum(v for _, v in metrics.weekly_counts(screening)[0].bars) == 1
    assert _rate(metrics.conversion(screening)) == (0, 1)
    assert _rate(metrics.decisions_in_time(screening)) == (0, 0)
    no_decisions = "No decisions were made within one working day in this period."
    assert metrics.decisions_in_time(screening).description == no_decisions
    autumn = metrics.Filters(dt.date(2025, 9, 1), dt.date(2025, 12, 31))
    assert sum(v for _, v in metrics.weekly_counts(autumn)[0].bars) == 3
    assert _rate(metrics.re_referrals(autumn)) == (0, 1)  # Dev's first referral only


@pytest.mark.django_db
def test_ret3_svg_is_labelled_and_escapes_names() -> None:
    p = build()
    p.team.name = "<script>alert(1)</script>"
    p.team.save()
    chart = metrics.by_team(metrics.Filters(*YEAR_RANGE))[1]
    drawn = str(svg.render(chart))
    assert 'role="img"' in drawn and 'aria-labelledby="referrals-by-team-title referrals-by-team-desc"' in drawn
    assert '<title id="referrals-by-team-title">Referrals by team</title>' in drawn
    assert '<desc id="referrals-by-team-desc">6 referrals across 1 team.</desc>' in drawn
    assert "<script>" not in drawn and "&lt;script&gt;" in drawn
