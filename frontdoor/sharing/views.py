"""Information-request pages (INF-1..INF-7): thin; every change is a call to ``services``, and a
refusal is shown as an error on the page. Who may see what is checked here (403) and again by
the services.

Roles: the Customer Service Centre, screeners, social workers and team managers log, route, prepare
and send; a team manager approves detailed answers (INF-5); the Data Protection Officer sees the
requests routed to the Data Protection Team and the disclosure log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from frontdoor.accounts import allocation
from frontdoor.accounts.models import User
from frontdoor.core import visibility
from frontdoor.core.components import Deadline, holder
from frontdoor.core.errors import Refused
from frontdoor.core.requests import note
from frontdoor.core.staff import staff_context, staff_user
from frontdoor.intake.models import Contact
from frontdoor.people import index
from frontdoor.people.models import Person
from frontdoor.people.views import describe
from frontdoor.policy import information_rules as rules
from frontdoor.policy import timescales
from frontdoor.sharing import facts as record_facts
from frontdoor.sharing import forms as f
from frontdoor.sharing import services
from frontdoor.sharing.models import Disclosure, InformationRequest, RequestStatus

PAGE_SIZE = 50
MATCH_LIMIT = 5


def _request(http: HttpRequest, reference: str) -> InformationRequest:
    found = get_object_or_404(
        InformationRequest.objects.select_related(
            "person", "claimed_by", "allocated_to", "team", "recorded_by", "prepared_by", "approved_by", "contact"
        ),
        reference=reference,
    )
    if not services.can_see(staff_user(http), found):
        raise PermissionDenied("You cannot see this request")
    return found


def _state(due_at: Any) -> str:
    return timescales.due_state(due_at, timezone.now())


def _page(http: HttpRequest, rows: QuerySet[InformationRequest]) -> Any:
    rows = rows.select_related("claimed_by", "allocated_to", "team", "person")
    return Paginator(rows, PAGE_SIZE).get_page(http.GET.get("page"))


def _labels() -> dict[str, Any]:
    return {
        "agencies": dict(rules.Agency.CHOICES),
        "purposes": dict(rules.Purpose.CHOICES),
        "asks": dict(rules.Asked.CHOICES),
        "identities": dict(rules.Identity.CHOICES),
        "routes": rules.Route.LABELS,
        "levels": rules.Level.LABELS,
        "now_state": _state,
    }


# --- Lists ---------------------------------------------------------------------------------------


def queue(http: HttpRequest) -> HttpResponse:
    """Requests waiting for someone, soonest deadline first (in the style of the contacts queue)."""
    staff_user(http)
    page = _page(http, services.request_queue())
    return render(
        http,
        "sharing/list.html",
        staff_context(
            http,
            page_title="Information requests",
            heading="Information requests",
            page=page,
            show_claim_next=True,
            caption_text="waiting, soonest deadline first",
            **_labels(),
        ),
    )


@require_POST
def claim_next(http: HttpRequest) -> HttpResponse:
    user = staff_user(http)
    found = services.claim_next_request(actor=user)
    if found is None:
        messages.info(http, "There are no requests waiting.")
        return redirect("requests:queue")
    messages.success(http, f"You are working on request {found.reference}")
    return redirect("requests:request", found.reference)


def mine(http: HttpRequest) -> HttpResponse:
    """Requests I hold, my allocated children's (INF-1), answers waiting for a manager (INF-5), and
    for the Data Protection Officer those with the Data Protection Team (INF-6)."""
    user = staff_user(http)
    page = _page(http, services.my_requests(actor=user))
    return render(
        http,
        "sharing/list.html",
        staff_context(
            http,
            page_title="My information requests",
            heading="My information requests",
            page=page,
            caption_text="in front of you",
            user=user,
            **_labels(),
        ),
    )


def deadlines(http: HttpRequest) -> HttpResponse:
    """TIM-3 for requests: overdue, due today and due next working day."""
    staff_user(http)
    items = services.due_requests()
    counts = {s: sum(1 for _, state in items if state == s) for s in ("overdue", "due_today", "due_next_working_day")}
    hides = visibility.for_request(http).hides
    return render(
        http,
        "sharing/deadlines.html",
        staff_context(
            http,
            page_title="Information request deadlines",
            counts=counts,
            timescale_source=rules.TIMESCALE_SOURCE,
            items=[_deadline(r, state, restricted=hides(r)) for r, state in items],
            **_labels(),
        ),
    )


def _deadline(r: InformationRequest, state: str, *, restricted: bool) -> Deadline:
    """A request's reply on the deadlines list: who sent it is left out if it is restricted (SEC-1)."""
    return Deadline(
        record=r.reference,
        href=reverse("requests:request", args=[r.reference]),
        title="Reply",
        source=rules.TIMESCALE_SOURCE,
        due=r.due_at,
        state=state,
        restricted=restricted,
        sender="" if restricted else r.organisation,
        holder=holder(r.claimed_by, r.allocated_to),
        status=r.status,
        status_label=r.get_status_display(),
    )


def disclosures(http: HttpRequest) -> HttpResponse:
    """The disclosure log (INF-5): every reply, what it released, to whom, when and on what basis."""
    rows = Disclosure.objects.select_related("request", "person", "sent_by", "approved_by", "email")
    page = Paginator(rows, PAGE_SIZE).get_page(http.GET.get("page"))
    return render(
        http,
        "sharing/disclosures.html",
        staff_context(http, page_title="Disclosure log", page=page, fact_line=services.fact_line, **_labels()),
    )


# --- Logging a request --------------------------------------------------------------------------


def new(http: HttpRequest) -> HttpResponse:
    user = staff_user(http)
    status = 200
    if http.method == "POST":
        form = f.LogRequestForm(http.POST)
        if form.is_valid():
            try:
                found = services.log_request(actor=user, **form.values())
            except services.RequestRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(http, f"Request {found.reference} recorded: now say who it is about")
                return redirect("requests:match", found.reference)
        status = 400
    else:
        now = timezone.localtime()
        form = f.LogRequestForm(initial={"received_date": now.date(), "received_time": now.strftime("%H:%M")})
    return render(
        http,
        "sharing/new.html",
        staff_context(http, page_title="Record an information request", form=form, back_url=reverse("requests:queue")),
        status=status,
    )


# --- One request ---------------------------------------------------------------------------------


def detail(http: HttpRequest, reference: str) -> HttpResponse:
    found = _request(http, reference)
    user = staff_user(http)
    preview = services.preview(found) if found.match_confirmed and found.status == RequestStatus.NEW else None
    proposed = services.proposed_facts(found) if found.status == RequestStatus.DECIDED else []
    earlier = list(services.earlier_disclosures(found))
    replies = list(found.disclosures.select_related("sent_by", "approved_by", "email"))
    case = record_facts.case_of(found.person) if found.match_confirmed else None
    return render(
        http,
        "sharing/request.html",
        staff_context(
            http,
            page_title=f"Information request {found.reference}",
            r=found,
            user=user,
            preview=preview,
            preview_rules=[firing.as_json() for firing in preview.firings] if preview else [],
            proposed=proposed,
            earlier=earlier,
            replies=replies,
            case=case,
            fact_line=services.fact_line,
            can_handle=services.can_handle(user),
            holder=found.claimed_by_id == user.pk,
            can_review=found.status == RequestStatus.AWAITING_APPROVAL
            and user.is_manager
            and found.prepared_by_id != user.pk,
            can_close=(
                found.status == RequestStatus.WITH_DATA_PROTECTION and (services.is_dpo(user) or user.is_manager)
            )
            or (found.status == RequestStatus.PASSED_ON and (found.allocated_to_id == user.pk or user.is_manager)),
            **_labels(),
        ),
    )


def _act(http: HttpRequest, reference: str, act: Callable[[InformationRequest, User], Any], done: str) -> HttpResponse:
    found = _request(http, reference)
    try:
        act(found, staff_user(http))
    except services.RequestRefused as refused:
        messages.error(http, str(refused))
    else:
        messages.success(http, done)
    return redirect("requests:request", reference)


@require_POST
def claim(http: HttpRequest, reference: str) -> HttpResponse:
    return _act(http, reference, lambda r, u: services.claim_request(r, actor=u), "You are working on this request")


@require_POST
def release(http: HttpRequest, reference: str) -> HttpResponse:
    return _act(http, reference, lambda r, u: services.release_request(r, actor=u), "Put back in the queue")


@require_POST
def decide(http: HttpRequest, reference: str) -> HttpResponse:
    def act(found: InformationRequest, user: User) -> None:
        decision = services.decide_route(found, actor=user)
        messages.success(http, f"Routed: {decision.basis.rule.title}")

    found = _request(http, reference)
    try:
        act(found, staff_user(http))
    except services.RequestRefused as refused:
        messages.error(http, str(refused))
    return redirect("requests:request", reference)


def match(http: HttpRequest, reference: str) -> HttpResponse:
    """Who the request is about: the person index's candidates (PPL-2), confirmed by a person (PPL-3).
    A restricted candidate the user is not named on shows as "Restricted record": nothing of them."""
    found = _request(http, reference)
    user = staff_user(http)
    form = f.MatchForm(http.POST if http.method == "POST" else None)
    status = 200
    if http.method == "POST":
        chosen: Person | None = None
        if form.is_valid() and (form.cleaned_data["person"] or form.cleaned_data["not_in_index"]):
            if form.cleaned_data["person"]:
                chosen = get_object_or_404(Person, pk=form.cleaned_data["person"])
            try:
                services.confirm_match(found, chosen, form.cleaned_data["reason"], actor=user)
            except services.RequestRefused as refused:
                form.add_error(None, str(refused))
            else:
                said = f"{chosen.display_name} (record {chosen.pk})" if chosen else "not in the person index"
                messages.success(http, f"The request is about {said}: check the route")
                return redirect("requests:request", reference)
        else:
            form.add_error(None, "Choose a person, or say they are not in the person index")
        status = 400
    query = services.query_of(found)
    ranked = index.find_candidates(query, limit=MATCH_LIMIT) if (query.given_name or query.surname) else []
    prefetch_related_objects([p for _, p in ranked], "names", "addresses")
    family = index.families([p for _, p in ranked])
    candidates = [
        {**describe(c), "person": p, "family": family[p.pk], "current_address": p.current_address()} for c, p in ranked
    ]
    note(http, shown=[p.pk for _, p in ranked])  # logged with the read (SEC-2)
    return render(
        http,
        "sharing/match.html",
        staff_context(
            http,
            page_title=f"Who is request {found.reference} about?",
            r=found,
            form=form,
            candidates=candidates,
            back_url=reverse("requests:request", args=[reference]),
        ),
        status=status,
    )


def _form_page(
    http: HttpRequest,
    reference: str,
    form_class: Callable[..., forms.Form],
    perform: Callable[[InformationRequest, User, dict[str, Any]], str],
    *,
    title: str,
    template: str = "components/action_form.html",
    initial: dict[str, Any] | None = None,
    form_kwargs: dict[str, Any] | None = None,
    **extra: Any,
) -> HttpResponse:
    found = _request(http, reference)
    user = staff_user(http)
    kwargs = form_kwargs or {}
    status = 200
    if http.method == "POST":
        form = form_class(http.POST, **kwargs)
        if form.is_valid():
            try:
                done = perform(found, user, form.cleaned_data)
            except services.RequestRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(http, done)
                return redirect("requests:request", reference)
        status = 400
    else:
        form = form_class(initial=initial, **kwargs)
    context = staff_context(
        http,
        page_title=title,
        heading=title,
        caption=f"Information request {found.reference}",
        r=found,
        form=form,
        back_url=reverse("requests:request", args=[reference]),
        **_labels(),
        **extra,
    )
    return render(http, template, context, status=status)


def allocate(http: HttpRequest, reference: str) -> HttpResponse:
    """A manager allocates the request to a team and a worker (issue 15; who may: the permission matrix)."""
    found = _request(http, reference)

    def perform(r: InformationRequest, user: User, data: dict[str, Any]) -> str:
        team, worker = allocation.chosen(data)
        services.allocate_request(r, actor=user, worker=worker, team=team, reason=data["reason"])
        return f"Request allocated to {worker.display_name if worker else team.name}"

    return _form_page(
        http,
        reference,
        allocation.AllocateForm,
        perform,
        title="Allocate the request",
        initial=allocation.AllocateForm.initial_for(found.team, found.allocated_to),
    )


def evidence(http: HttpRequest, reference: str) -> HttpResponse:
    """INF-7, INF-4, INF-5: the requester sent what was asked for; the request is routed again."""
    found = _request(http, reference)

    def perform(r: InformationRequest, user: User, data: dict[str, Any]) -> str:
        services.record_evidence(r, actor=user, **data)
        return "Evidence recorded: check the route again"

    initial = {
        "identity": found.identity,
        "identity_notes": found.identity_notes,
        "legitimacy_in_doubt": "yes" if found.legitimacy_in_doubt else "no",
        "consent_from_pr": "yes" if found.consent_from_pr else "no",
        "statutory_role_evidenced": "yes" if found.statutory_role_evidenced else "no",
        "evidence_notes": found.evidence_notes,
        "purpose_details": found.purpose_details,
        "requester_email": found.requester_email,
    }
    return _form_page(
        http, reference, f.EvidenceForm, perform, title="Record the requester's evidence or address", initial=initial
    )


def prepare(http: HttpRequest, reference: str) -> HttpResponse:
    """The answer: exactly which facts will be disclosed, each left out only with a reason."""
    found = _request(http, reference)
    proposed = services.proposed_facts(found)

    def perform(r: InformationRequest, user: User, data: dict[str, Any]) -> str:
        services.prepare_answer(r, actor=user, excluded=data["excluded"], note=data.get("note", ""))
        if r.manager_approval:
            return "Answer prepared: a team manager must approve it before it is sent"
        return "Answer prepared: check it and send it"

    rows = [
        {"fact": fact, "line": services.fact_line(fact, detailed=found.level == rules.Level.DETAILED), "i": i}
        for i, fact in enumerate(proposed)
    ]
    return _form_page(
        http,
        reference,
        f.PrepareForm,
        perform,
        title="Prepare the answer",
        template="sharing/prepare.html",
        form_kwargs={"facts": proposed},
        rows=rows,
        earlier=list(services.earlier_disclosures(found)),
        fact_line=services.fact_line,
        initial={"note": found.draft_note},
    )


def review(http: HttpRequest, reference: str) -> HttpResponse:
    """INF-5: a team manager (not the preparer) approves exactly what will be sent, or sends it back."""

    def perform(r: InformationRequest, user: User, data: dict[str, Any]) -> str:
        if data["action"] == "send_back":
            services.send_back_answer(r, data["comments"], actor=user)
            return "Sent back to be changed"
        services.approve_answer(r, data.get("comments", ""), actor=user)
        return "Answer approved: it can be sent"

    return _form_page(
        http,
        reference,
        f.ReviewForm,
        perform,
        title="Approve the answer",
        template="sharing/review.html",
        fact_line=services.fact_line,
    )


def send(http: HttpRequest, reference: str) -> HttpResponse:
    """Send what the rule allows: the prepared answer, a refusal saying why, or a request for evidence."""
    found = _request(http, reference)
    is_answer = found.route == rules.Route.ANSWER
    text = found.draft_text if is_answer else services.reply_text(found)

    def perform(r: InformationRequest, user: User, data: dict[str, Any]) -> str:
        disclosure = services.send_reply(r, actor=user, method=data["method"])
        where = f"to {disclosure.to_email}" if disclosure.to_email else "and recorded"
        return f"{disclosure.get_kind_display()} sent {where}"

    return _form_page(
        http,
        reference,
        f.SendForm,
        perform,
        title="Send the reply",
        template="sharing/send.html",
        text=text,
        is_answer=is_answer,
        initial={"method": "email"},
        button_text="Send",
        gov_uk_ok=rules.is_gov_uk(found.requester_email),
    )


def outcome(http: HttpRequest, reference: str) -> HttpResponse:
    """What became of a request passed on (Data Protection Team, or the allocated worker's court correspondence)."""

    def perform(r: InformationRequest, user: User, data: dict[str, Any]) -> str:
        services.record_outcome(r, data["notes"], actor=user)
        return "Request closed"

    return _form_page(http, reference, f.OutcomeForm, perform, title="Record what was done and close the request")


# --- Asking other agencies about a contact's family (CON-2, CON-3) -------------------------------


def _contact_form_page(
    http: HttpRequest,
    reference: str,
    form_class: type[forms.Form],
    perform: Callable[[Contact, User, dict[str, Any]], str],
    *,
    title: str,
) -> HttpResponse:
    """A question about a contact: the answer goes to sharing's services, a refusal is shown on the
    form with the answers kept, and done leads back to the contact's screening page."""
    contact = get_object_or_404(Contact, reference=reference)
    status = 200
    if http.method == "POST":
        form = form_class(http.POST)
        if form.is_valid():
            try:
                done = perform(contact, staff_user(http), form.cleaned_data)
            except Refused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(http, done)
                return redirect("screening:contact", reference)
        status = 400
    else:
        form = form_class()
    context = staff_context(
        http,
        page_title=title,
        heading=title,
        caption=f"Contact {contact.reference}",
        contact=contact,
        form=form,
        back_url=reverse("screening:contact", args=[reference]),
    )
    return render(http, "components/action_form.html", context, status=status)


def without_notice(http: HttpRequest, reference: str) -> HttpResponse:
    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        services.authorise_without_notice(contact, data["reasons"], actor=user)
        return "Sharing without the parents' knowledge authorised"

    title = "Authorise consulting other agencies without the parents' knowledge"
    return _contact_form_page(http, reference, f.WithoutNoticeForm, perform, title=title)


def enquiry(http: HttpRequest, reference: str) -> HttpResponse:
    def perform(contact: Contact, user: User, data: dict[str, Any]) -> str:
        services.request_information(contact, actor=user, **data)
        return "Request to the agency recorded"

    return _contact_form_page(http, reference, f.EnquiryForm, perform, title="Ask another agency for information")
