"""GOV.UK-style pages for requests Django refuses before a view answers (SEC-4: every bad
input gets a clear message): a malformed request (400), a refusal (403), a page that does not
exist (404) and a server error (500). Each says how to reach the council instead."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

_PAGES = {
    400: ("There is a problem with what your browser sent", "What your browser sent could not be read."),
    403: ("You cannot see this page", "You do not have permission to see this page."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    500: ("Sorry, there is a problem with the service", "Something went wrong on our side."),
}


def _page(request: HttpRequest, status: int) -> HttpResponse:
    title, detail = _PAGES[status]
    return render(
        request,
        "errors/error.html",
        {"page_title": title, "detail": detail, "status": status, "show_exit": not request.path.startswith("/staff/")},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return _page(request, 500)
    except Exception:  # the page itself failed: a plain answer that cannot fail
        return HttpResponse(
            "<!DOCTYPE html><title>Sorry, there is a problem with the service</title>"
            "<h1>Sorry, there is a problem with the service</h1><p>Please try again later. "
            "If a child is in immediate danger, call 999.</p>",
            status=500,
        )
