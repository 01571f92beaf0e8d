"""The administrator's account pages (SEC-6): list accounts, add one, change a role and team,
switch an account on or off, reset a second factor, unlock after failed sign-ins.

Every change goes through ``frontdoor.accounts.services``, which writes it to the audit chain
with the reason asked for here. Who may use these pages is the permission matrix's business
(administrators only); the services refuse an administrator's change to their own role, team
or activation, and the removal of the last active administrator. No page shows a second
factor's secret: only whether one is set up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from frontdoor.accounts import services
from frontdoor.accounts.forms import NewAccountForm, ReasonForm, RoleTeamForm
from frontdoor.accounts.models import User
from frontdoor.core import staff

PAGE_SIZE = 50


def _account(user_id: int) -> User:
    return get_object_or_404(services.accounts(), pk=user_id)


def _render(request: HttpRequest, template: str, *, status: int = 200, **context: Any) -> HttpResponse:
    return render(request, template, staff.staff_context(request, **context), status=status)


@require_http_methods(["GET"])
def users(request: HttpRequest) -> HttpResponse:
    page = Paginator(services.accounts(), PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(request, "accounts/staff/users.html", page_title="Staff accounts", page=page)


@require_http_methods(["GET", "POST"])
def new_user(request: HttpRequest) -> HttpResponse:
    form = NewAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = services.create_user(
                actor=staff.staff_user(request),
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                role=data["role"],
                team=data["team"],
                reason=data["reason"],
            )
        except services.AccountError as problem:
            form.add_error(None, str(problem))
        else:  # the first password is shown on this answer only (never stored by a cache: no-store)
            return _render(
                request, "accounts/staff/created.html", page_title="Account added", account=user, password=password
            )
    return _render(
        request,
        "accounts/staff/new_user.html",
        page_title="Add an account",
        form=form,
        back_url=reverse("users:list"),
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET"])
def user(request: HttpRequest, user_id: int) -> HttpResponse:
    account = _account(user_id)
    return _render(
        request,
        "accounts/staff/user.html",
        page_title=account.display_name,
        account=account,
        back_url=reverse("users:list"),
        own=account.pk == request.user.pk,
    )


def _action_page(
    request: HttpRequest,
    account: User,
    form: forms.Form,
    *,
    title: str,
    button: str,
    intro: str = "",
    warning: str = "",
) -> HttpResponse:
    return _render(
        request,
        "accounts/staff/action.html",
        page_title=title,
        account=account,
        form=form,
        button=button,
        intro=intro,
        warning=warning,
        back_url=reverse("users:user", args=[account.pk]),
        status=400 if form.is_bound else 200,
    )


def _done(request: HttpRequest, account: User, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("users:user", account.pk)


@require_http_methods(["GET", "POST"])
def change_role(request: HttpRequest, user_id: int) -> HttpResponse:
    account = _account(user_id)
    initial = {"role": account.role, "team": str(account.team_id or "")}
    form = RoleTeamForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.change_role(
                account, actor=staff.staff_user(request), role=data["role"], team=data["team"], reason=data["reason"]
            )
        except services.AccountError as problem:
            form.add_error(None, str(problem))
        else:
            account.refresh_from_db()
            team = account.team.name if account.team else "no team"
            return _done(
                request,
                account,
                f"{account.display_name} is now {account.get_role_display()}, {team}."
                if changed
                else "Nothing changed: that was already their role and team.",
            )
    return _action_page(
        request, account, form, title=f"Change the role and team of {account.display_name}", button="Save role and team"
    )


def _reasoned(
    request: HttpRequest,
    account: User,
    act: Callable[[User, str], object],
    done: str,
    *,
    title: str,
    button: str,
    intro: str = "",
    warning: str = "",
) -> HttpResponse:
    """An action on an account that asks only why: on a valid POST the service acts (as the
    signed-in administrator, with the reason) and the account's page says `done`; otherwise, or
    when the service refuses, the page asks again with the refusal."""
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            act(staff.staff_user(request), form.cleaned_data["reason"])
        except services.AccountError as problem:
            form.add_error(None, str(problem))
        else:
            return _done(request, account, done)
    return _action_page(request, account, form, title=title, button=button, intro=intro, warning=warning)


@require_http_methods(["GET", "POST"])
def activation(request: HttpRequest, user_id: int) -> HttpResponse:
    account = _account(user_id)
    switch_on = not account.is_active

    def act(actor: User, reason: str) -> None:
        services.set_active(account, actor=actor, active=switch_on, reason=reason)

    if switch_on:
        return _reasoned(
            request,
            account,
            act,
            f"{account.display_name} can sign in again.",
            title=f"Switch on the account of {account.display_name}",
            button="Switch on",
            intro="They can sign in again with their password and second factor.",
        )
    return _reasoned(
        request,
        account,
        act,
        f"{account.display_name} is switched off: they cannot sign in.",
        title=f"Switch off the account of {account.display_name}",
        button="Switch off",
        warning="They cannot sign in, and any page they have open stops working. Their records "
        "and their entries in the audit log are kept.",
    )


@require_http_methods(["GET", "POST"])
def reset_second_factor(request: HttpRequest, user_id: int) -> HttpResponse:
    account = _account(user_id)
    return _reasoned(
        request,
        account,
        lambda actor, reason: services.reset_second_factor(account, actor=actor, reason=reason),
        f"Second factor reset: {account.display_name} sets up their authenticator app again when they next sign in.",
        title=f"Reset the second factor of {account.display_name}",
        button="Reset second factor",
        warning="Their authenticator app and backup codes stop working now. When they next sign in they set up "
        "their authenticator app again. Check who is asking first, for example by calling them on a number you "
        "already have.",
    )


@require_http_methods(["GET", "POST"])
def unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    account = _account(user_id)
    intro = (
        "This account is locked because of failed sign-ins."
        if account.is_locked_out  # type: ignore[attr-defined]
        else "This account is not locked now. Unlocking clears its failed sign-ins."
    )
    return _reasoned(
        request,
        account,
        lambda actor, reason: services.unlock(account, actor=actor, reason=reason),
        f"{account.display_name} can sign in again.",
        title=f"Unlock the account of {account.display_name}",
        button="Unlock",
        intro=intro,
    )
