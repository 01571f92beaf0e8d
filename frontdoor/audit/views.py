"""The data protection officer's pages: search the audit log and export the results (SEC-2).

Only the data protection officer may use them. Each search and each export is itself
recorded in the audit log, with what was searched for and how many entries were found.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontdoor.audit import services
from frontdoor.audit.actions import Action
from frontdoor.audit.search import AuditSearchForm, masked_for
from frontdoor.core.staff import staff_context, staff_user

PAGE_SIZE = 50
RESTRICTED = "Restricted record"
CSV_HEADER = (
    "Entry",
    "When (UTC)",
    "Who",
    "Action",
    "Action code",
    "Record type",
    "Record",
    "Reason",
    "Detail",
    "Hash",
)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    dpo = staff_user(request)
    asked = "search" in request.GET
    form = AuditSearchForm(request.GET if asked else None)
    page = None
    query_string = ""
    if asked and form.is_valid():
        entries = masked_for(form.entries(), dpo)
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)  # read before this search is itself recorded
        services.record(
            dpo, Action.AUDIT_SEARCHED, dpo, filters=form.filters(), found=page.paginator.count, page=page.number
        )
        params = request.GET.copy()
        params.pop("page", None)
        query_string = params.urlencode()
    query = request.GET.copy()
    return render(
        request,
        "audit/search.html",
        staff_context(
            request,
            page_title="Search the audit log",
            form=form,
            page=page,
            query_string=query_string,
            query=query if asked else None,
        ),
        status=400 if asked and not form.is_valid() else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(entries: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for entry in entries.iterator(chunk_size=2000):
        reason, detail = RESTRICTED, RESTRICTED
        if not entry.masked:
            reason, detail = entry.reason, json.dumps(entry.detail, ensure_ascii=False, sort_keys=True)
        action = (entry.get_action_display(), entry.action)  # the DPO's words, and the stored value
        texts = (entry.actor_label, *action, entry.object_type, entry.object_id, reason, detail)
        yield writer.writerow([entry.seq, entry.at.astimezone(dt.UTC).isoformat(), *map(_safe, texts), entry.hash])


def _safe(text: str) -> str:
    """A spreadsheet must not run a cell as a formula (CSV injection): such cells start with a quote."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
def export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    dpo = staff_user(request)
    form = AuditSearchForm(request.GET)
    if not form.is_valid():
        return search(request)
    entries: Any = masked_for(form.entries(), dpo)
    services.record(dpo, Action.AUDIT_EXPORTED, dpo, filters=form.filters(), found=entries.count())
    response = StreamingHttpResponse(_csv_rows(entries), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response
