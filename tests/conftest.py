"""Shared fixtures: staff of every role, and a journey client that answers the standard form."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdoor.accounts.models import Role, Team, User

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """Tests make many accounts; PBKDF2 (the production hasher) would spend most of their time on it.
    Sign-in still checks a real password, through the same code path."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def generous_rate_limits(settings) -> None:  # type: ignore[no-untyped-def]
    """Every test sends from one address (127.0.0.1), and the cache the limits count in is a table
    that transactional tests do not empty, so the SEC-3 limits would trip across tests. The
    rate-limit tests (tests/security) set the limits they test."""
    settings.FRONTDOOR_RATELIMIT_PUBLIC_SEND = "100000/m"
    settings.FRONTDOOR_RATELIMIT_PUBLIC_UPLOAD = "100000/m"
    settings.FRONTDOOR_RATELIMIT_STATUS_LOOKUP = "100000/m"


@pytest.fixture
def team(db: None) -> Team:
    return Team.objects.create(name="Customer Service Centre", kind=Team.Kind.CUSTOMER_SERVICE)


@pytest.fixture
def make_user(db: None, team: Team):  # type: ignore[no-untyped-def]
    def make(role: str = Role.CUSTOMER_SERVICE_OFFICER, username: str | None = None) -> User:
        return User.objects.create_user(
            username=username or f"{role}-user",
            password=PASSWORD,
            role=role,
            team=team,
            first_name="Sam",
            last_name=role.title(),
        )

    return make


@pytest.fixture
def officer(make_user) -> User:  # type: ignore[no-untyped-def]
    user: User = make_user(Role.CUSTOMER_SERVICE_OFFICER)
    return user


@pytest.fixture
def staff_client(officer: User) -> Client:
    client = Client()
    client.force_login(officer)
    return client
