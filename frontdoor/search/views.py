"""The header search's page (issue 15 part 1): thin, a read of ``queries`` and a render.

The access middleware writes the search's audit entry (the matrix's ``searches``); the view
adds the search as understood and the records shown (``note``; SEC-2).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from frontdoor.core.requests import note
from frontdoor.core.staff import allowed, staff_context, staff_user
from frontdoor.search import queries
from frontdoor.search.parse import parse


def results(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")
    user = staff_user(request)
    query = parse(text, today=timezone.localdate()) if text else None
    found = None
    if query is not None and not query.problem:
        found = queries.search(query)
        if not allowed(user, "requests:request"):  # only those who handle requests are shown them
            found.requests = []
        note(request, query=query.described(), shown=found.shown())
    return render(
        request,
        "search/results.html",
        staff_context(
            request,
            page_title=f"Search results for {query.text}" if found is not None and query else "Search",
            search_text=text if query is not None and not query.problem else "",
            query=query,
            found=found,
            may_see_requests=allowed(user, "requests:request"),
            error_list=[{"text": query.problem, "href": "#header-search"}] if query and query.problem else [],
        ),
        status=400 if query is not None and query.problem else 200,
    )
