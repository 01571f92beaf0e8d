"""The demonstration's council (Northshire): its teams, one login for each staff role, and the
logins' second factor (SEC-1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts.models import Role, Team, User
from frontdoor.accounts.services import key_text

SIGN_IN_PATH = "/accounts/sign-in/"
# The same password for every demo login; it passes the project's password validators.
DEMO_PASSWORD = "Northshire-demo-2026"  # noqa: S105 - a published demo password, never a real one


# --- The council: teams and one login for each role ----------------------------------------------

TEAMS: tuple[tuple[str, str], ...] = (
    ("Customer Service Centre", Team.Kind.CUSTOMER_SERVICE),
    ("MASH screening team", Team.Kind.SCREENING),
    ("Assessment team North", Team.Kind.ASSESSMENT),
    ("Safeguarding Out of Hours Service", Team.Kind.OUT_OF_HOURS),
    ("Allegations (LADO)", Team.Kind.ALLEGATIONS),
    ("Data Protection Team", Team.Kind.DATA_PROTECTION),
    ("Administration", Team.Kind.ADMINISTRATION),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    team: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


STAFF: tuple[DemoUser, ...] = (
    DemoUser("cso", Role.CUSTOMER_SERVICE_OFFICER, "Jade", "Whitfield", "Customer Service Centre"),
    DemoUser("screener", Role.SCREENING_SOCIAL_WORKER, "Tomasz", "Nowak", "MASH screening team"),
    DemoUser("manager", Role.TEAM_MANAGER, "Grace", "Adeyemi", "MASH screening team"),
    DemoUser("socialworker", Role.SOCIAL_WORKER, "Priya", "Shah", "Assessment team North"),
    DemoUser("manager2", Role.TEAM_MANAGER, "Owen", "Price", "Assessment team North"),
    DemoUser("ooh", Role.OUT_OF_HOURS_WORKER, "Callum", "Reid", "Safeguarding Out of Hours Service"),
    # SEC-1: allegations against people who work with children are restricted to this team.
    DemoUser("lado", Role.SCREENING_SOCIAL_WORKER, "Ruth", "Okafor", "Allegations (LADO)"),
    DemoUser("ladomanager", Role.TEAM_MANAGER, "Helen", "Marsh", "Allegations (LADO)"),
    DemoUser("dpo", Role.DATA_PROTECTION_OFFICER, "Farah", "Hussain", "Data Protection Team"),
    DemoUser("admin", Role.ADMINISTRATOR, "Alex", "Morgan", "Administration"),
)


def sign_in_url() -> str:
    return f"{settings.PUBLIC_BASE_URL}{SIGN_IN_PATH}"


def logins_table() -> str:
    """The demo logins as a plain-text table, ready to print."""
    rows = [("Username", "Role", "Name", "Team")]
    rows += [(u.username, u.role_label, f"{u.first_name} {u.last_name}", u.team) for u in STAFF]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  " + "  ".join("-" * w for w in widths))
    return (
        f"Sign in at {sign_in_url()} with any of these demo logins.\n"
        f"The password of every one is: {DEMO_PASSWORD}\n"
        "(admin can also use the Django admin site at /admin/)\n\n" + "\n".join(lines) + second_factor_help()
    )


# --- The second factor of the demo logins (SEC-1) ---------------------------------------------------
#
# Every staff sign-in asks for a code from an authenticator app. So that a person trying the
# demonstration can sign in, load_demo enrols each demo login with an authenticator whose key
# is random for this database and printed here; `manage.py demo_code <username>` prints the
# code it would show now, and works for these demo devices only (by name), never for a real one.

DEMO_DEVICE_NAME = "Demo authenticator (load_demo)"


def enrol_second_factors(users: Sequence[User]) -> int:
    """Give each demo login a confirmed demo authenticator if it has none. Returns how many were made."""
    made = 0
    for user in users:
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=True)
            made += 1
    return made


def second_factor_help() -> str:
    usernames = [u.username for u in STAFF]
    found = TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME, confirmed=True, user__username__in=usernames)
    devices = {d.user.username: d for d in found.select_related("user")}
    if not devices:
        return ""
    keys = "\n".join(f"  {name.ljust(12)}  {key_text(devices[name])}" for name in usernames if name in devices)
    return (
        "\n\nAfter the password, Front Door asks for a code from an authenticator app. Either add a login's key\n"
        'below to an authenticator app ("enter a setup key", time based), or print its current code with\n'
        "  .venv/bin/python manage.py demo_code <username>\n\n" + keys
    )


def make_teams() -> tuple[dict[str, Team], int]:
    teams: dict[str, Team] = {}
    created = 0
    for name, kind in TEAMS:
        team, new = Team.objects.get_or_create(name=name, defaults={"kind": kind})
        teams[name] = team
        created += new
    return teams, created


def make_users(teams: dict[str, Team]) -> tuple[dict[str, User], int]:
    users: dict[str, User] = {}
    created = 0
    for spec in STAFF:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=f"{spec.first_name}.{spec.last_name}@example.org".lower(),
                role=spec.role,
                team=teams[spec.team],
                is_staff=spec.role == Role.ADMINISTRATOR,
                is_superuser=spec.role == Role.ADMINISTRATOR,
            )
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
            user.save()
            created += 1
        users[spec.username] = user
    return users, created
