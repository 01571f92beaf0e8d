"""SCR-1, INT-13, INT-14: the queues, their order, and claiming (atomic, releasable, reassignable)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.db import connection

from frontdoor.accounts.models import Role, Team
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Contact, ContactStatus, Priority
from frontdoor.people import services as people
from frontdoor.people.models import ContactPersonLink
from frontdoor.policy import routing
from frontdoor.screening import services
from frontdoor.screening.services import ScreeningRefused
from tests.arrivals import run_arrival_follow_ups
from tests.factories import IN_HOURS, JAYDEN, make_contact, manager, screener, staff

pytestmark = pytest.mark.django_db


def test_scr1_the_queue_puts_immediate_protection_first_then_the_decision_deadline() -> None:
    later = make_contact(received_at=IN_HOURS + dt.timedelta(hours=2))
    earlier = make_contact(received_at=IN_HOURS)
    danger = make_contact(received_at=IN_HOURS + dt.timedelta(hours=4), immediate_danger=True)
    assert danger.priority == Priority.IMMEDIATE and danger.queue == routing.Queue.FAST_TRACK
    assert list(services.general_queue(routing.Queue.SCREENING)) == [earlier, later]
    everything = services.queue_order(Contact.objects.all())
    assert list(everything) == [danger, earlier, later]


def test_int13_out_of_hours_contacts_are_in_the_out_of_hours_queue_with_their_team() -> None:
    Team.objects.create(name="Safeguarding Out of Hours Service", kind=Team.Kind.OUT_OF_HOURS)
    sunday = make_contact(received_at=dt.datetime(2026, 11, 22, 3, 0, tzinfo=IN_HOURS.tzinfo))
    assert sunday.queue == routing.Queue.OUT_OF_HOURS
    assert sunday.team is not None and sunday.team.kind == Team.Kind.OUT_OF_HOURS
    assert list(services.general_queue(routing.Queue.OUT_OF_HOURS)) == [sunday]
    assert list(services.general_queue(routing.Queue.SCREENING)) == []


def test_scr1_a_claim_is_held_by_one_screener_and_audited() -> None:
    contact = make_contact()
    tom, ann = screener("tom"), screener("ann")
    services.claim(contact, actor=tom)
    contact.refresh_from_db()
    assert contact.claimed_by == tom and contact.status == ContactStatus.SCREENING
    with pytest.raises(ScreeningRefused, match="Tom Test is already screening"):
        services.claim(contact, actor=ann)
    services.claim(contact, actor=tom)  # claiming your own again changes nothing
    assert AuditEntry.objects.filter(action="contact.claimed", object_id=str(contact.pk)).count() == 1
    assert list(services.my_list(actor=tom)) == [contact]
    assert list(services.my_list(actor=ann)) == []


def test_scr1_only_social_workers_with_delegated_authority_claim() -> None:
    contact = make_contact()
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    with pytest.raises(ScreeningRefused, match="delegated authority"):
        services.claim(contact, actor=cso)


def test_scr1_release_by_the_holder_or_a_manager_with_a_reason_and_reassign_by_a_manager() -> None:
    contact = make_contact()
    tom, ann, boss = screener("tom"), screener("ann"), manager("boss")
    services.claim(contact, actor=tom)
    with pytest.raises(ScreeningRefused, match="team manager"):
        services.release(contact, actor=ann)
    with pytest.raises(ScreeningRefused, match="why"):
        services.release(contact, actor=boss)
    services.release(contact, "Tom is off sick", actor=boss)
    contact.refresh_from_db()
    assert contact.claimed_by is None and contact.status == ContactStatus.NEW
    with pytest.raises(ScreeningRefused, match="team manager"):
        services.reassign(contact, ann, "swap", actor=tom)
    services.reassign(contact, ann, "Ann knows the family", actor=boss)
    contact.refresh_from_db()
    assert contact.claimed_by == ann and contact.status == ContactStatus.SCREENING
    entry = AuditEntry.objects.get(action="contact.reassigned")
    assert entry.reason == "Ann knows the family" and entry.detail["to"] == "ann"


def test_scr1_claim_next_takes_the_most_urgent_unclaimed_contact() -> None:
    first = make_contact(received_at=IN_HOURS)
    second = make_contact(received_at=IN_HOURS + dt.timedelta(hours=1))
    tom, ann = screener("tom"), screener("ann")
    assert services.claim_next(routing.Queue.SCREENING, actor=tom) == first
    assert services.claim_next(routing.Queue.SCREENING, actor=ann) == second
    assert services.claim_next(routing.Queue.SCREENING, actor=ann) is None


def test_int14_a_contact_about_a_child_with_an_open_case_goes_to_the_allocated_worker() -> None:
    worker = staff(Role.SOCIAL_WORKER, "priya", Team.objects.create(name="Assessment North", kind="assessment"))
    boss = staff(Role.TEAM_MANAGER, "owen", worker.team)
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
    contact = make_contact()  # describes Jayden with his NHS number and date of birth
    contact.refresh_from_db()
    assert contact.allocated_to is None  # not in the submitter's request any more (issue 13)...
    assert run_arrival_follow_ups() == 1  # ...but by the task worker, enqueued with the contact
    contact.refresh_from_db()
    assert contact.allocated_to == worker and contact.team == worker.team
    assert contact.routing[-1]["rule"] == "open_case"
    assert "§10" in contact.routing[-1]["source"] and "confirm the link" in contact.routing[-1]["reason"]
    assert not ContactPersonLink.objects.exists()  # PPL-3: nothing linked silently
    assert list(services.my_list(actor=worker)) == [contact]
    assert contact not in services.general_queue(contact.queue)
    assert list(services.my_list(actor=boss)) == []  # not urgent: the manager is not troubled
    urgent = make_contact(form_type="red", hub_advice="advised_red")
    run_arrival_follow_ups()
    urgent.refresh_from_db()
    assert urgent.allocated_to == worker
    assert list(services.my_list(actor=boss)) == [urgent]  # urgent: the team manager sees it too


def test_int14_linking_a_child_by_hand_routes_the_contact_to_the_allocated_worker() -> None:
    worker = staff(Role.SOCIAL_WORKER, "priya")
    born = dt.date(2016, 8, 20)
    mia = people.create_person(actor=None, given_name="Mia", surname="Smith", sex="female", date_of_birth=born)
    people.record_involvement(mia, actor=None, kind="cp_plan", start=dt.date(2026, 3, 1), allocated_worker=worker)
    contact = make_contact(people=[{**JAYDEN, "given_names": "Mia", "nhs_number": "", "date_of_birth": None}])
    contact.refresh_from_db()
    assert contact.allocated_to is None
    cp = contact.people.get()
    officer = screener("tom")
    people.link_contact_person(cp, mia, actor=officer)
    assert services.route_open_case_on_link(cp, actor=officer)
    contact.refresh_from_db()
    assert contact.allocated_to == worker
    assert "linked by a member of staff" in contact.routing[-1]["reason"]


def _claim_in_threads(contact_ids: list[int], claimers: list, per_thread) -> Counter:  # type: ignore[no-untyped-def,type-arg]
    wins: Counter[int] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(claimers))
    errors: list[BaseException] = []

    def run(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            for got in per_thread(user):
                with lock:
                    wins[got] += 1
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(u,)) for u in claimers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return wins


@pytest.mark.django_db(transaction=True)
def test_scr1_many_screeners_claiming_at_once_never_hold_one_contact_twice() -> None:
    """Real concurrent connections (threads), on SQLite and on PostgreSQL."""
    contacts = [make_contact(received_at=IN_HOURS + dt.timedelta(minutes=i)) for i in range(30)]
    screeners = [screener(f"s{i}") for i in range(8)]

    def claim_all(user):  # type: ignore[no-untyped-def]
        while (got := services.claim_next(routing.Queue.SCREENING, actor=user)) is not None:
            yield got.pk

    wins = _claim_in_threads([c.pk for c in contacts], screeners, claim_all)
    assert sorted(wins) == sorted(c.pk for c in contacts)  # every contact claimed...
    assert set(wins.values()) == {1}  # ...exactly once
    held = Contact.objects.values_list("claimed_by", flat=True)
    assert all(holder is not None for holder in held)
    claims = Counter(AuditEntry.objects.filter(action="contact.claimed").values_list("object_id", flat=True))
    assert set(claims.values()) == {1} and len(claims) == 30

    one = make_contact(received_at=IN_HOURS + dt.timedelta(hours=3))

    def claim_one(user):  # type: ignore[no-untyped-def]
        try:
            yield services.claim(one, actor=user).claimed_by_id
        except ScreeningRefused:
            return

    winners = _claim_in_threads([one.pk], screeners, claim_one)
    assert sum(winners.values()) == 1
    one.refresh_from_db()
    assert one.claimed_by_id in winners
