"""Restricted records: restrict one (a manager), ask for access (break-glass), and the data
protection officer's list of break-glass uses. Who may open each page is in the matrix."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from frontdoor.access import records, services
from frontdoor.access.forms import BreakGlassForm, RestrictForm, ReviewForm
from frontdoor.access.models import BreakGlass
from frontdoor.core.staff import staff_context, staff_user
from frontdoor.intake.models import Contact
from frontdoor.people.models import Person


def _restrict(request: HttpRequest, record: Contact | Person, back: str, label: str) -> HttpResponse:
    form = RestrictForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.restrict(record, form.cleaned_data["reason"], actor=staff_user(request), also=form.users())
            except services.AccessRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, f"{label} is now restricted to the people named on it")
                return redirect(back)
        status = 400
    return render(
        request,
        "access/restrict.html",
        staff_context(request, page_title=f"Restrict {label.lower()}", form=form, label=label, back_url=back),
        status=status,
    )


def restrict_contact(request: HttpRequest, reference: str) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("claimed_by", "allocated_to"), reference=reference)
    back = reverse("intake:staff-contact", args=[reference])
    return _restrict(request, contact, back, f"Contact {reference}")


def restrict_person(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id)
    return _restrict(request, person, reverse("people:person", args=[person_id]), f"Record {person_id}")


def _break_glass(request: HttpRequest, record: Model, default_next: str, label: str) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or default_next
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) or not target.startswith("/"):
        target = default_next
    restrictions = records.restrictions_on(record)
    if records.can_see(request.user, record):
        return redirect(target)
    form = BreakGlassForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            user = staff_user(request)
            try:
                services.break_glass(records.closed_to(user, restrictions), form.cleaned_data["reason"], actor=user)
            except services.AccessRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.warning(
                    request,
                    f"You can see {label.lower()} for {services.BREAK_GLASS_HOURS} hours. "
                    "Your reason has been sent to the data protection officer.",
                )
                return redirect(target)
        status = 400
    return render(
        request,
        "access/break_glass.html",
        staff_context(
            request,
            page_title="Ask to see a restricted record",
            form=form,
            label=label,
            next_url=target,
            hours=services.BREAK_GLASS_HOURS,
        ),
        status=status,
    )


def break_glass_contact(request: HttpRequest, reference: str) -> HttpResponse:
    contact = get_object_or_404(Contact, reference=reference)
    return _break_glass(request, contact, reverse("intake:staff-contact", args=[reference]), "This contact")


def break_glass_person(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id)
    return _break_glass(request, person, reverse("people:person", args=[person_id]), "This record")


def break_glass_uses(request: HttpRequest) -> HttpResponse:
    """The data protection officer's list: every break-glass use, those not yet reviewed first."""
    show = request.GET.get("show", "unreviewed")
    uses = BreakGlass.objects.select_related(
        "user", "reviewed_by", "restriction__contact", "restriction__person"
    ).order_by("reviewed_at", "-at")
    if show != "all":
        uses = uses.filter(reviewed_at__isnull=True)
    return render(
        request,
        "access/break_glass_uses.html",
        staff_context(
            request,
            page_title="Break-glass uses",
            uses=uses[:500],
            show=show,
            form=ReviewForm(),
            waiting=BreakGlass.objects.filter(reviewed_at__isnull=True).count(),
        ),
    )


@require_POST
def break_glass_review(request: HttpRequest, break_glass_id: int) -> HttpResponse:
    grant = get_object_or_404(BreakGlass, pk=break_glass_id)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.mark_reviewed(grant, note, actor=staff_user(request))
    except services.AccessRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "Marked as reviewed")
    return redirect("access:break-glass-uses")
