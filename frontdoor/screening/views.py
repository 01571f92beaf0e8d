"""Screening pages (thin: every change is a call to ``services``; refusals become form errors)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from frontdoor.accounts import allocation
from frontdoor.accounts.models import Team, User
from frontdoor.core import visibility
from frontdoor.core.components import Deadline, holder
from frontdoor.core.errors import Refused
from frontdoor.core.govuk_forms import error_list
from frontdoor.core.lists import ListFilters, received_between
from frontdoor.core.staff import staff_context, staff_user
from frontdoor.intake.models import Channel, Contact
from frontdoor.policy import routing, timescales
from frontdoor.policy.calendar import LONDON
from frontdoor.screening import forms as f
from frontdoor.screening import services
from frontdoor.screening.models import DecisionStatus, Escalation, Referral, Screening

PAGE_SIZE = 50
QUEUES = {
    routing.Queue.SCREENING: "Screening",
    routing.Queue.FAST_TRACK: "Fast track",
    routing.Queue.OUT_OF_HOURS: "Out of hours",
    routing.Queue.LADO: "Allegations (LADO)",
}


def _teams() -> list[tuple[int, str]]:
    return list(Team.objects.order_by("name").values_list("id", "name"))


def _contact(reference: str) -> Contact:
    return get_object_or_404(Contact.objects.select_related("claimed_by", "allocated_to", "team"), reference=reference)


def _list_rows(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    return contacts.select_related("claimed_by", "allocated_to", "team").prefetch_related("people")


def _page(request: HttpRequest, contacts: QuerySet[Contact]) -> Any:
    return Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))


QUEUE_SORTS = (
    ("urgent", "Most urgent first"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("red", "Red forms first"),
)
_QUEUE_ORDER = {
    "newest": ("-received_at", "-id"),
    "oldest": ("received_at", "id"),
    "red": ("-form_type", "priority", "decision_due_at", "id"),  # descending: "red" before "green"
}
OPEN_STATUS_CHOICES = [
    ("new", "Waiting to be screened"),
    ("screening", "Being screened"),
    ("awaiting_authorisation", "Waiting for a manager"),
]


def _filtered(request: HttpRequest, contacts: QuerySet[Contact], *, teams: bool = True) -> tuple[Any, ListFilters]:
    """A queue or My list, filtered, ordered and paged as the URL says (issue 15). By default
    the procedure's order: immediate protection first, then the decision deadline (SCR-1)."""
    filters = ListFilters(
        request.GET,
        sorts=QUEUE_SORTS,
        teams=_teams() if teams else None,
        channels=Channel.choices,
        statuses=OPEN_STATUS_CHOICES,
    )
    for name, field in (("team", "team_id"), ("channel", "channel"), ("status", "status")):
        if filters.value(name):
            contacts = contacts.filter(**{field: filters.value(name)})
    contacts = received_between(contacts, filters)
    if filters.chosen_sort in _QUEUE_ORDER:
        contacts = contacts.order_by(*_QUEUE_ORDER[filters.chosen_sort])
    return _page(request, _list_rows(contacts)), filters


def queue(request: HttpRequest) -> HttpResponse:
    """SCR-1, INT-13: a queue, most urgent first, with filters by team, channel, status and the
    days received, and other orders (issue 15)."""
    name = request.GET.get("queue", routing.Queue.SCREENING)
    if name not in QUEUES:
        name = routing.Queue.SCREENING
    page, filters = _filtered(request, services.general_queue(name))
    return render(
        request,
        "screening/queue.html",
        staff_context(
            request,
            page_title=f"{QUEUES[name]} queue",
            queues=QUEUES,
            current=name,
            filters=filters,
            error_list=error_list(filters) if filters.errors else [],
            sort_label=dict(QUEUE_SORTS)[filters.chosen_sort],
            page=page,
            now_state=_state,
            query=request.GET.copy(),
        ),
    )


def _state(due_at: Any) -> str:
    return timescales.due_state(due_at, timezone.now())


def mine(request: HttpRequest) -> HttpResponse:
    """What is in front of me: contacts I hold, my allocated children's (INT-14), and for a
    manager, urgent ones about the team's children and proposals waiting for authorisation."""
    user = staff_user(request)
    page, filters = _filtered(request, services.my_list(actor=user), teams=False)
    return render(
        request,
        "screening/mine.html",
        staff_context(
            request,
            page_title="My list",
            page=page,
            filters=filters,
            error_list=error_list(filters) if filters.errors else [],
            sort_label=dict(QUEUE_SORTS)[filters.chosen_sort],
            now_state=_state,
            user=user,
            query=request.GET.copy(),
        ),
    )


@require_POST
def claim_next(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("queue", routing.Queue.SCREENING)
    if name not in QUEUES:
        name = routing.Queue.SCREENING
    try:
        hidden = visibility.for_request(request).hidden_contacts  # SEC-1: never hand over a restricted contact
        contact = services.claim_next(name, actor=staff_user(request), exclude=hidden)
    except services.ScreeningRefused as refused:
        messages.error(request, str(refused))
        return redirect(f"{reverse('screening:queue')}?queue={name}")
    if contact is None:
        messages.info(request, "There are no contacts waiting in this queue.")
        return redirect(f"{reverse('screening:queue')}?queue={name}")
    messages.success(request, f"You are screening contact {contact.reference}")
    return redirect("screening:contact", contact.reference)


def deadlines(request: HttpRequest) -> HttpResponse:
    """TIM-3: what is due today and overdue, by team, before it is breached."""
    filters = f.FilterForm(request.GET, teams=_teams())
    team = None
    if filters.is_valid() and filters.cleaned_data.get("team"):
        team = Team.objects.filter(pk=filters.cleaned_data["team"]).first()
    items = services.due_items(team=team)
    states = ("overdue", "due_today", "due_next_working_day")
    counts = {state: sum(1 for i in items if i.state == state) for state in states}
    by_team: dict[str, dict[str, int]] = {}
    for item in items:
        name = item.contact.team.name if item.contact.team else "No team"
        row = by_team.setdefault(name, dict.fromkeys(states, 0))
        if item.state in row:
            row[item.state] += 1
    hides = visibility.for_request(request).hides
    context = staff_context(
        request,
        page_title="Deadlines",
        items=[_deadline(item, restricted=hides(item.contact)) for item in items],
        counts=counts,
        filters=filters,
        team=team,
        by_team=sorted(by_team.items()),
    )
    return render(request, "screening/deadlines.html", context)


def _deadline(item: services.DueItem, *, restricted: bool) -> Deadline:
    contact = item.contact
    return Deadline(
        record=item.reference,
        href=reverse("screening:contact", args=[contact.reference]),
        title=item.title,
        source=item.source,
        due=item.due_at,
        state=item.state,
        restricted=restricted,
        team=contact.team.name if contact.team else "No team",
        holder=holder(contact.claimed_by, contact.allocated_to),
    )


def referrals(request: HttpRequest) -> HttpResponse:
    """DEC-2: referrals are listed and counted apart from contacts, with their deadlines."""
    filters = f.FilterForm(request.GET, teams=_teams())
    rows = Referral.objects.select_related("contact", "team").order_by("-referred_at", "-id")
    if filters.is_valid() and filters.cleaned_data.get("team"):
        rows = rows.filter(team_id=filters.cleaned_data["team"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = staff_context(
        request, page_title="Referrals", page=page, filters=filters, query=request.GET.copy(), now_state=_state
    )
    return render(request, "screening/referrals.html", context)


# --- One contact ---------------------------------------------------------------------------------


def _workspace(request: HttpRequest, contact: Contact, **extra: Any) -> dict[str, Any]:
    user = staff_user(request)
    screening = Screening.objects.filter(contact=contact).prefetch_related("overrules__by").first()
    found = services.pattern(contact)
    decisions = list(contact.decisions.select_related("proposed_by", "reviewed_by").prefetch_related("escalations"))
    live = next((d for d in decisions if d.status in (DecisionStatus.PROPOSED, DecisionStatus.AUTHORISED)), None)
    referrals = list(contact.referrals.all())
    return staff_context(
        request,
        page_title=f"Screening {contact.reference}",
        contact=contact,
        screening=screening,
        known=services.known_to_services(contact),
        pattern=found,
        suggestions=services.suggestions(contact, screening, found),
        decisions=decisions,
        live=live,
        referrals=referrals,
        updates=list(contact.referrer_updates.select_related("email", "recorded_by")),
        without_notice=list(contact.without_notice_authorisations.select_related("authorised_by")),
        enquiries=list(contact.agency_enquiries.select_related("requested_by")),
        basis=services.basis_for_enquiry(contact),
        user=user,
        holder=contact.claimed_by_id == user.pk,
        can_review=bool(
            live and live.status == DecisionStatus.PROPOSED and user.is_manager and live.proposed_by_id != user.pk
        ),
        now_state=_state,
        deadlines=_deadlines(contact, referrals),
        **extra,
    )


def _deadlines(contact: Contact, referrals: list[Referral]) -> list[dict[str, Any]]:
    """Every deadline of the contact and its referrals, met or not, with its rule and source (TIM-3)."""
    rows: list[tuple[str, Any, Any]] = [
        ("decision", contact.decision_due_at, contact.decided_at),
        ("acknowledgement", contact.acknowledgement_due_at, contact.acknowledged_at),
        ("written_confirmation", contact.written_confirmation_due_at, contact.written_confirmation_received_at),
    ]
    rows += [(d.rule_id, due, met) for referral in referrals for d, due, met in referral.deadlines()]
    now = timezone.now()
    return [
        {
            "title": title,
            "source": source,
            "due_at": due_at,
            "done_at": done_at,
            "state": timescales.due_state(due_at, now, done_at),
        }
        for rule_id, due_at, done_at in rows
        if due_at is not None
        for title, source in [timescales.DEADLINE_RULES[rule_id]]
    ]


def contact(request: HttpRequest, reference: str) -> HttpResponse:
    found = _contact(reference)
    prefetch_related_objects([found], "people")  # read by the pattern, the suggestions and the deadlines
    return render(request, "screening/contact.html", _workspace(request, found))


def _simple(request: HttpRequest, reference: str, act: Callable[[Contact, User], Any], done: str) -> HttpResponse:
    found = _contact(reference)
    try:
        act(found, staff_user(request))
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
    return redirect("screening:contact", reference)


@require_POST
def claim(request: HttpRequest, reference: str) -> HttpResponse:
    return _simple(request, reference, lambda c, u: services.claim(c, actor=u), "You are screening this contact")


@require_POST
def release(request: HttpRequest, reference: str) -> HttpResponse:
    reason = request.POST.get("reason", "")[:2000]
    return _simple(request, reference, lambda c, u: services.release(c, reason, actor=u), "Released back to the queue")


def _form_page(
    request: HttpRequest,
    reference: str,
    form_class: type[forms.Form],
    perform: Callable[[Contact, User, dict[str, Any]], str],
    *,
    title: str,
    template: str = "components/action_form.html",
    initial: Callable[[Contact], dict[str, Any]] | None = None,
    form_kwargs: dict[str, Any] | None = None,
    **extra: Any,
) -> HttpResponse:
    """One question page: GET shows the form, POST validates it and calls the service; a refusal
    is shown as an error on the form, and the answers are kept."""
    found = _contact(reference)
    form_kwargs = form_kwargs or {}
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                done = perform(found, staff_user(request), form.cleaned_data)
            except services.LanguageCheck as check:
                extra["language_flags"] = check.flags
                status = 400
            except (Refused, ValueError) as refused:
                form.add_error(None, str(refused))
                status = 400
            else:
                messages.success(request, done)
                return redirect("screening:contact", reference)
        else:
            status = 400
    else:
        form = form_class(initial=initial(found) if initial else None, **form_kwargs)
    context = staff_context(
        request,
        page_title=title,
        contact=found,
        form=form,
        caption=f"Contact {found.reference}",
        heading=title,
        back_url=reverse("screening:contact", args=[reference]),
        **extra,
    )
    return render(request, template, context, status=status)


def record(request: HttpRequest, reference: str) -> HttpResponse:
    """SCR-2, SCR-4, SCR-6, CON-1, DEC-4, DEC-5, with SCR-7's check of the wording."""

    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        services.save_screening(
            contact, actor=user, keep_wording=bool(data.get("keep_wording")), **f.screening_values(data)
        )
        return "Screening record saved"

    def initial(contact: Contact) -> dict[str, Any]:
        screening = Screening.objects.filter(contact=contact).first()
        return f.ScreeningForm.initial_from(screening) if screening else {}

    return _form_page(
        request,
        reference,
        f.ScreeningForm,
        perform,
        title="Screening record",
        template="screening/record.html",
        initial=initial,
    )


def overrule(request: HttpRequest, reference: str, rule_id: str) -> HttpResponse:
    found = _contact(reference)
    suggestion = next((s for s in services.suggestions(found) if s["rule"] == rule_id), None)
    if suggestion is None:
        messages.error(request, "That suggestion does not apply to this contact")
        return redirect("screening:contact", reference)

    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        services.overrule(contact, rule_id, data["reason"], actor=user)
        return f"Suggestion overruled: {suggestion['title']}"

    return _form_page(
        request,
        reference,
        f.OverruleForm,
        perform,
        title="Overrule a suggestion",
        template="screening/overrule.html",
        suggestion=suggestion,
    )


def police(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        services.record_police_notification(contact, data["details"], actor=user)
        return "Notification of the police recorded"

    return _form_page(request, reference, f.PoliceForm, perform, title="Record that the police were notified")


def propose(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        services.propose_decision(contact, actor=user, **data)
        return "Decision proposed: a manager will authorise it"

    return _form_page(
        request, reference, f.ProposeForm, perform, title="Propose a decision", template="screening/propose.html"
    )


def review(request: HttpRequest, reference: str) -> HttpResponse:
    found = _contact(reference)
    decision = found.decisions.filter(status=DecisionStatus.PROPOSED).select_related("proposed_by").first()
    if decision is None:
        messages.error(request, "There is no proposed decision waiting for a manager")
        return redirect("screening:contact", reference)

    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        if data["action"] == "send_back":
            services.send_back(decision, data["comments"], actor=user)
            return "Sent back to the screener with your comments"
        services.authorise(
            decision, actor=user, comments=data["comments"], strategy_consideration=data["strategy_consideration"]
        )
        return "Decision authorised"

    return _form_page(
        request,
        reference,
        f.ReviewForm,
        perform,
        title="Authorise or send back",
        template="screening/review.html",
        decision=decision,
    )


def reassign(request: HttpRequest, reference: str) -> HttpResponse:
    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        services.reassign(contact, data["to"], data["reason"], actor=user)
        return f"Reassigned to {data['to'].display_name}"

    return _form_page(request, reference, f.ReassignForm, perform, title="Reassign the contact")


def allocate(request: HttpRequest, reference: str) -> HttpResponse:
    """A manager allocates the contact to a team and a worker (issue 15; who may: the permission matrix)."""

    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        team, worker = allocation.chosen(data)
        services.allocate_contact(contact, actor=user, worker=worker, team=team, reason=data["reason"])
        return f"Contact allocated to {worker.display_name if worker else team.name}"

    return _form_page(
        request,
        reference,
        allocation.AllocateForm,
        perform,
        title="Allocate the contact",
        initial=lambda c: allocation.AllocateForm.initial_for(c.team, c.allocated_to),
    )


def told(request: HttpRequest, reference: str) -> HttpResponse:
    found = _contact(reference)
    decision = found.decisions.filter(status=DecisionStatus.AUTHORISED).first()
    suggested = services.referrer_message(found, decision) if decision else ""

    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        services.record_referrer_told(contact, actor=user, method=data["method"], text=data["text"])
        return "Recorded what the referrer was told"

    return _form_page(
        request,
        reference,
        f.ToldForm,
        perform,
        title="Record what the referrer was told",
        initial=lambda c: {"text": suggested},
        suggested=suggested,
    )


def milestone(request: HttpRequest, reference: str, referral_id: int) -> HttpResponse:
    referral = get_object_or_404(Referral, pk=referral_id, contact__reference=reference)
    open_ones = {d.met_field: d.met_text for d, _ in referral.open_deadlines()}

    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        moment = timezone.make_aware(dt.datetime.combine(data["date"], data["time"]), LONDON)
        services.record_milestone(referral, actor=user, milestone=data["milestone"], at=moment)
        return f"Recorded: {services.MILESTONES[data['milestone']].lower()}"

    return _form_page(
        request,
        reference,
        f.MilestoneForm,
        perform,
        title=f"Referral {referral.reference}: record what happened",
        form_kwargs={"milestones": open_ones},
    )


def escalate(request: HttpRequest, reference: str) -> HttpResponse:
    found = _contact(reference)
    decision = found.decisions.filter(status=DecisionStatus.AUTHORISED).first()
    if decision is None:
        messages.error(request, "Only an authorised decision can be escalated")
        return redirect("screening:contact", reference)

    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        services.record_escalation(
            decision, actor=user, name=data["name"], role=data["role"], disagreement=data["disagreement"]
        )
        return "Escalation recorded: a manager will resolve it"

    return _form_page(request, reference, f.EscalationForm, perform, title="Record a disagreement (escalation)")


def resolve(request: HttpRequest, reference: str, escalation_id: int) -> HttpResponse:
    escalation = get_object_or_404(Escalation, pk=escalation_id, decision__contact__reference=reference)

    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        services.resolve_escalation(escalation, actor=user, result=data["result"], resolution=data["resolution"])
        return "Escalation resolved"

    return _form_page(
        request,
        reference,
        f.ResolveForm,
        perform,
        title="Resolve the escalation",
        template="screening/resolve.html",
        escalation=escalation,
    )
