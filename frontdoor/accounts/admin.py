"""Reference data in Django's admin site: teams, and staff accounts with their role and team."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from frontdoor.accounts.models import Team, User


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name", "kind")
    list_filter = ("kind",)


@admin.register(User)
class StaffAdmin(UserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "role", "team", "is_active", "last_login")
    list_filter = ("role", "team", "is_active")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Front Door", {"fields": ("role", "team")}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Front Door", {"fields": ("role", "team")}))
