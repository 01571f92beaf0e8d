"""TIM-2, TIM-3 (deadlines of contacts and referrals, the daily check) and CON-1..CON-3."""

from __future__ import annotations

import datetime as dt

import pytest

from frontdoor.accounts.models import Team
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import OutboundEmail
from frontdoor.policy.calendar import LONDON
from frontdoor.screening import services
from frontdoor.screening.models import Basis, DeadlineFlag, Referral
from frontdoor.sharing import services as sharing
from frontdoor.sharing.models import AgencyEnquiry
from tests.factories import make_contact, manager, proposed, screened, screener

pytestmark = pytest.mark.django_db


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("received", "decision_due"),
    [
        (at(2026, 11, 20, 10), at(2026, 11, 23, 10)),  # Friday -> Monday
        (at(2027, 3, 25, 15), at(2027, 3, 30, 15)),  # Thursday before Easter -> Tuesday after Easter Monday
        (at(2026, 12, 24, 9), at(2026, 12, 29, 9)),  # Christmas Eve -> after Christmas and Boxing Day (observed 28th)
    ],
)
def test_tim2_the_decision_is_due_one_working_day_after_receipt(
    received: dt.datetime, decision_due: dt.datetime
) -> None:
    contact = make_contact(received_at=received)
    assert contact.decision_due_at == decision_due


def test_tim2_a_referrals_deadlines_child_seen_in_5_assessment_in_45_working_days_strategy_in_24_hours() -> None:
    tom, boss = screener(), manager()
    contact = make_contact(received_at=at(2026, 12, 21, 9))
    services.authorise(proposed(contact, tom, "assessment"), actor=boss)
    referral = Referral.objects.get()
    referred = referral.referred_at.astimezone(LONDON)
    # Five working days, skipping Christmas Day, Boxing Day (observed Monday 28th) and the weekend.
    assert referral.child_seen_due_at is not None and referral.assessment_due_at is not None
    seen = referral.child_seen_due_at.astimezone(LONDON)
    assert (seen - referred).days >= 7
    assert seen.weekday() < 5
    assert referral.assessment_due_at > referral.child_seen_due_at
    other = make_contact(received_at=at(2026, 12, 21, 9, 30))
    services.authorise(
        proposed(other, tom, "immediate_protection", reasonable_cause="Child locked out overnight."), actor=boss
    )
    urgent = Referral.objects.get(contact=other)
    assert urgent.strategy_due_at == urgent.referred_at + dt.timedelta(hours=24)


def test_tim3_due_and_overdue_deadlines_are_listed_by_team_and_flagged_once_by_the_daily_check() -> None:
    mash = Team.objects.create(name="MASH screening team", kind=Team.Kind.SCREENING)
    boss = manager()  # in the MASH team (factory)
    overdue = make_contact(received_at=at(2026, 11, 16, 9))  # Monday: decision due Tuesday 09:00
    soon = make_contact(received_at=at(2026, 11, 17, 9))  # due Wednesday 09:00
    later = make_contact(received_at=at(2026, 11, 20, 9))  # due Monday 23rd
    now = at(2026, 11, 17, 12)
    items = services.due_items(now=now)
    states = {(i.contact.reference, i.rule_id): i.state for i in items}
    assert states[(overdue.reference, "decision")] == "overdue"
    assert states[(soon.reference, "decision")] == "due_next_working_day"
    assert (later.reference, "decision") not in states
    assert [i.rule_id for i in items][0] == "decision" and items[0].contact == overdue  # overdue first
    assert {i.contact.team for i in services.due_items(team=mash, now=now)} == {mash}
    first = services.check_deadlines(now=now)
    assert first >= 2
    assert services.check_deadlines(now=now) == 0  # flagged once
    assert DeadlineFlag.objects.filter(object_id=overdue.pk, state="overdue").exists()
    digest = OutboundEmail.objects.get(kind=OutboundEmail.Kind.DEADLINE_DIGEST)
    assert digest.to == boss.email and overdue.reference in digest.body and "overdue" in digest.body


def test_con1_con3_no_enquiry_to_another_agency_before_s47_without_consent_or_authorisation() -> None:
    tom, boss = screener(), manager()
    contact = make_contact()
    screened(contact, tom, parental_knowledge="not_informed", not_informed_ground="evidence")
    with pytest.raises(sharing.SharingRefused, match="cannot ask other agencies"):
        sharing.request_information(
            contact,
            actor=tom,
            agency_type="gp",
            agency_name="Elm Road Surgery",
            question="Is Jayden registered and seen recently?",
        )
    assert not AgencyEnquiry.objects.exists()
    assert AuditEntry.objects.filter(action="sharing.enquiry_refused").exists()  # the attempt is kept
    # CON-2: only a team manager authorises sharing without the parents' knowledge, with reasons.
    with pytest.raises(sharing.SharingRefused, match="team manager"):
        sharing.authorise_without_notice(contact, "Evidence could be lost", actor=tom)
    with pytest.raises(sharing.SharingRefused, match="reasons"):
        sharing.authorise_without_notice(contact, "", actor=boss)
    sharing.authorise_without_notice(contact, "Telling the father may lead him to destroy the phone.", actor=boss)
    enquiry = sharing.request_information(
        contact,
        actor=tom,
        agency_type="gp",
        agency_name="Elm Road Surgery",
        question="Is Jayden registered and seen recently?",
    )
    assert enquiry.basis == Basis.AUTHORISED


def test_con3_recorded_consent_or_a_started_s47_allows_an_enquiry() -> None:
    tom = screener()
    agreed = make_contact()
    screened(agreed, tom)  # parents informed and agreed
    assert services.basis_for_enquiry(agreed) == Basis.CONSENT
    told_only = make_contact()
    screened(told_only, tom, parental_knowledge="informed_only")
    assert services.basis_for_enquiry(told_only) is None
    boss = manager()
    secret = make_contact()
    screened(secret, tom, parental_knowledge="not_informed", not_informed_ground="behavioural_risk")
    decision = services.propose_decision(
        secret,
        actor=tom,
        outcome="strategy_discussion",
        reasons="x",
        reasonable_cause="A fresh burn the child says his stepfather caused.",
    )
    services.authorise(decision, actor=boss)
    referral = Referral.objects.get()
    assert services.basis_for_enquiry(referral.contact) is None  # a strategy decision is not yet an s47 enquiry
    Referral.objects.filter(pk=referral.pk).update(s47_started_at=referral.referred_at)
    assert services.basis_for_enquiry(referral.contact) == Basis.SECTION_47


def test_tim2_a_met_deadline_is_recorded_on_the_referral_and_is_no_longer_due() -> None:
    from django.test import Client

    tom, boss = screener(), manager()
    contact = make_contact(received_at=at(2026, 11, 16, 9))
    services.authorise(proposed(contact, tom, "assessment"), actor=boss)
    Referral.objects.update(referred_at=dt.datetime.now(tz=LONDON) - dt.timedelta(hours=2))
    referral = Referral.objects.get()
    far = referral.referred_at + dt.timedelta(days=80)
    assert {i.rule_id for i in services.due_items(now=far) if i.referral} == {"child_seen", "assessment"}
    client = Client()
    client.force_login(tom)
    url = f"/staff/screening/{contact.reference}/referrals/{referral.pk}/"
    page = client.post(
        url, {"milestone": "child_seen_at", "date-day": "1", "date-month": "1", "date-year": "2020", "time": "10:00"}
    )
    assert page.status_code == 400 and "after the referral was made" in page.content.decode()
    page = client.post(
        url, {"milestone": "child_seen_at", "date-day": "1", "date-month": "1", "date-year": "2020", "time": "25:99"}
    )
    assert page.status_code == 400 and "for example 14:30" in page.content.decode()
    seen = referral.referred_at.astimezone(LONDON) + dt.timedelta(minutes=5)
    done = client.post(
        url,
        {
            "milestone": "child_seen_at",
            "date-day": str(seen.day),
            "date-month": str(seen.month),
            "date-year": str(seen.year),
            "time": f"{seen:%H:%M}",
        },
    )
    assert done.status_code == 302
    referral.refresh_from_db()
    assert referral.child_seen_at is not None
    assert {i.rule_id for i in services.due_items(now=far) if i.referral} == {"assessment"}
    assert AuditEntry.objects.filter(action="referral.milestone_recorded").exists()
