"""Returns pages (RET-1, RET-2, RET-3): team managers only; every change goes through ``services``."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from frontdoor.accounts.models import Team
from frontdoor.audit.actions import Action
from frontdoor.audit.services import record
from frontdoor.core.staff import staff_context, staff_user
from frontdoor.returns import annex_a, metrics, services, svg
from frontdoor.returns.census import collection_year
from frontdoor.returns.forms import ChartFilters, YearForm
from frontdoor.returns.models import Export, ExportKind, ExportStatus
from frontdoor.returns.quality import Problem, problems
from frontdoor.returns.source import census_rows

PAGE_SIZE = 100


def _year_form(data: Any = None, prefix: str | None = None) -> YearForm:
    return YearForm(data, prefix=prefix, initial={"year": services.current_year() - 1})


PREFIX: dict[str, str] = {ExportKind.CENSUS: "census", ExportKind.ANNEX_A: "annex"}  # two year questions on one page


def _index(request: HttpRequest, census_form: YearForm, annex_form: YearForm, status: int = 200) -> HttpResponse:
    exports = Export.objects.select_related("requested_by")[:20]
    context = staff_context(
        request,
        page_title="Returns",
        census_form=census_form,
        annex_form=annex_form,
        exports=exports,
        year=services.current_year() - 1,
        lists=annex_a.LISTS,
    )
    if census_form.is_bound:
        context["form"] = census_form
    elif annex_form.is_bound:
        context["form"] = annex_form
    return render(request, "returns/index.html", context, status=status)


def index(request: HttpRequest) -> HttpResponse:
    return _index(request, _year_form(prefix="census"), _year_form(prefix="annex"))


def _request(request: HttpRequest, kind: str) -> HttpResponse:
    form = _year_form(request.POST, prefix=PREFIX[kind])
    if not form.is_valid():
        census, annex = _year_form(prefix="census"), _year_form(prefix="annex")
        forms = (form, annex) if kind == ExportKind.CENSUS else (census, form)
        return _index(request, *forms, status=400)
    export = services.request_export(kind, form.cleaned_data["year"], actor=staff_user(request))
    messages.success(request, f"{export.get_kind_display()} for {export.year} is being made")
    return redirect("returns:export", export.pk)


@require_POST
def request_census(request: HttpRequest) -> HttpResponse:
    return _request(request, ExportKind.CENSUS)


@require_POST
def request_annex_a(request: HttpRequest) -> HttpResponse:
    return _request(request, ExportKind.ANNEX_A)


def export(request: HttpRequest, export_id: int) -> HttpResponse:
    job = get_object_or_404(Export.objects.select_related("requested_by"), pk=export_id)
    start, end = collection_year(job.year)
    context = staff_context(
        request,
        page_title=str(job),
        job=job,
        start=start,
        end=end,
        ready=ExportStatus.READY,
        failed=ExportStatus.FAILED,
    )
    return render(request, "returns/export.html", context)


def download(request: HttpRequest, export_id: int) -> HttpResponseBase:
    job = get_object_or_404(Export, pk=export_id)
    try:
        path = services.download(job, actor=staff_user(request))
    except FileNotFoundError as error:
        raise Http404(str(error)) from error
    content_type = (
        "application/xml"
        if job.kind == ExportKind.CENSUS
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    )
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=path.name, content_type=content_type)  # noqa: SIM115
    return response


def _fix_url(problem: Problem) -> str:
    """Where a problem is fixed: the episode's page, the child's census details, or the page that
    corrects the person's record (WRK-6: a wrong date of birth is fixed there, with a reason)."""
    targets = {
        "episode": [("pathway:episode", problem.episode_id)],
        "census": [("pathway:child-details", problem.episode_id), ("pathway:episode", problem.episode_id)],
    }.get(problem.where, [])
    for name, arg in [*targets, ("people:edit", problem.person_id)]:
        if arg is None:
            continue
        try:
            return reverse(name, args=[arg])
        except NoReverseMatch:
            continue
    return ""


def quality(request: HttpRequest) -> HttpResponse:
    """RET-1: what the record lacks for a valid census return, child by child, before exporting."""
    form = YearForm({"year": request.GET.get("year", services.current_year() - 1)})
    found: list[Problem] = []
    year = form.cleaned_data["year"] if form.is_valid() else None
    if year is not None:
        found = [p for child in census_rows(year) for p in problems(child, year)]
        with transaction.atomic():
            user = staff_user(request)
            record(user, Action.RETURNS_QUALITY_VIEWED, user, year=year, problems=len(found))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(p, _fix_url(p)) for p in page]
    children = len({p.person_id for p in found})
    context = staff_context(
        request,
        page_title="Census data quality",
        page=page,
        rows=rows,
        year=year,
        children=children,
        total=len(found),
        query=request.GET.copy(),
        form=form,
    )
    return render(request, "returns/quality.html", context, status=200 if year else 400)


class _Echo:
    def write(self, value: str) -> str:
        return value


def annex_a_csv(request: HttpRequest, name: str) -> HttpResponseBase:
    """RET-2: one Annex A list as CSV for a collection year, streamed."""
    if name not in annex_a.LISTS:
        raise Http404("No such list")
    form = YearForm(request.GET)
    if not form.is_valid():
        return _index(request, _year_form(prefix="census"), form, status=400)
    year = form.cleaned_data["year"]
    with transaction.atomic():
        record(staff_user(request), Action.RETURNS_ANNEX_A_DOWNLOADED, staff_user(request), list=name, year=year)
    response = StreamingHttpResponse(annex_a.csv_lines(name, annex_a.period_for_year(year)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="annex_a_{name}_{year}.csv"'
    return response


def _filters(request: HttpRequest) -> tuple[ChartFilters, metrics.Filters | None]:
    teams = list(Team.objects.values_list("pk", "name"))
    form = ChartFilters(request.GET or None, teams=teams)
    today = timezone.localdate()
    start, end, team = today - dt.timedelta(weeks=12), today, None
    if form.is_bound:
        if not form.is_valid():
            return form, None
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
        if form.cleaned_data.get("team"):
            team = Team.objects.filter(pk=form.cleaned_data["team"]).first()
        if end < start:
            return form, None
    return form, metrics.Filters(start, end, team)


def charts(request: HttpRequest) -> HttpResponse:
    """RET-3: the managers' charts, each with its numbers in a table beside it and a CSV download."""
    form, filters = _filters(request)
    drawn = []
    if filters is not None:
        drawn = [(chart, svg.render(chart)) for chart in metrics.all_charts(filters)]
    context = staff_context(
        request,
        page_title="Charts for managers",
        charts=drawn,
        filters=filters,
        query=request.GET.urlencode(),
        **({"form": form} if form.is_bound else {}),
    )
    context["filter_form"] = form
    return render(request, "returns/charts.html", context, status=200 if filters else 400)


def chart_csv(request: HttpRequest, slug: str) -> HttpResponseBase:
    form, filters = _filters(request)
    if filters is None:
        return charts(request)
    chart = next((c for c in metrics.all_charts(filters) if c.slug == slug), None)
    if chart is None:
        raise Http404("No such chart")

    def lines() -> Iterator[str]:
        writer = csv.writer(_Echo())
        if chart.detail:
            yield writer.writerow([chart.columns[0], "Met", "Of", "Per cent"])
            for (label, met, of), (_, value) in zip(chart.detail, chart.bars, strict=True):
                yield writer.writerow([label, met, of, value])
        else:
            yield writer.writerow(list(chart.columns))
            for label, value in chart.bars:
                yield writer.writerow([annex_a._safe(label), value])

    response = StreamingHttpResponse(lines(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{filters.start}-{filters.end}.csv"'
    return response
