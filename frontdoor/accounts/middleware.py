"""Every staff page needs a verified second factor (SEC-1), enforced here rather than per view.

A user who has given their password but not yet a code (or has not enrolled an
authenticator) reaches only the sign-in, enrolment, verification and sign-out pages;
anything else redirects them to the step they are missing. Signed-out visitors pass
through: the public pages need no account and staff pages send them to sign in.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from frontdoor.accounts.models import User
from frontdoor.accounts.views import SIGNED_IN_COOKIE, second_factor_url, signed_in_marker

OPEN_BEFORE_SECOND_FACTOR = frozenset({"accounts:login", "accounts:logout", "accounts:enrol", "accounts:verify"})


def _verified(user: User) -> bool:
    is_verified = getattr(user, "is_verified", None)  # installed by django_otp.middleware.OTPMiddleware
    return bool(is_verified and is_verified())


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware: redirect signed-in but unverified users to enrol or verify."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and user.is_authenticated and not _verified(user):
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = ""
            if name not in OPEN_BEFORE_SECOND_FACTOR:
                return redirect(second_factor_url(user, request.get_full_path()))
        response = self.get_response(request)
        if request.user.is_authenticated and request.COOKIES.get(SIGNED_IN_COOKIE) != "1":
            signed_in_marker(response)
        return response
