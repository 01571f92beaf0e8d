"""Referrals with linked children, made through the real screening services, for pathway tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from frontdoor.accounts.models import Role, User
from frontdoor.pathway.models import Episode
from frontdoor.people import services as people
from frontdoor.people.models import Person
from frontdoor.policy.calendar import LONDON
from frontdoor.screening import services as screening
from frontdoor.screening.models import Referral
from tests.screening.factory import IN_HOURS, JAYDEN, make_contact, manager, proposed, screener, staff


def social_worker(username: str = "worker") -> User:
    return staff(Role.SOCIAL_WORKER, username)


def referral_with_child(
    *, received_at: dt.datetime = IN_HOURS, outcome: str = "assessment", by: User | None = None,
    boss: User | None = None, child: str = "Jayden", **extra: Any,
) -> tuple[Referral, Episode]:  # fmt: skip
    """A contact about a child (Jayden unless named), linked to their index record, decided as a
    referral by a manager."""
    by = by or User.objects.filter(username="screener").first() or screener()
    boss = boss or User.objects.filter(username="manager").first() or manager()
    jayden = Person.objects.filter(given_name=child).first() or people.create_person(
        actor=None, given_name=child, surname="Smith", sex="male", date_of_birth=dt.date(2019, 4, 3)
    )
    contact = make_contact(received_at=received_at, people=[{**JAYDEN, "given_names": child}])
    people.link_contact_person(contact.people.get(), jayden, actor=by)
    if outcome in ("strategy_discussion", "immediate_protection"):
        extra.setdefault("reasonable_cause", "Jayden has a burn the school saw; he says his stepfather did it.")
    screening.authorise(proposed(contact, by, outcome, **extra), actor=boss)
    referral = Referral.objects.get(contact=contact)
    # The decision was made an hour after the contact arrived, not when the test ran.
    screening.schedule_referral(referral, received_at + dt.timedelta(hours=1))
    referral.save()
    Episode.objects.filter(referral=referral).update(referral_date=referral.referred_at.astimezone(LONDON).date())
    episode = Episode.objects.filter(referral=referral).first()
    # A child with an open episode carries on in it (one open episode per child).
    return referral, episode or Episode.objects.get(child=jayden, closed_on__isnull=True)
