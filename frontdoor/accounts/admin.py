"""Reference data in Django's admin site: teams, and staff accounts with their role and team.

The accounts list is the administrator's view of accounts (SEC-1): role, team, last
sign-in, whether a second factor is set up and whether the account is locked out, with
two audited actions: reset a second factor, and unlock after failed sign-ins.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts import services
from frontdoor.accounts.models import Team, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name", "kind")
    list_filter = ("kind",)


@admin.register(User)
class StaffAdmin(UserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "role", "team", "is_active", "last_login",
                    "second_factor", "locked_out")  # fmt: skip
    list_filter = ("role", "team", "is_active")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Front Door", {"fields": ("role", "team")}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Front Door", {"fields": ("role", "team")}))
    actions = ("reset_second_factor", "unlock_sign_in")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        locked = services.lockouts().filter(username=OuterRef("username"))
        return (
            super()
            .get_queryset(request)
            .select_related("team")
            .annotate(has_second_factor=Exists(enrolled), is_locked_out=Exists(locked))
        )

    @admin.display(boolean=True, description="2FA set up", ordering="has_second_factor")
    def second_factor(self, user: User) -> bool:
        return bool(getattr(user, "has_second_factor", False))

    @admin.display(boolean=True, description="Locked out", ordering="is_locked_out")
    def locked_out(self, user: User) -> bool:
        return bool(getattr(user, "is_locked_out", False))

    @admin.action(description="Reset the second factor (they set up their authenticator app again)")
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        admin_user = request.user
        assert isinstance(admin_user, User)  # noqa: S101 - the admin site needs a staff user
        for user in queryset:
            services.reset_second_factor(admin_user, user, reason="reset by an administrator (accounts page)")
        self.message_user(request, f"Second factor reset for {queryset.count()} account(s).", messages.SUCCESS)

    @admin.action(description="Unlock sign-in (clear failed sign-ins)")
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        admin_user = request.user
        assert isinstance(admin_user, User)  # noqa: S101 - the admin site needs a staff user
        for user in queryset:
            services.unlock(admin_user, user, reason="unlocked by an administrator (accounts page)")
        self.message_user(request, f"Sign-in unlocked for {queryset.count()} account(s).", messages.SUCCESS)
