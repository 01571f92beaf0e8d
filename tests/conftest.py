"""Shared fixtures: staff of every role, and a journey client that answers the standard form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.totp import next_code

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """The test database on SQLite without waiting for the disk: `synchronous=OFF` instead of the
    service's FULL. A test database is thrown away after the run, so what FULL protects (the last
    commits surviving a power cut) is not under test, and waiting for the disk at every commit cost
    each worker about ten seconds of migrations and every transactional test its commits.
    Processes a test starts (the worker, the mailbox) read the service's own settings."""
    from django.db import connections

    database = connections["default"].settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            **database["OPTIONS"],
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;",
        }


@pytest.fixture(autouse=True)
def quick_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """Tests make many accounts; PBKDF2 (the production hasher) would spend most of their time on it.
    Sign-in still checks a real password, through the same code path."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def confirmed_device(user: User) -> TOTPDevice:
    """The user's authenticator app, enrolled and confirmed (made if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def second_factor_code(username: str) -> str:
    """SEC-1 in tests: a real code for the user's authenticator (enrolled if need be), as their phone would show.
    Browser tests type it on the code page after the password (see `sign_in` in tests/browser)."""
    return next_code(confirmed_device(User.objects.get(username=username)))


@pytest.fixture(autouse=True)
def force_login_completes_the_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """SEC-1: every staff page needs a verified second factor. `Client.force_login` skips the sign-in
    pages, so here it also does what django_otp.login does after a right code: the session records
    the user's confirmed authenticator (a real device, enrolled if need be). The 2FA tests
    (tests/accounts) use the real pages instead."""
    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def generous_rate_limits(settings) -> None:  # type: ignore[no-untyped-def]
    """Every test sends from one address (127.0.0.1), and the cache the limits count in is a table
    that transactional tests do not empty, so the SEC-3 limits would trip across tests. The
    rate-limit tests (tests/security) set the limits they test."""
    settings.FRONTDOOR_RATELIMIT_PUBLIC_SEND = "100000/m"
    settings.FRONTDOOR_RATELIMIT_PUBLIC_UPLOAD = "100000/m"
    settings.FRONTDOOR_RATELIMIT_STATUS_LOOKUP = "100000/m"


@pytest.fixture(autouse=True)
def audit_checkpoints_per_test(settings, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Each test's audit checkpoints (SEC-6) in a file of its own, never the demo's var/audit-checkpoints.log
    (the environment too, for the workers and servers a test starts)."""
    settings.FRONTDOOR_AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.log")
    monkeypatch.setenv("FRONTDOOR_AUDIT_CHECKPOINT_FILE", settings.FRONTDOOR_AUDIT_CHECKPOINT_FILE)


#: A Wednesday morning in term, a working day with the hub and the front door open (Europe/London).
IN_OFFICE_HOURS = dt.datetime(2026, 11, 18, 11, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def office_hours() -> Iterator[None]:
    """For a test whose routing or wording depends on the front door being open: the clock is moved
    to IN_OFFICE_HOURS and keeps running from there, so the test passes whenever the suite runs (CI
    runs at night and at weekends too, when a contact sent now goes to the out-of-hours service)."""
    with time_machine.travel(IN_OFFICE_HOURS, tick=True):
        yield


@pytest.fixture(scope="session")
def worker_var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var/ of this test process's own: under pytest-xdist each worker has its own base
    temporary directory, so nothing one worker writes (returns exports, demo logins) is seen by
    another, and nothing a test writes lands in the developer's var/."""
    return tmp_path_factory.mktemp("var")


@pytest.fixture(autouse=True)
def per_worker_var_dir(settings, worker_var_dir: Path) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = worker_var_dir


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


# The figures tests print (inputs tried, requests made, pages checked, validator queries) are part
# of what a run shows: pytest captures them, so they are repeated at the end of every run.
_PRINTED: list[tuple[str, str]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed and report.capstdout.strip():
        _PRINTED.append((report.nodeid, report.capstdout.strip()))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _PRINTED:
        terminalreporter.section("figures the tests printed")
        for nodeid, text in _PRINTED:
            terminalreporter.write_line(nodeid)
            for line in text.splitlines():
                terminalreporter.write_line(f"    {line}")
