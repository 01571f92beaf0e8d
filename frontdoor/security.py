"""Security headers for every response (SEC-3): a strict Content-Security-Policy with a
per-request nonce, and a Permissions-Policy.

Django's SecurityMiddleware already sets HSTS (when configured), X-Content-Type-Options,
Referrer-Policy and Cross-Origin-Opener-Policy, and XFrameOptionsMiddleware sets
X-Frame-Options; this adds what Django 5.2 lacks. See docs/decisions/0011-public-surfaces.md.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def content_security_policy(nonce: str) -> str:
    policy: dict[str, list[str]] = settings.FRONTDOOR_CSP
    parts = []
    for directive, sources in policy.items():
        values = list(sources)
        if directive == "script-src":
            values.append(f"'nonce-{nonce}'")
        parts.append(" ".join([directive, *values]))
    return "; ".join(parts)


class SecurityHeadersMiddleware:
    """Gives each request a CSP nonce (`request.csp_nonce`, used by the layout's one inline
    script) and sets Content-Security-Policy and Permissions-Policy on the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(18)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", content_security_policy(nonce))
        response.setdefault("Permissions-Policy", settings.FRONTDOOR_PERMISSIONS_POLICY)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer Front Door's own views give (SEC-3): staff pages,
    downloads and exports, API answers, and the public form's pages (which hold what a referrer
    typed). A shared computer's browser or a proxy must keep none of them.

    Set here, once, after the view: a view cannot forget it, and one that asks for caching is
    overruled. Static assets (the stylesheet, scripts, images, fonts) are answered by WhiteNoise
    before this middleware runs, so they keep their long-lived caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
        return response
