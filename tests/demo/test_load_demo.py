"""The demonstration data (scripts/run.sh): a fictional council, a login per role, contacts in every queue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from pytest_django.fixtures import Settings

from frontdoor.accounts.models import Role, Team, User
from frontdoor.audit.models import AuditEntry
from frontdoor.core.validation import normalise_nhs_number, normalise_postcode
from frontdoor.demo.contacts import DAYS, DEFAULT_SEED, make_contact
from frontdoor.demo.council import DEMO_PASSWORD
from frontdoor.demo.families import nhs_number
from frontdoor.demo.load import DemoRefused, DemoResult, load_demo
from frontdoor.intake.models import (
    Anonymity,
    Channel,
    Contact,
    ContactPerson,
    OutboundEmail,
    PersonRole,
    ReferrerType,
)
from frontdoor.policy import routing
from frontdoor.policy.active import active_config
from frontdoor.policy.calendar import is_open
from tests.conftest import second_factor_code

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 30, tzinfo=dt.UTC)  # a Friday: the last 60 days include no bank holiday
SMALL = 30


@pytest.fixture(scope="class")
def loaded(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoResult]:
    """The small demo, loaded once for the tests of `TestTheLoadedDemo` (loading it is most of their
    time) and committed; each test still runs in a transaction rolled back after it, so each sees the
    demo as loaded whatever the one before it did. Emptied after the class, as Django empties the
    database after a transactional test."""
    var = tmp_path_factory.mktemp("demo-var")
    with (
        django_db_blocker.unblock(),
        override_settings(  # as the function-scoped fixtures of tests/conftest.py set them for each test
            VAR_DIR=var,
            FRONTDOOR_AUDIT_CHECKPOINT_FILE=str(var / "audit-checkpoints.log"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        try:
            yield load_demo(SMALL, now=NOW)
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.mark.xdist_group("loaded-demo")
class TestTheLoadedDemo:
    """Tests that read the small demo (one load for them all: the `loaded` fixture)."""

    def test_one_login_for_each_role_in_its_team_with_the_published_password(self, loaded: DemoResult) -> None:
        users = {u.username: u for u in User.objects.select_related("team")}
        assert set(users) == {
            "cso",
            "screener",
            "socialworker",
            "manager",
            "manager2",
            "ooh",
            "lado",
            "ladomanager",
            "dpo",
            "admin",
        }
        assert users["lado"].team is not None and users["lado"].team.kind == Team.Kind.ALLEGATIONS  # SEC-1
        assert {u.role for u in users.values()} == set(Role.values)
        assert users["ooh"].team is not None and users["ooh"].team.kind == Team.Kind.OUT_OF_HOURS
        assert users["screener"].team is not None and users["screener"].team.name == "MASH screening team"
        assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
        assert users["admin"].is_staff and users["admin"].is_superuser
        assert not any(u.is_staff or u.is_superuser for name, u in users.items() if name != "admin")
        assert len(DEMO_PASSWORD) >= 12

    def test_the_council_has_every_kind_of_team(self, loaded: DemoResult) -> None:
        assert dict(Team.objects.values_list("name", "kind")) == {
            "Customer Service Centre": "customer_service",
            "MASH screening team": "screening",
            "Assessment team North": "assessment",
            "Safeguarding Out of Hours Service": "out_of_hours",
            "Allegations (LADO)": "allegations",
            "Data Protection Team": "data_protection",
            "Administration": "administration",
        }

    def test_contacts_fill_every_queue_and_each_has_a_child(self, loaded: DemoResult) -> None:
        assert loaded.contacts_created == SMALL and Contact.objects.count() == SMALL
        queues = set(Contact.objects.values_list("queue", flat=True))
        assert queues == set(routing.Queue.ALL) == {"screening", "fast_track", "out_of_hours", "returned", "lado"}
        for contact in Contact.objects.prefetch_related("people"):
            assert contact.children(), contact.reference
            assert contact.concern.strip()
            assert NOW - dt.timedelta(days=DAYS + 1) < contact.received_at < NOW
        returned = Contact.objects.filter(queue=routing.Queue.RETURNED)
        assert all(c.status == "returned" and c.form_type == "red" for c in returned)
        assert all(
            c.organisation_type in ("school", "early_years") and c.hub_advice == "not_consulted" for c in returned
        )
        assert all(c.immediate_danger for c in Contact.objects.filter(queue=routing.Queue.FAST_TRACK))
        assert all(c.allegation_against_worker for c in Contact.objects.filter(queue=routing.Queue.LADO))
        for contact in Contact.objects.filter(queue=routing.Queue.LADO):
            assert contact.people.filter(role=PersonRole.WORKER).exclude(occupation="").exists()
        for contact in Contact.objects.all():
            # Each contact's routing is the routing rules' own answer, with its source (DEC-7).
            assert contact.routing and contact.routing[0]["source"]

    def test_people_are_realistic_and_valid(self, loaded: DemoResult) -> None:
        load_demo(80, now=NOW)
        people = ContactPerson.objects.all()
        roles = set(people.values_list("role", flat=True))
        assert {PersonRole.CHILD, PersonRole.UNBORN, PersonRole.PARENT, PersonRole.WORKER} <= roles
        nhs = [p.nhs_number for p in people if p.nhs_number]
        assert nhs and all(n.startswith("999") and normalise_nhs_number(n) == n for n in nhs)
        postcodes = [p.postcode for p in people if p.postcode]
        assert postcodes and all(p.startswith("NS") and normalise_postcode(p) == p for p in postcodes)
        unborn = people.filter(role=PersonRole.UNBORN)
        assert unborn.exists() and all(p.expected_date and p.date_of_birth is None for p in unborn)
        assert all(p.expected_date > p.contact.received_at.date() for p in unborn if p.expected_date)
        unnamed = people.filter(role=PersonRole.CHILD, given_names="", family_name="")
        assert unnamed.exists() and all(p.description and p.age_description for p in unnamed)
        for child in people.filter(role=PersonRole.CHILD).exclude(date_of_birth=None):
            assert child.date_of_birth is not None
            assert 0 <= (child.contact.received_at.date() - child.date_of_birth).days < 18 * 366
        emails = set(Contact.objects.exclude(referrer_email="").values_list("referrer_email", flat=True))
        assert emails and all(e.rsplit("@", 1)[1] in {"example.org", "example.com", "example.net"} for e in emails)

    def test_deadlines_acknowledgements_and_written_confirmation_are_real(self, loaded: DemoResult) -> None:
        load_demo(120, now=NOW)
        phoned = Contact.objects.filter(channel=Channel.PHONE, referrer_type=ReferrerType.PROFESSIONAL)
        assert phoned.exists()
        for contact in phoned:
            assert contact.written_confirmation_due_at == contact.received_at + dt.timedelta(hours=24)
        assert (
            not Contact.objects.exclude(channel=Channel.PHONE)
            .filter(written_confirmation_due_at__isnull=False)
            .exists()
        )
        for contact in Contact.objects.all():
            assert contact.received_at < contact.decision_due_at <= contact.received_at + dt.timedelta(days=5)
        day_ago = NOW - dt.timedelta(days=1)
        old_with_email = Contact.objects.filter(received_at__lt=day_ago).exclude(referrer_email="")
        assert old_with_email.exists()
        assert not old_with_email.filter(acknowledged_at__isnull=True).exists()
        assert not OutboundEmail.objects.filter(contact__received_at__lt=day_ago).exclude(status="sent").exists()
        # The acknowledgements of the last day wait in the outbox for the worker, like real ones.
        recent = OutboundEmail.objects.filter(contact__received_at__gte=day_ago, kind="acknowledgement")
        assert recent.exists() and set(recent.values_list("status", flat=True)) == {"pending"}
        assert AuditEntry.objects.filter(action="contact.created").count() == Contact.objects.count()
        assert AuditEntry.objects.filter(action="contact.acknowledged").count() == (
            Contact.objects.filter(acknowledged_at__isnull=False).count()
        )

    def test_loading_again_adds_nothing(self, loaded: DemoResult) -> None:
        counts = [m.objects.count() for m in (Team, User, Contact, ContactPerson, OutboundEmail, AuditEntry)]
        again = load_demo(SMALL, now=NOW + dt.timedelta(days=3))
        assert again.already_loaded and again.contacts_created == 0 and again.contacts_total == SMALL
        assert [m.objects.count() for m in (Team, User, Contact, ContactPerson, OutboundEmail, AuditEntry)] == counts

    def test_a_demo_login_signs_in_and_sees_the_demo_contacts(self, loaded: DemoResult) -> None:
        client = Client()
        response = client.post("/accounts/sign-in/", {"username": "screener", "password": DEMO_PASSWORD})
        assert response.status_code == 302 and response["Location"] == "/accounts/sign-in/code/?next=%2Fstaff%2F"
        response = client.post(response["Location"], {"code": second_factor_code("screener"), "next": "/staff/"})
        assert response.status_code == 302 and response["Location"] == "/staff/"  # SEC-1: the demo authenticator's code
        page = client.get("/staff/").content.decode()
        first_due = Contact.objects.order_by("decision_due_at").first()
        assert first_due is not None and first_due.reference in page
        contact = Contact.objects.filter(queue=routing.Queue.LADO).first()
        assert contact is not None
        # SEC-1: an allegation is restricted to the allegations (LADO) team; the MASH screener sees
        # that it exists, and the demo's LADO worker reads it.
        assert client.get(f"/staff/contacts/{contact.reference}/").status_code == 403
        lado = Client()
        lado.force_login(User.objects.get(username="lado"))  # password and second factor: tests/accounts
        html = lado.get(f"/staff/contacts/{contact.reference}/").content.decode()
        assert "Allegation against someone who works with children" in html

    def test_scr1_dec1_older_demo_contacts_were_screened_and_decided_through_the_services(
        self, loaded: DemoResult
    ) -> None:
        from frontdoor.screening.models import Decision, DecisionStatus

        decided = Contact.objects.filter(status="decided")
        assert decided.exists()
        for contact in decided:
            decision = Decision.objects.get(contact=contact, status=DecisionStatus.AUTHORISED)
            assert decision.reviewed_by != decision.proposed_by  # DEC-1, even in the demo
            assert contact.decided_at is not None and contact.decided_at >= contact.received_at
        assert AuditEntry.objects.filter(action="decision.authorised").count() == decided.count()
        assert Contact.objects.filter(status__in=["new", "screening", "awaiting_authorisation"]).exists()

    def test_issue15_the_demo_has_allocated_cases_for_socialworker_and_a_lado_team_with_a_manager(
        self, loaded: DemoResult
    ) -> None:
        from frontdoor.pathway.models import Episode
        from frontdoor.workbench import services as workbench

        worker = User.objects.get(username="socialworker")
        mine = Episode.objects.filter(allocated_worker=worker, closed_on__isnull=True)
        assert mine.exists()
        assert workbench.caseload(worker, viewer=worker)
        assert workbench.notifications_for(worker).filter(kind="allocated").count() == mine.count()
        lado_manager = User.objects.get(username="ladomanager")
        assert lado_manager.role == Role.TEAM_MANAGER and lado_manager.team is not None
        assert lado_manager.team.kind == Team.Kind.ALLEGATIONS


def test_the_demo_covers_channels_referrers_and_anonymity() -> None:
    load_demo(120, now=NOW)
    # Partner systems' contacts (the API, issue 8) are loaded by `load_demo_channels`, not here.
    assert set(Contact.objects.values_list("channel", flat=True)) == set(Channel.values) - {Channel.API}
    assert set(Contact.objects.values_list("referrer_type", flat=True)) == set(ReferrerType.values)
    assert set(Contact.objects.values_list("anonymity", flat=True)) == set(Anonymity.values)
    assert not Contact.objects.filter(referrer_type=ReferrerType.PROFESSIONAL).exclude(anonymity="named").exists()
    assert Contact.objects.filter(anonymity=Anonymity.ANONYMOUS, referrer_name="").exists()
    out_of_hours = Contact.objects.filter(queue=routing.Queue.OUT_OF_HOURS)
    assert out_of_hours.exists()
    hours = active_config().csc_hours
    assert not any(is_open(c.received_at, hours) for c in out_of_hours)
    assert all(is_open(c.received_at, hours) for c in Contact.objects.filter(queue=routing.Queue.FAST_TRACK))
    # Online contacts are the public's own; every other channel was entered by a member of staff.
    assert not Contact.objects.filter(channel=Channel.ONLINE, recorded_by__isnull=False).exists()
    assert not Contact.objects.exclude(channel=Channel.ONLINE).filter(recorded_by__isnull=True).exists()


def test_the_same_seed_makes_the_same_contacts_and_another_seed_others() -> None:
    first = make_contact(DEFAULT_SEED, 7, NOW).draft
    second = make_contact(DEFAULT_SEED, 7, NOW).draft
    other = make_contact(DEFAULT_SEED + 1, 7, NOW).draft
    assert (first.submission_key, first.received_at, first.fields, first.people) == (
        second.submission_key,
        second.received_at,
        second.fields,
        second.people,
    )
    assert other.submission_key != first.submission_key and other.fields["concern"] != first.fields["concern"]


def test_nhs_numbers_pass_the_modulus_11_check() -> None:
    import random

    rng = random.Random(1)  # noqa: S311
    numbers = {nhs_number(rng) for _ in range(200)}
    assert len(numbers) == 200 and all(normalise_nhs_number(n) == n for n in numbers)


def test_a_real_database_is_refused() -> None:
    User.objects.create_user("j.bloggs", password="a real person's password")
    with pytest.raises(DemoRefused):
        load_demo(3, now=NOW)
    assert not Contact.objects.exists() and not User.objects.filter(username="admin").exists()


def test_the_command_prints_the_logins_and_keeps_them_in_var(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.VAR_DIR = tmp_path
    call_command("load_demo", contacts=4)
    out = capsys.readouterr().out
    assert "4 contacts created" in out
    assert "http://127.0.0.1:8000/accounts/sign-in/" in out and DEMO_PASSWORD in out
    for username in ("cso", "screener", "manager", "ooh", "dpo", "admin"):
        assert f"\n  {username} " in out
    saved = (tmp_path / "demo-logins.txt").read_text()
    assert DEMO_PASSWORD in saved and "status code" in saved
    call_command("load_demo", contacts=4)
    assert "loaded already" in capsys.readouterr().out
    assert Contact.objects.count() == 4
