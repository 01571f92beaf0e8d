"""Staff pages of the channels (issue 8): the referrals mailbox's messages, completing an emailed
draft, a phone call's quick entry, and undoing a written-confirmation match (INT-12). Thin."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from frontdoor.core import staff
from frontdoor.core.govuk_forms import error_list
from frontdoor.intake import flat, services
from frontdoor.intake.channel_forms import CHILD_FIELDS, QuickCallForm, UndoMatchForm
from frontdoor.intake.forms import arrival_datetime
from frontdoor.intake.identity import can_see_sender
from frontdoor.intake.journey import STAFF, Journey
from frontdoor.intake.models import (
    Channel,
    Contact,
    ContactStatus,
    InboundMessage,
    WrittenConfirmation,
)
from frontdoor.intake.views import LAST_SUBMISSION


def inbound(request: HttpRequest) -> HttpResponse:
    """Every message that reached the referrals mailbox, newest first; filed ones can be filtered."""
    kind = request.GET.get("kind", "")
    rows = InboundMessage.objects.select_related("contact", "related_contact").defer("raw")
    if kind in InboundMessage.Kind.values:
        rows = rows.filter(kind=kind)
    drafts = Contact.objects.filter(status=ContactStatus.DRAFT).order_by("decision_due_at")
    return render(
        request,
        "intake/staff/inbound.html",
        staff.staff_context(
            request,
            page_title="Referrals mailbox",
            rows=rows[:200],
            kind=kind,
            kinds=InboundMessage.Kind.choices,
            drafts=drafts[:100],
        ),
    )


def inbound_message(request: HttpRequest, pk: int) -> HttpResponse:
    """One email (the permission matrix refuses it for a restricted contact, and logs the read)."""
    message = get_object_or_404(InboundMessage.objects.select_related("contact", "related_contact"), pk=pk)
    from frontdoor.intake import mailparse

    shown = can_see_sender(request.user, message)
    parsed = mailparse.read(bytes(message.raw), message.mail_from) if shown else None
    return render(
        request,
        "intake/staff/inbound_message.html",
        staff.staff_context(
            request,
            page_title=(message.subject or "(no subject)") if shown else "An email whose sender is withheld",
            message=message,
            text=parsed.text if parsed else "",
            attachments=[p.filename for p in parsed.attachments] if parsed else [],
            quarantined=message.quarantined.all(),
            back_url="/staff/mailbox/",
        ),
    )


def inbound_eml(request: HttpRequest, pk: int) -> HttpResponse:
    """The original message as it arrived (.eml), for the record or to forward (the permission
    matrix refuses it for a restricted contact, and logs the download)."""
    message = get_object_or_404(InboundMessage.objects.select_related("contact", "related_contact"), pk=pk)
    if not can_see_sender(request.user, message):
        return staff.forbidden(
            request,
            "The referrer asked for their identity to be withheld: this email says who "
            "they are, so it is not shown to you.",
        )
    response = HttpResponse(bytes(message.raw), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="message-{message.pk}.eml"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def inbound_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(InboundMessage, pk=pk)
    services.record_inbound_reviewed(message, actor=staff.staff_user(request))
    messages.success(request, "Marked as looked at")
    return redirect("intake:staff-inbound")


@require_POST
def complete_draft(request: HttpRequest, reference: str) -> HttpResponse:
    """Start the staff journey for an emailed draft, with what the email said already filled in."""
    contact = get_object_or_404(Contact, reference=reference, status=ContactStatus.DRAFT)
    journey = Journey.start_new(request.session, STAFF)  # an unfinished contact is set aside, not lost
    received = timezone.localtime(contact.received_at)
    journey.completes = contact.reference
    journey.answers["arrival"] = {
        "channel": contact.channel,
        "received_date": received.date().isoformat(),
        "received_time": received.strftime("%H:%M"),
    }
    journey.answers["concern"] = {"concern": contact.concern}
    journey.save(request.session)
    return redirect("intake:staff-step", "danger")


def _payload(data: dict[str, Any]) -> dict[str, Any]:
    payload = {k: v for k, v in data.items() if k not in CHILD_FIELDS and k not in ("received_date", "received_time")}
    child = {name: data.get(field) for field, name in CHILD_FIELDS.items()}
    payload["children"] = [child] if any(child.values()) else []
    return payload


@require_http_methods(["GET", "POST"])
def phone(request: HttpRequest) -> HttpResponse:
    """INT-1 quick entry of a phone call; a professional's call starts the 24-hour clock (INT-12)."""
    key = request.POST.get("submission_key", "") if request.method == "POST" else str(uuid.uuid4())
    try:
        submission_key = uuid.UUID(key)
    except ValueError:
        submission_key = uuid.uuid4()
    form = QuickCallForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        received_at: dt.datetime = arrival_datetime(data["received_date"], data["received_time"])
        draft, problems = flat.to_draft(_payload(data), submission_key, channel="phone", received_at=received_at)
        officer = staff.staff_user(request)
        if draft is not None:
            submission = services.submit_contact(draft, actor=officer)
            contact = submission.contact
            if submission.created or (contact.channel == Channel.PHONE and contact.recorded_by_id == officer.pk):
                # Recorded now, or this officer's own call sent twice (a double click, INT-15).
                if data["told_received"] == "yes":
                    # The caller was told during the call: acknowledged when they called, not when
                    # the call was typed in (a call recorded later is back-dated; issue 17).
                    services.record_acknowledged(contact, "phone", actor=officer, at=contact.received_at)
                # The status code, to read to the caller, shown on the contact page as the full
                # staff form shows it (issue 17); this officer's session only.
                request.session[LAST_SUBMISSION] = {"reference": contact.reference, "secret": submission.status_secret}
                messages.success(request, f"Phone call recorded as {contact.reference}")
                return redirect("intake:staff-contact", contact.reference)
            # A key this page never gave this officer (another contact's, an API submission's):
            # nothing of that contact is shown or changed (issue 13).
            submission_key = uuid.uuid4()
            problems = [{"field": "__all__", "message": "This call was not recorded. Check the answers and try again"}]
        reverse_child = {name: field for field, name in CHILD_FIELDS.items()}
        for problem in problems:
            name = problem["field"].removeprefix("children[0].")
            name = reverse_child.get(name, name) if problem["field"].startswith("children[0].") else name
            if name == "children":
                name = "child_description"
            form.add_error(name if name in form.fields else None, problem["message"])
    return render(
        request,
        "intake/staff/phone.html",
        staff.staff_context(
            request,
            page_title="Record a phone call",
            form=form,
            submission_key=str(submission_key),
            error_list=error_list(form) if form.is_bound else [],
        ),
        status=400 if form.is_bound else 200,
    )


@require_POST
def undo_confirmation(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    link = get_object_or_404(WrittenConfirmation, pk=pk, phone_contact__reference=reference)
    form = UndoMatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter why the match is wrong")
        return redirect("intake:staff-contact", reference)
    try:
        services.undo_written_confirmation(link, form.cleaned_data["reason"], actor=staff.staff_user(request))
    except ValueError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, "Match undone: the phone contact is waiting for its written confirmation again")
    return redirect("intake:staff-contact", reference)
