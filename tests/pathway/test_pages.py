"""The pathway's staff pages (STA-1, TIM-2): reading, recording each step, refusals shown as errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.accounts.models import Role, User
from frontdoor.audit.models import AuditEntry
from frontdoor.pathway.models import Assessment, Conference, Episode, Section47, StrategyDiscussion
from tests.factories import manager, referral_with_child, social_worker, staff

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def test_sta1_the_episode_page_shows_every_step_with_dates_deadlines_and_sources(full_episode: Episode) -> None:
    worker = social_worker("reader")
    page = _client(worker).get(reverse("pathway:episode", args=[full_episode.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for text in (
        "Jayden Smith",
        "Schools (2A)",
        "Abuse or neglect",
        "DC Patel",
        "Start a Section 47 enquiry",
        "8 December 2026",  # initial conference due (15 working days)
        "23 February 2027",  # first review due (3 months)
        "Physical abuse",
        "Domestic abuse: a parent or carer (3B)",
        "Working Together to Safeguard Children 2023",
        "Letters to the family",
    ):
        assert text in html, text
    assert AuditEntry.objects.filter(action="episode.viewed", actor=worker).exists()


def test_sta1_a_customer_service_officer_reads_but_cannot_record(full_episode: Episode) -> None:
    officer = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    client = _client(officer)
    html = client.get(reverse("pathway:episode", args=[full_episode.pk])).content.decode()
    assert "Record the next step" not in html and "/sent/" not in html
    assert reverse("pathway:letter", args=[full_episode.pk, "section47"]) in html  # but reads the letters
    response = client.get(reverse("pathway:strategy", args=[full_episode.pk]))
    assert response.status_code == 403  # SEC-1: the permission matrix refuses the page
    assert "Your role does not give you access to this page" in response.content.decode()
    posted = client.post(
        reverse("pathway:strategy", args=[full_episode.pk]),
        {
            **_date("date", dt.date(2026, 11, 18)),
            "time": "10:00",
            "outcome": "nfa",
            "p1_name": "A",
            "p1_agency": "Police",
            "p2_name": "B",
            "p2_agency": "Health",
        },
    )
    assert posted.status_code == 403
    assert StrategyDiscussion.objects.filter(episode=full_episode).count() == 1


def test_sta1_pages_need_a_signed_in_member_of_staff(full_episode: Episode) -> None:
    response = Client().get(reverse("pathway:episode", args=[full_episode.pk]))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_sta1_recording_a_strategy_discussion_s47_and_conference_through_the_pages() -> None:
    _, episode = referral_with_child(outcome="strategy_discussion")
    worker = social_worker()
    client = _client(worker)
    url = reverse("pathway:strategy", args=[episode.pk])
    assert client.get(url).status_code == 200
    # Errors are GOV.UK messages; the answers are kept.
    bad = client.post(
        url,
        {
            **_date("date", dt.date(2026, 11, 17)),
            "time": "25:99",
            "outcome": "s47",
            "p1_name": "Sam",
            "p1_agency": "Social care",
        },
    )
    assert bad.status_code == 400
    assert "Enter the time as hours and minutes" in bad.content.decode() and 'value="Sam"' in bad.content.decode()
    one_agency = client.post(
        url,
        {
            **_date("date", dt.date(2026, 11, 17)),
            "time": "15:00",
            "outcome": "s47",
            "p1_name": "Sam",
            "p1_agency": "Social care",
        },
    )
    assert one_agency.status_code == 400 and "at least two agencies" in one_agency.content.decode()
    ok = client.post(
        url,
        {
            **_date("date", dt.date(2026, 11, 17)),
            "time": "15:00",
            "outcome": "s47",
            "p1_name": "Sam",
            "p1_agency": "Social care",
            "p2_name": "DC Patel",
            "p2_agency": "Police",
            "notes": "Joint visit.",
        },
    )
    assert ok.status_code == 302
    sd = StrategyDiscussion.objects.get(episode=episode)
    start = client.post(
        reverse("pathway:s47-start", args=[episode.pk]),
        {"strategy_discussion": str(sd.pk), **_date("started_on", dt.date(2026, 11, 17))},
    )
    assert start.status_code == 302
    s47 = Section47.objects.get(episode=episode)
    done = client.post(
        reverse("pathway:s47-complete", args=[episode.pk, s47.pk]),
        {"outcome": "substantiated_icpc", **_date("completed_on", dt.date(2026, 11, 20))},
    )
    assert done.status_code == 302
    conference_url = reverse("pathway:initial-conference", args=[episode.pk, s47.pk])
    assert "Due by 8 December 2026" in client.get(conference_url).content.decode()
    no_category = client.post(conference_url, {**_date("held_on", dt.date(2026, 11, 23)), "outcome": "plan"})
    assert no_category.status_code == 400 and "Select the category of abuse" in no_category.content.decode()
    held = client.post(
        conference_url, {**_date("held_on", dt.date(2026, 11, 23)), "outcome": "plan", "category": "NEG"}
    )
    assert held.status_code == 302
    assert Conference.objects.get(episode=episode).outcome == "plan"
    assert episode.cp_plans.get().initial_category == "NEG"


def test_sta1_assessment_pages_and_authorisation_only_by_another_manager() -> None:
    _, episode = referral_with_child()
    worker, boss = social_worker(), manager("boss2")
    client = _client(worker)
    start = reverse("pathway:assessment-start", args=[episode.pk])
    no_need = client.post(start, _date("started_on", dt.date(2026, 11, 17)))
    assert no_need.status_code == 400 and "primary need" in no_need.content.decode()
    assert client.post(start, {**_date("started_on", dt.date(2026, 11, 17)), "primary_need": "N3"}).status_code == 302
    assessment = Assessment.objects.get(episode=episode)
    future = client.post(
        reverse("pathway:child-seen", args=[episode.pk, assessment.pk]), _date("day", dt.date(2030, 1, 1))
    )
    assert future.status_code == 400
    assert (
        client.post(
            reverse("pathway:child-seen", args=[episode.pk, assessment.pk]), _date("day", dt.date(2026, 11, 18))
        ).status_code
        == 302
    )
    complete = reverse("pathway:assessment-complete", args=[episode.pk, assessment.pk])
    both = client.post(
        complete, {**_date("completed_on", dt.date(2026, 11, 20)), "factors": ["21", "4B"], "primary_need": "N3"}
    )
    assert both.status_code == 400 and "cannot be chosen with other factors" in both.content.decode()
    assert (
        client.post(
            complete, {**_date("completed_on", dt.date(2026, 11, 20)), "factors": ["4B"], "primary_need": "N3"}
        ).status_code
        == 302
    )
    authorise = reverse("pathway:assessment-authorise", args=[episode.pk, assessment.pk])
    assert client.get(authorise).status_code == 403  # SEC-1: a social worker is refused by the permission matrix
    assert _client(boss).post(authorise, _date("day", dt.date(2026, 11, 21))).status_code == 302
    assessment.refresh_from_db()
    assert assessment.authorised_by == boss and assessment.factors == ["4B"]


def test_sta1_close_page_names_what_is_still_open_then_closes_with_the_census_reason() -> None:
    _, episode = referral_with_child()
    worker = social_worker()
    client = _client(worker)
    client.post(
        reverse("pathway:assessment-start", args=[episode.pk]),
        {**_date("started_on", dt.date(2026, 11, 17)), "primary_need": "N4"},
    )
    url = reverse("pathway:close", args=[episode.pk])
    assert "an assessment is not completed" in client.get(url).content.decode()
    refused = client.post(url, {**_date("closed_on", dt.date(2026, 11, 20)), "reason": "RC7"})
    assert refused.status_code == 400 and "cannot close yet" in refused.content.decode()
    _, other = referral_with_child(received_at=dt.datetime(2026, 11, 18, 10, 0, tzinfo=dt.UTC), child="Mia")
    nfa = client.post(
        reverse("pathway:close", args=[other.pk]),
        {**_date("closed_on", dt.date(2026, 11, 18)), "reason": "RC7", "referral_nfa": "on"},
    )
    assert nfa.status_code == 302
    other.refresh_from_db()
    assert other.referral_nfa and other.closure_reason == "RC7"


def test_tim2_the_pathway_deadlines_page_lists_overdue_steps_with_their_rule(full_episode: Episode) -> None:
    html = _client(social_worker("reader")).get(reverse("pathway:deadlines")).content.decode()
    # Referred 17 November 2026, no review yet: nothing is overdue before 23 February 2027 except what is late.
    assert "Pathway deadlines" in html
    fresh, episode = referral_with_child(received_at=dt.datetime(2026, 10, 1, 10, 0, tzinfo=dt.UTC), child="Mia")
    html = _client(social_worker("reader2")).get(reverse("pathway:deadlines")).content.decode()
    assert "Child in need seen within 5 working days of the referral" in html and "Overdue" in html
    assert reverse("pathway:episode", args=[episode.pk]) in html


def test_sta1_the_referral_and_the_person_link_to_the_pathway(full_episode: Episode) -> None:
    client = _client(social_worker("reader"))
    referral = full_episode.referral
    assert referral is not None
    contact_page = client.get(reverse("screening:contact", args=[referral.contact.reference])).content.decode()
    assert reverse("pathway:referral", args=[referral.pk]) in contact_page
    assert reverse("screening:milestone", args=[referral.contact.reference, referral.pk]) not in contact_page
    referral_page = client.get(reverse("pathway:referral", args=[referral.pk])).content.decode()
    assert reverse("pathway:episode", args=[full_episode.pk]) in referral_page
    person_page = client.get(reverse("people:person", args=[full_episode.child_id])).content.decode()
    assert reverse("pathway:episode", args=[full_episode.pk]) in person_page


def test_ret1_census_details_page_saves_the_upn_ethnicity_and_disabilities(full_episode: Episode) -> None:
    from frontdoor.pathway.services import upn_check_letter

    client = _client(social_worker("reader"))
    url = reverse("pathway:child-details", args=[full_episode.pk])
    bad = client.post(url, {"upn": "NOT-A-UPN", "ethnicity": "WBRI"})
    assert bad.status_code == 400 and "right format" in bad.content.decode()
    upn = upn_check_letter("938261100012") + "938261100012"
    assert client.post(url, {"upn": upn, "ethnicity": "BAFR", "disabilities": ["NONE"]}).status_code == 302
    html = client.get(reverse("pathway:episode", args=[full_episode.pk])).content.decode()
    assert upn in html and "Black or Black British: African" in html
