"""Audits every call to the partner API (SEC-2), answered or refused."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

API_PREFIX = "/api/v1/"
UNAUDITED = ("/api/v1/openapi.json", "/api/v1/docs/")


class ApiAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX) and request.path not in UNAUDITED:
            from frontdoor.partners.services import record_api_call

            record_api_call(request, response)
        return response
