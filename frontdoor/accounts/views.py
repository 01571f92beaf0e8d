"""Sign-in, the second factor (enrol, verify, backup codes), sign-out and the lock-out page (SEC-1).

After the password, a member of staff without an authenticator enrols one (scan a QR code
or type the key, confirm a code, note the backup codes); one with an authenticator types
a code from it. Until then `SecondFactorMiddleware` lets them reach nothing else.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from frontdoor.accounts import services
from frontdoor.accounts.forms import CodeForm, SignInForm
from frontdoor.accounts.models import User
from frontdoor.core.staff import home_url

SIGNED_IN_COOKIE = "frontdoor_signed_in"
BACKUP_CODES_SESSION_KEY = "frontdoor_new_backup_codes"
EXPIRED_MESSAGE = "You were signed out because you had not used Front Door for {minutes} minutes. Sign in again"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    if request.user.is_authenticated:  # each role starts on a page it may use (SEC-1)
        return home_url(request.user)
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def second_factor_url(user: User, next_url: str) -> str:
    """Where a signed-in but not yet verified user goes: enrol if they have no authenticator, else verify."""
    name = "accounts:verify" if services.has_second_factor(user) else "accounts:enrol"
    return _with_next(name, next_url)


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request = self.request
        if request.COOKIES.get(SIGNED_IN_COOKIE) == "1" and not request.user.is_authenticated:
            context["expired_message"] = EXPIRED_MESSAGE.format(minutes=settings.SESSION_COOKIE_AGE // 60)
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")
        return response

    def get_success_url(self) -> str:
        user = self.request.user
        assert isinstance(user, User)  # noqa: S101 - just signed in
        # The page asked for (?next=), else the first page this role may use (SEC-1).
        return second_factor_url(user, self.get_redirect_url() or home_url(user))


def _current_user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _page(request: HttpRequest, template: str, **context: Any) -> HttpResponse:
    return render(request, template, {"service_name": "Front Door (staff)", "sign_out": True, **context})


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), then confirm a code from it."""
    user = _current_user(request)
    next_url = _next_url(request)
    if user is None:
        return redirect(_with_next("accounts:login", next_url))
    if services.has_second_factor(user):
        return redirect(_with_next("accounts:verify", next_url))
    device = services.pending_device(user)
    form = CodeForm(request.POST or None, label="Code from your authenticator app")
    if request.method == "POST" and form.is_valid():
        confirmed = services.confirm_enrolment(user, device, form.cleaned_data["code"])
        if confirmed is not None:
            app, codes = confirmed
            _second_factor_login(request, app)
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            return redirect(_with_next("accounts:backup-codes", next_url))
        form.add_error(
            "code",
            _wrong_code(
                "Enter the 6-digit code your authenticator app shows now", services.throttled_for(user, confirmed=False)
            ),
        )
    key = services.key_text(device)
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(
        scale=5, border=2, title="QR code for your authenticator app", svgclass="frontdoor-qr", lineclass=None
    )
    return _page(
        request,
        "accounts/enrol.html",
        form=form,
        qr_svg=svg,
        key_text=key,
        next=next_url,
        page_title="Set up your authenticator app",
    )


@require_http_methods(["GET"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """The new backup codes, shown once (they are taken out of the session as they are shown)."""
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    next_url = _next_url(request)
    if not codes:
        return redirect(next_url)
    response = _page(request, "accounts/backup_codes.html", codes=codes, next=next_url, page_title="Your backup codes")
    return response


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of sign-in: a code from the authenticator app, or a backup code."""
    user = _current_user(request)
    next_url = _next_url(request)
    if user is None:
        return redirect(_with_next("accounts:login", next_url))
    if not services.has_second_factor(user):
        return redirect(_with_next("accounts:enrol", next_url))
    if getattr(user, "is_verified", lambda: False)():
        return redirect(next_url)
    form = CodeForm(request.POST or None, label="Code", backup=True)
    if request.method == "POST" and form.is_valid():
        wait = services.throttled_for(user)
        device = services.verify_code(user, form.cleaned_data["code"]) if not wait else None
        if device is not None:
            _second_factor_login(request, device)
            return redirect(next_url)
        wait = wait or services.throttled_for(user)
        message = "Enter the 6-digit code your authenticator app shows now, or one of your backup codes"
        form.add_error("code", _wrong_code(message, wait))
    return _page(request, "accounts/verify.html", form=form, next=next_url, page_title="Enter your code")


def _second_factor_login(request: HttpRequest, device: Any) -> None:
    """The session is now verified: give it a new key, as Django's login() does at the password,
    so that a session id seen before the code (a fixed or stolen cookie) is worth nothing (SEC-1)."""
    otp_login(request, device)
    request.session.cycle_key()
    rotate_token(request)  # and a new CSRF token, as login() gives


def _wrong_code(message: str, wait: int) -> str:
    """django-otp doubles the wait after each wrong code; say how long it is."""
    return f"{message}. You can try again in {wait} second{'s' if wait != 1 else ''}" if wait else message


class SignOutView(auth_views.LogoutView):
    """Sign out (POST). A GET, as from the navigation link, shows a button that signs out."""

    http_method_names = ["get", "post", "options"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("accounts:login")
        return _page(request, "accounts/sign_out.html", page_title="Sign out")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")
        return response


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """django-axes' lock-out answer: the sign-in page with a clear message, status 429."""
    minutes = int(services.cool_off().total_seconds() // 60)
    message = (
        f"This account is locked because of {settings.AXES_FAILURE_LIMIT} failed sign-ins. "
        f"Try again in {minutes} minutes, or ask an administrator to unlock it"
    )
    form = SignInForm(request)
    return render(
        request,
        "accounts/sign_in.html",
        {
            "form": form,
            "error_list": [{"text": message, "href": "#username"}],
            "locked_message": message,
            "next": _next_url(request),
        },
        status=429,
    )


def signed_in_marker(response: HttpResponse) -> HttpResponse:
    """Mark the browser as signed in, so that the sign-in page can say when a session expired."""
    response.set_cookie(
        SIGNED_IN_COOKIE,
        "1",
        max_age=60 * 60 * 24,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
    return response
