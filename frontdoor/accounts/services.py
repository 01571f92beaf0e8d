"""Staff accounts (SEC-1, SEC-6): the second factor and lock-out (enrol, reset, unlock), and the
administrator's changes to accounts (create, role and team, activation). Each change is
atomic and written to the audit chain in the same transaction, with who, what and why.

The second factor is a TOTP authenticator app (django-otp's TOTPDevice) with a set of
single-use backup codes (a StaticDevice) shown once when the app is enrolled.
Failed sign-ins are counted and locked out by django-axes (settings.AXES_*).
"""

from __future__ import annotations

import datetime as dt
import secrets
from base64 import b32encode
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts.models import Role, Team, User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core.errors import Refused

APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODES = 8


class AccountError(Refused):
    """An account change that cannot be carried out; the message is for the person asking."""


class SecondFactorError(AccountError):
    """A second-factor request that cannot be carried out; the message is for the user."""


def is_administrator(user: User) -> bool:
    """An active administrator (the role, or a superuser, as the permission matrix counts them)."""
    return bool(user.is_active and (user.role == Role.ADMINISTRATOR or user.is_superuser))


def _administrators() -> QuerySet[User]:
    return User.objects.filter(Q(role=Role.ADMINISTRATOR) | Q(is_superuser=True), is_active=True)


def _check_administrator(admin: User, doing: str) -> None:
    if not is_administrator(admin):
        raise AccountError(f"Only an administrator can {doing}")


def _check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise AccountError("Enter why you are making this change")
    return reason


def _lock_accounts(admin: User, user: User) -> tuple[User, User]:
    """Lock (in one order, so two changes cannot deadlock) the active administrators and the two
    accounts, and check again, on the rows as they are now, that the actor is an administrator."""
    rows = {
        row.pk: row
        for row in User.objects.select_for_update()
        .filter(Q(pk__in=[admin.pk, user.pk]) | Q(pk__in=_administrators().values("pk")))
        .order_by("pk")
    }
    actor, target = rows[admin.pk], rows[user.pk]
    _check_administrator(actor, "change an account")
    return actor, target


def _keeps_an_administrator(user: User) -> None:
    """Refuse a change that would leave no active administrator. Called with the administrators
    locked (``_lock_accounts``), so two administrators cannot remove each other at the same moment."""
    if not _administrators().exclude(pk=user.pk).exists():
        raise AccountError("This is the last active administrator. Make someone else an administrator first")


def has_second_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (one per user, kept across page loads)."""
    with transaction.atomic(durable=True):
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
        return device


def key_text(device: TOTPDevice) -> str:
    """The secret key in base32, in groups of four, as authenticator apps ask for it when typed."""
    key = b32encode(bytes(device.bin_key)).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def confirm_enrolment(user: User, device: TOTPDevice, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the authenticator with a code it shows: the device and fresh backup codes, or None if wrong."""
    with transaction.atomic(durable=True):
        locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        if locked is None:
            raise SecondFactorError("Your authenticator app is already set up. Sign in with a code from it")
        if not locked.verify_token("".join(code.split())):
            return None
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
        codes = _new_backup_codes(user)
        audit.record(user, Action.ACCOUNT_SECOND_FACTOR_ENROLLED, user, backup_codes=len(codes))
        return locked, codes


def _new_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < BACKUP_CODES:
        code = str(StaticToken.random_token())
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=code) for code in codes])
    return codes


def verify_code(user: User, code: str) -> Any:
    """The confirmed device (authenticator or backup codes) that accepts `code`, or None.

    django-otp throttles each device: every wrong code doubles the wait before the next try.
    A backup code is used up; using one is audited with how many are left.
    """
    code = "".join(code.split()).lower()
    if not code:
        return None
    with transaction.atomic(durable=True):
        if code.isdigit() and len(code) == 6:
            app = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            if app is not None and app.verify_token(code):
                return app
            return None
        backup = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if backup is not None and backup.verify_token(code):
            left = StaticToken.objects.filter(device=backup).count()
            audit.record(user, Action.ACCOUNT_BACKUP_CODE_USED, user, backup_codes_left=left)
            return backup
        return None


def throttled_for(user: User, *, confirmed: bool = True) -> int:
    """Seconds until the user's authenticator accepts another try (0 if it does now)."""
    app = TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()
    if app is None or app.throttling_failure_timestamp is None:
        return 0
    delay = app.get_throttle_factor() * (2 ** (app.throttling_failure_count - 1))
    waited = (timezone.now() - app.throttling_failure_timestamp).total_seconds()
    return max(0, int(delay - waited + 0.999))


def reset_second_factor(user: User, *, actor: User, reason: str) -> int:
    """An administrator removes a user's authenticator and backup codes: they enrol again at next sign-in
    (a session verified with the removed authenticator is no longer verified)."""
    _check_administrator(actor, "reset a second factor")
    reason = _check_reason(reason)
    with transaction.atomic(durable=True):
        removed = int(TOTPDevice.objects.filter(user=user).delete()[0])
        removed += int(StaticDevice.objects.filter(user=user).delete()[0])
        audit.record(actor, Action.ACCOUNT_SECOND_FACTOR_RESET, user, reason=reason, username=user.username)
    return removed


# --- Lock-out (django-axes) -------------------------------------------------------------------------


def cool_off() -> dt.timedelta:
    value = settings.AXES_COOLOFF_TIME
    return value if isinstance(value, dt.timedelta) else dt.timedelta(hours=float(value))


def lockouts() -> QuerySet[AccessAttempt]:
    """Failed-sign-in records that lock their username now: the limit reached within the cool-off period."""
    since = timezone.now() - cool_off()
    attempts: QuerySet[AccessAttempt] = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    )
    return attempts


def is_locked_out(user: User) -> bool:
    return bool(lockouts().filter(username=user.username).exists())


def unlock(user: User, *, actor: User, reason: str) -> int:
    """An administrator lifts a lock-out (and forgets the failed attempts) before the cool-off ends."""
    _check_administrator(actor, "unlock an account")
    reason = _check_reason(reason)
    with transaction.atomic(durable=True):
        cleared = int(axes_reset(username=user.username))
        audit.record(actor, Action.ACCOUNT_UNLOCKED, user, reason=reason, username=user.username, attempts=cleared)
    return cleared


# --- Accounts: create, role and team, activation (administrators; SEC-6) -----------------------------


def _admin_flags(user: User) -> None:
    """An administrator may use the reference-data pages of Django's admin (is_staff, all of them);
    no one else may, so taking the role away takes those away too."""
    user.is_staff = user.is_superuser = user.role == Role.ADMINISTRATOR


def _team_name(team: Team | None) -> str:
    return team.name if team is not None else ""


def create_user(
    *,
    actor: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    team: Team | None,
    reason: str,
) -> tuple[User, str]:
    """A new account with a random first password (shown once to the administrator); the person
    sets up their authenticator app when they first sign in."""
    _check_administrator(actor, "add an account")
    reason = _check_reason(reason)
    if role not in Role.values:
        raise AccountError("Select a role")
    password = secrets.token_urlsafe(15)
    with transaction.atomic(durable=True):
        if User.objects.filter(username__iexact=username).exists():
            raise AccountError("An account with that username exists already")
        user = User(username=username, first_name=first_name, last_name=last_name, email=email, role=role, team=team)
        validate_password(password, user)
        user.set_password(password)
        _admin_flags(user)
        user.save()
        audit.record(
            actor, Action.ACCOUNT_CREATED, user, reason=reason, username=user.username, role=role, team=_team_name(team)
        )
    return user, password


def change_role(user: User, *, actor: User, role: str, team: Team | None, reason: str) -> bool:
    """Change an account's role and team. Not one's own (a second administrator must), and not
    the last active administrator's role. False if nothing changed (nothing is written)."""
    _check_administrator(actor, "change a role or team")
    reason = _check_reason(reason)
    if user.pk == actor.pk:
        raise AccountError("You cannot change your own role or team. Ask another administrator")
    if role not in Role.values:
        raise AccountError("Select a role")
    with transaction.atomic(durable=True):
        _, locked = _lock_accounts(actor, user)
        before_role, before_team = locked.role, locked.team
        if before_role == role and before_team == team:
            return False
        if is_administrator(locked) and role != Role.ADMINISTRATOR:
            _keeps_an_administrator(locked)
        locked.role, locked.team = role, team
        _admin_flags(locked)
        locked.save(update_fields=["role", "team", "is_staff", "is_superuser"])
        audit.record(
            actor,
            Action.ACCOUNT_ROLE_CHANGED,
            locked,
            reason=reason,
            username=locked.username,
            role_before=before_role,
            role=role,
            team_before=_team_name(before_team),
            team=_team_name(team),
        )
    user.refresh_from_db()
    return True


def set_active(user: User, *, actor: User, active: bool, reason: str) -> bool:
    """Switch an account on or off. Not one's own, and not the last active administrator.
    A switched-off account cannot sign in, and its open sessions stop working at once."""
    _check_administrator(actor, "switch an account on or off")
    reason = _check_reason(reason)
    if user.pk == actor.pk and not active:
        raise AccountError("You cannot switch off your own account. Ask another administrator")
    with transaction.atomic(durable=True):
        _, locked = _lock_accounts(actor, user)
        if locked.is_active == active:
            return False
        if not active and is_administrator(locked):
            _keeps_an_administrator(locked)
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        action = Action.ACCOUNT_ACTIVATED if active else Action.ACCOUNT_DEACTIVATED
        audit.record(actor, action, locked, reason=reason, username=locked.username)
    user.refresh_from_db()
    return True


def accounts() -> QuerySet[User]:
    """Every account, with whether its second factor is set up and whether it is locked out."""
    enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    locked = lockouts().filter(username=OuterRef("username"))
    return (
        User.objects.select_related("team")
        .annotate(has_second_factor=Exists(enrolled), is_locked_out=Exists(locked))
        .order_by("username")
    )
