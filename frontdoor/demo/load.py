"""Demonstration data: a fictional council, its staff, and a few hundred fictional contacts.

Everything here is made up. The council is Northshire County Council (see
``frontdoor.policy.council``); its towns, streets, schools and people do not exist.
Postcodes use the area "NS", which is not a real UK postcode area; telephone numbers are
in Ofcom's ranges reserved for drama (01632 960xxx, 07700 900xxx); email addresses are
at the reserved example domains; NHS numbers are in the 999 range used for testing.

Contacts are made through ``frontdoor.intake.services.submit_contact``, exactly as the
public form and staff entry make them, so their routing, deadlines, audit entries and
outbox emails are real. Each contact comes from its own seeded ``random.Random``: the
same seed always gives the same contacts, whatever the count, and each contact's
submission key is derived from the seed and its number, so loading again adds nothing.

``load_demo`` is the entry point (``manage.py load_demo`` calls it). The parts: ``council``
(teams, logins), ``families``, ``concerns``, ``referrers`` and ``contacts`` (who contacts us
about whom and what), ``history`` (screening, decisions and the pathway since),
``person_index`` (families the council knew before) and ``information_requests``; the
channels' part (``channels``) is loaded by ``manage.py load_demo_channels``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import Team, User
from frontdoor.core.errors import Refused
from frontdoor.demo.allocation import allocate_demo_cases, settle_old_alerts
from frontdoor.demo.contacts import DEFAULT_CONTACTS, DEFAULT_SEED, DemoContact, contact_key, make_contact
from frontdoor.demo.council import STAFF, TEAMS, enrol_second_factors, make_teams, make_users
from frontdoor.demo.history import earlier_pathways, forget_sent_deliveries, settle_history, settle_screening
from frontdoor.demo.information_requests import load_requests
from frontdoor.demo.person_index import allocate_open_cases, index_people
from frontdoor.intake import services
from frontdoor.intake.models import Contact
from frontdoor.policy.active import active_config
from frontdoor.policy.calendar import is_open

# --- Loading -------------------------------------------------------------------------------------------


class DemoRefused(Refused):
    """The database looks like a real one: demo logins with a published password must not go there."""


@dataclass
class DemoResult:
    teams_created: int
    users_created: int
    contacts_created: int
    contacts_total: int
    already_loaded: bool
    # One created contact's reference and status code, to try the status page with (ACK-2).
    sample_status: tuple[str, str] | None = None
    scenarios: dict[str, int] = field(default_factory=dict)
    people_created: int = 0  # in the person index


def load_demo(
    contacts: int = DEFAULT_CONTACTS,
    *,
    seed: int = DEFAULT_SEED,
    now: dt.datetime | None = None,
    force: bool = False,
) -> DemoResult:
    """Load the demo council, its logins and ``contacts`` contacts. Does nothing if they are there.

    Refuses (``DemoRefused``) a database that has staff accounts but none of the demo's,
    that is a real one, unless ``force``.
    """
    now = now or timezone.now()
    keys = [contact_key(seed, n) for n in range(contacts)]
    usernames = [u.username for u in STAFF]
    with transaction.atomic():
        has_demo_users = User.objects.filter(username__in=usernames).exists()
        if not has_demo_users and User.objects.exists() and not force:
            raise DemoRefused(
                "This database already has staff accounts that are not the demo's, so it looks like a real one. "
                "Demo data (and logins with a published password) is only for a demonstration database."
            )
        existing = set(Contact.objects.filter(submission_key__in=keys).values_list("submission_key", flat=True))
        if (
            has_demo_users
            and len(existing) == len(keys)
            and Team.objects.filter(name__in=[name for name, _ in TEAMS]).count() == len(TEAMS)
        ):
            enrol_second_factors(list(User.objects.filter(username__in=usernames)))
            return DemoResult(0, 0, 0, len(existing), already_loaded=True)

        teams, teams_created = make_teams()
        users, users_created = make_users(teams)
        enrol_second_factors(list(users.values()))
    # The contacts' stories are told through the services, each command committing on its own
    # (they are durable: a command is never nested in another's transaction).
    made: list[tuple[Contact, DemoContact, int]] = []
    sample: tuple[str, str] | None = None
    scenarios: dict[str, int] = {}
    for number, key in enumerate(keys):
        if key in existing:
            continue
        demo = make_contact(seed, number, now)
        actor = None
        if demo.staff_entry:
            open_now = is_open(demo.draft.received_at, active_config().csc_hours)
            actor = users["cso"] if open_now else users["ooh"]
        submission = services.submit_contact(demo.draft, actor=actor)
        made.append((submission.contact, demo, number))
        scenarios[demo.scenario] = scenarios.get(demo.scenario, 0) + 1
        if sample is None and submission.status_secret and submission.contact.referrer_email:
            sample = (submission.contact.reference, submission.status_secret)
    settle_history(made, now, seed, users)
    people_created = index_people(made, now, seed, contacts)
    allocate_open_cases(made, users["socialworker"])
    settle_old_alerts(now)  # issue 15: the urgent alerts of the demo's history were sent long ago
    settle_screening(made, now, seed, users)
    load_requests(users, now)  # a few information requests in each state (issue 7)
    if made:
        earlier_pathways(now, users)
        allocate_demo_cases(users)  # issue 15: caseloads, workload and notifications to show
    forget_sent_deliveries()
    return DemoResult(
        teams_created,
        users_created,
        len(made),
        len(existing) + len(made),
        already_loaded=False,
        sample_status=sample,
        scenarios=scenarios,
        people_created=people_created,
    )
