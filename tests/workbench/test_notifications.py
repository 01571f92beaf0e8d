"""Alerts and notifications (issue 15 part 4): an immediate-protection contact, or an urgent contact
about a child whose case is open, tells the duty manager and the allocated worker at once (in the
app and by email through the outbox); proposals sent back and authorised, cases allocated and
deadlines due tomorrow are notifications; each respects the visibility rule (SEC-1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.access import services as access
from frontdoor.accounts.models import Role, Team
from frontdoor.intake.models import Contact, OutboundEmail
from frontdoor.pathway import services as pathway
from frontdoor.people import services as people
from frontdoor.screening import services as screening
from frontdoor.workbench import services
from frontdoor.workbench.models import Notification, NotificationKind
from tests.arrivals import run_arrival_follow_ups
from tests.factories import make_contact, manager, proposed, referral_with_child, screener, social_worker, staff

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(services.notifications_for(user).values_list("kind", flat=True))


def test_issue15_an_immediate_protection_contact_alerts_the_duty_manager_at_once_by_email_and_in_the_app() -> None:
    duty = manager("duty")
    contact = make_contact(immediate_danger=True)
    assert Contact.objects.get(pk=contact.pk).priority == 0
    run_arrival_follow_ups()
    assert _kinds(duty) == [NotificationKind.URGENT_CONTACT]
    email = OutboundEmail.objects.get(kind=OutboundEmail.Kind.URGENT_ALERT)
    assert email.to == duty.email and contact.reference in email.subject
    assert "urgent contact needs you now" in email.body and contact.reference in email.body
    assert "child may need protecting now" in services.notifications_for(duty).get().text
    # Safe to run twice: one notification, one email.
    run_arrival_follow_ups()
    services.alert_urgent_contact(contact, [duty], why="again")
    assert Notification.objects.count() == 1 and OutboundEmail.objects.filter(kind="urgent_alert").count() == 1


def test_int14_issue15_an_urgent_contact_about_an_allocated_child_alerts_the_worker_and_their_manager() -> None:
    team = Team.objects.create(name="Assessment North", kind="assessment")
    worker = staff(Role.SOCIAL_WORKER, "priya", team)
    boss = staff(Role.TEAM_MANAGER, "owen", team)
    jayden = people.create_person(
        actor=None,
        given_name="Jayden",
        surname="Smith",
        sex="male",
        date_of_birth=dt.date(2019, 4, 3),
        nhs_number="9434765919",
        postcode="NS1 2AB",
    )
    people.record_involvement(jayden, actor=None, kind="cin_plan", start=dt.date(2026, 1, 5), allocated_worker=worker)
    calm = make_contact()
    run_arrival_follow_ups()
    assert _kinds(worker) == [NotificationKind.NEW_CONTACT] and _kinds(boss) == []
    assert not OutboundEmail.objects.filter(kind="urgent_alert").exists()
    urgent = make_contact(form_type="red", hub_advice="advised_red")
    run_arrival_follow_ups()
    assert set(_kinds(worker)) == {NotificationKind.NEW_CONTACT, NotificationKind.URGENT_CONTACT}
    assert _kinds(boss) == [NotificationKind.URGENT_CONTACT]
    told = set(OutboundEmail.objects.filter(kind="urgent_alert").values_list("to", flat=True))
    assert told == {worker.email, boss.email}
    new = services.notifications_for(worker).get(key=f"new-contact:{calm.reference}")
    assert new.href == reverse("screening:contact", args=[calm.reference]) and "Jayden" in new.text
    assert urgent.reference in services.notifications_for(boss).get().text


def test_issue15_the_proposer_is_told_when_a_proposal_is_sent_back_and_when_it_is_authorised() -> None:
    tom, boss = screener("tom"), manager("boss")
    contact = make_contact()
    decision = proposed(contact, tom)
    screening.send_back(decision, "Say more about the home", actor=boss)
    assert _kinds(tom) == [NotificationKind.SENT_BACK]
    again = screening.propose_decision(contact, actor=tom, outcome="assessment", reasons="Needs assessing now.")
    screening.authorise(again, actor=boss)
    assert _kinds(tom) == [NotificationKind.AUTHORISED, NotificationKind.SENT_BACK]
    latest = services.notifications_for(tom).first()
    assert latest is not None and latest.href == reverse("screening:contact", args=[contact.reference])


def test_issue15_allocation_tells_the_worker_and_a_deadline_due_tomorrow_is_told_once() -> None:
    _, episode = referral_with_child()
    worker = social_worker()
    pathway.allocate(episode, actor=manager("boss"), worker=worker)
    note = services.notifications_for(worker).get()
    assert note.kind == NotificationKind.ALLOCATED and "Jayden" in note.text
    assert note.href == reverse("pathway:episode", args=[episode.pk])
    # The referral was on Tuesday 17 November 2026: the child is to be seen within working days.
    deadlines = [d for d in pathway.episode_deadlines(episode) if d.done_on is None]
    due = min(d.due_on for d in deadlines)
    the_day_before = dt.datetime.combine(due - dt.timedelta(days=1), dt.time(9, 0), tzinfo=dt.UTC)
    assert services.notify_deadlines_due_tomorrow(now=the_day_before) >= 1
    services.notify_deadlines_due_tomorrow(now=the_day_before)
    assert services.notifications_for(worker).filter(kind=NotificationKind.DEADLINE).count() >= 1
    keys = list(Notification.objects.filter(kind=NotificationKind.DEADLINE).values_list("key", flat=True))
    assert len(keys) == len(set(keys))


def test_sec1_issue15_a_restricted_records_notification_only_reaches_those_who_may_read_it() -> None:
    _, episode = referral_with_child()
    worker, named = social_worker(), manager("named")
    pathway.allocate(episode, actor=manager("boss"), worker=worker)
    assert services.unread_count(worker) == 1
    access.restrict(episode.child, "The family of a member of staff", actor=named)
    # Made before the restriction: no longer shown, nor counted by the bell.
    assert services.unread_count(worker) == 0 and not services.notifications_for(worker).exists()
    # Made after it: never made for someone who may not read the record.
    assert (
        services.notify(worker, kind=NotificationKind.DEADLINE, text="x", href="/", key="k", person=episode.child)
        is None
    )
    assert (
        services.notify(named, kind=NotificationKind.DEADLINE, text="x", href="/", key="k", person=episode.child)
        is not None
    )


def test_issue15_the_bell_counts_unread_and_the_page_marks_them_read() -> None:
    _, episode = referral_with_child()
    worker = social_worker()
    pathway.allocate(episode, actor=manager("boss"), worker=worker)
    client = Client()
    client.force_login(worker)
    page = client.get(reverse("workbench:notifications")).content.decode()
    assert "fd-bell-count" in page and '1<span class="govuk-visually-hidden"> unread</span>' in page
    assert "allocated Jayden Smith&#39;s case to you" in page
    one = services.notifications_for(worker).get()
    assert client.post(reverse("workbench:notifications-read"), {"notification": one.pk}).status_code == 302
    assert services.unread_count(worker) == 0
    page = client.get(reverse("workbench:notifications")).content.decode()
    assert "fd-bell-count" not in page and "Nothing unread" in page
    # Another's notification cannot be marked read by me.
    other = social_worker("other")
    pathway.allocate(episode, actor=manager("boss2"), worker=other, reason="Priya is away")
    client.post(reverse("workbench:notifications-read"))
    assert services.unread_count(other) == 1


def test_inf1_issue15_a_request_about_a_child_whose_case_is_open_tells_the_allocated_worker() -> None:
    from tests.factories import routed

    worker = social_worker("priya")
    jayden = people.create_person(actor=None, given_name="Jayden", surname="Smith", date_of_birth=dt.date(2019, 4, 3))
    people.record_involvement(jayden, actor=None, kind="cin_plan", start=dt.date(2026, 1, 5), allocated_worker=worker)
    request = routed(staff(Role.CUSTOMER_SERVICE_OFFICER, "jade"), jayden)
    assert request.allocated_to == worker
    note = services.notifications_for(worker).get()
    assert note.kind == NotificationKind.NEW_CONTACT and note.href == reverse(
        "requests:request", args=[request.reference]
    )
    assert "whose case is yours" in note.text
