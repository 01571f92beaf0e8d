"""Django's admin site keeps reference data only: teams (and the task worker's results,
registered read-only by django-tasks-db).

Staff accounts, their roles, teams, activation, second factors and lock-outs are changed on
Front Door's own pages (frontdoor/accounts/staff_views.py), where each change is audited in the
chain with its reason (SEC-6). So the admin site must not offer them: the accounts, the
second-factor devices (whose secret keys django-otp's admin would show), django-axes' records
of failed sign-ins and Django's permission groups are taken off it here.
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts.models import Team

NOT_IN_THE_ADMIN = (TOTPDevice, StaticDevice, AccessAttempt, AccessLog, AccessFailureLog, Group)

for model in NOT_IN_THE_ADMIN:
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    """Teams can be added and renamed. A team's kind decides what its members may see (the
    allegations team sees restricted allegations), so it is fixed once the team exists, and a
    team is not deleted (its members would silently lose it): move them on the accounts pages."""

    list_display = ("name", "kind")
    list_filter = ("kind",)

    def get_readonly_fields(self, request: HttpRequest, obj: Team | None = None) -> tuple[str, ...]:
        return ("kind",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Team | None = None) -> bool:
        return False
