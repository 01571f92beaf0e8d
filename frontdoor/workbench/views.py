"""The workbench's pages (thin): my caseload, the team's workload, my notifications.

Who may use each is the permission matrix's (frontdoor/access/matrix.py); what each shows is
read through the visibility rule in ``services.queries``.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from frontdoor.accounts.models import PATHWAY_ROLES, Team, User
from frontdoor.core.requests import note
from frontdoor.core.staff import staff_context, staff_user
from frontdoor.workbench import services
from frontdoor.workbench.services import queries


def caseload(request: HttpRequest) -> HttpResponse:
    """My caseload; a manager may look at another worker's (``?worker=<id>``)."""
    user = staff_user(request)
    worker = user
    asked = request.GET.get("worker", "")
    if asked.isdigit() and user.is_manager:
        worker = User.objects.filter(pk=int(asked), role__in=list(PATHWAY_ROLES)).first() or user
    rows = services.caseload(worker, viewer=user)
    note(request, worker=worker.username, cases=len(rows))
    mine = worker == user
    title = "My caseload" if mine else f"{worker.display_name}'s caseload"
    context = staff_context(
        request,
        page_title=title,
        heading=title,
        rows=rows,
        mine=mine,
        worker=worker,
        other=queries.other_work(worker, viewer=user),
    )
    return render(request, "workbench/caseload.html", context)


def workload(request: HttpRequest) -> HttpResponse:
    """Open cases and overdue steps per worker, and the team's totals (managers)."""
    user = staff_user(request)
    asked = request.GET.get("team", "")
    team: Team | None = user.team
    if asked == "all":
        team = None
    elif asked.isdigit():
        team = Team.objects.filter(pk=int(asked)).first() or user.team
    found = services.workload(team, viewer=user)
    note(request, team=team.name if team else "all teams")
    context = staff_context(
        request, page_title="Workload", workload=found, team=team, teams=list(Team.objects.order_by("name"))
    )
    return render(request, "workbench/workload.html", context)


def notifications(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    rows = list(services.notifications_for(user)[:200])
    context = staff_context(
        request, page_title="Notifications", rows=rows, unread=sum(1 for n in rows if n.read_at is None)
    )
    return render(request, "workbench/notifications.html", context)


@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read (``notification``), or all of them."""
    user = staff_user(request)
    one = request.POST.get("notification", "")
    changed = services.mark_read(user, [int(one)] if one.isdigit() else None)
    if changed:
        messages.success(request, "Marked as read" if one else "All notifications marked as read")
    return redirect("workbench:notifications")
