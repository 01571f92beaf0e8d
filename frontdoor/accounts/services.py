"""Staff sign-in's second factor and lock-out (SEC-1): enrol, reset, unlock. Each is audited.

The second factor is a TOTP authenticator app (django-otp's TOTPDevice) with a set of
single-use backup codes (a StaticDevice) shown once when the app is enrolled.
Failed sign-ins are counted and locked out by django-axes (settings.AXES_*).
"""

from __future__ import annotations

import datetime as dt
from base64 import b32encode
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts.models import User
from frontdoor.audit import services as audit

APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"
BACKUP_CODES = 8


class SecondFactorError(Exception):
    """A second-factor request that cannot be carried out; the message is for the user."""


def has_second_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (one per user, kept across page loads)."""
    with transaction.atomic():
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
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        if locked is None:
            raise SecondFactorError("Your authenticator app is already set up. Sign in with a code from it")
        if not locked.verify_token("".join(code.split())):
            return None
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
        codes = _new_backup_codes(user)
        audit.record(user, "account.second_factor_enrolled", user, backup_codes=len(codes))
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
    with transaction.atomic():
        if code.isdigit() and len(code) == 6:
            app = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            if app is not None and app.verify_token(code):
                return app
            return None
        backup = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if backup is not None and backup.verify_token(code):
            left = StaticToken.objects.filter(device=backup).count()
            audit.record(user, "account.backup_code_used", user, backup_codes_left=left)
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


def reset_second_factor(admin: User, user: User, *, reason: str = "") -> int:
    """An administrator removes a user's authenticator and backup codes: they enrol again at next sign-in."""
    if not (admin.is_active and admin.is_staff):
        raise SecondFactorError("Only an administrator can reset a second factor")
    with transaction.atomic():
        removed = int(TOTPDevice.objects.filter(user=user).delete()[0])
        removed += int(StaticDevice.objects.filter(user=user).delete()[0])
        audit.record(admin, "account.second_factor_reset", user, reason=reason, username=user.username)
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


def unlock(admin: User, user: User, *, reason: str = "") -> int:
    """An administrator lifts a lock-out (and forgets the failed attempts) before the cool-off ends."""
    if not (admin.is_active and admin.is_staff):
        raise SecondFactorError("Only an administrator can unlock an account")
    with transaction.atomic():
        cleared = int(axes_reset(username=user.username))
        audit.record(admin, "account.unlocked", user, reason=reason, username=user.username, attempts=cleared)
    return cleared
