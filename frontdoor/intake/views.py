"""The standard form's pages, for the public and for staff (thin: state changes are in services)."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from frontdoor.accounts.models import PATHWAY_ROLES, Team, User
from frontdoor.core import staff, validation, words
from frontdoor.core.govuk_forms import error_list, radios
from frontdoor.core.lists import ListFilters, allocated, page_of, received_between, today_first
from frontdoor.core.sessions import save_with_transaction
from frontdoor.intake import forms as f
from frontdoor.intake import limits, receipts, services
from frontdoor.intake.channel_forms import UndoMatchForm
from frontdoor.intake.journey import (
    PUBLIC,
    STAFF,
    STEP_BY_SLUG,
    Journey,
    form_for,
    person_summary,
    summary,
)
from frontdoor.intake.models import Attachment, Channel, Contact, ContactStatus
from frontdoor.intake.uploads import refused as upload_refused
from frontdoor.policy import routing
from frontdoor.policy.active import active_config

LAST_SUBMISSION = "intake:last-submission"
# The keys of the journeys this browser has sent (newest last): only these are "already sent"
# here (Back and Send again, a double click). A key from anywhere else (another browser's
# journey, a partner's API submission) is never accepted by these pages.
SENT_JOURNEYS = "intake:sent-journeys"
SENT_JOURNEYS_KEPT = 20
HONEYPOT = "fd_hp_leave_empty"
STARTED = "fd_started"  # SEC-3: a signed timestamp of when the journey began
_STARTED_SALT = "frontdoor.intake.started"


def _signed_start(journey: Journey) -> str:
    return signing.dumps(journey.started_at, salt=_STARTED_SALT)


def _looks_automated(request: HttpRequest, journey: Journey) -> bool:
    """SEC-3 without a CAPTCHA: the hidden honeypot field was filled in, or the contact was
    sent sooner after its journey began than a person could (FRONTDOOR_SPAM_MIN_SECONDS), or
    the signed start time is missing or forged. Such a contact is kept and flagged, never lost."""
    if request.POST.get(HONEYPOT, "").strip():
        return True
    try:
        started = dt.datetime.fromisoformat(signing.loads(request.POST.get(STARTED, ""), salt=_STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return True
    elapsed = (timezone.now() - started).total_seconds()
    return bool(elapsed < settings.FRONTDOOR_SPAM_MIN_SECONDS)


def _mode_context(mode: str) -> dict[str, Any]:
    if mode == PUBLIC:
        return {"show_exit": True}
    return {
        "service_name": "Front Door (staff)",
        "service_url": reverse("intake:staff-home"),
        "navigation": staff.navigation(),
    }


def _step_url(mode: str, slug: str) -> str:
    name = "intake:step" if mode == PUBLIC else "intake:staff-step"
    return reverse(name, args=[slug])


def start(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "intake/start.html",
        {
            "show_exit": True,
            "page_title": "Tell us you are worried about a child",
            "first_step": _step_url(PUBLIC, "danger"),
        },
    )


def _render_question(
    request: HttpRequest, mode: str, journey: Journey, slug: str, form: forms.Form, status: int = 200
) -> HttpResponse:
    previous = journey.previous_slug(slug)
    back = _step_url(mode, previous) if previous else (reverse("intake:start") if mode == PUBLIC else None)
    if request.GET.get("change"):
        back = _step_url(mode, "check")
    context = {
        **_mode_context(mode),
        "form": form,
        "page_title": getattr(form, "title", ""),
        "error_list": error_list(form) if form.is_bound else [],
        "back_url": back,
        "slug": slug,
        "mode": mode,
        "change": bool(request.GET.get("change")),
        # Issue 17: the officer's unfinished contacts, to take up by choice, under the first question.
        "unfinished": Journey.unfinished(request.session, STAFF) if mode == STAFF and slug == "arrival" else [],
        "flash": list(messages.get_messages(request)) if mode == STAFF else [],
    }
    context["single"] = len(form.fields) == 1
    return render(request, "intake/steps/question.html", context, status=status)


def _after(request: HttpRequest, mode: str, journey: Journey, slug: str) -> HttpResponse:
    if request.GET.get("change") and slug not in ("danger", "about-you"):
        return redirect(_step_url(mode, "check"))
    return redirect(_step_url(mode, journey.next_slug(slug)))


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str, mode: str = PUBLIC) -> HttpResponse:
    journey = Journey.load(request.session, mode)
    if journey is None:  # load() creates one when there is none
        raise Http404
    if slug not in STEP_BY_SLUG or mode not in STEP_BY_SLUG[slug].modes:
        raise Http404
    if slug == "children":
        return people_list(request, mode, journey, "children")
    if slug == "people":
        return people_list(request, mode, journey, "people")
    if slug == "documents":
        return documents(request, mode, journey)
    if slug == "check":
        return check(request, mode, journey)
    if slug == "call-999":
        if request.method == "POST":
            return _after(request, mode, journey, slug)
        return render(
            request,
            "intake/steps/call-999.html",
            {**_mode_context(mode), "page_title": "Call 999 now", "back_url": _step_url(mode, "danger"), "slug": slug},
        )
    form_class = form_for(journey, slug)
    if form_class is None:
        raise Http404
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            journey.answers[slug] = form.to_session()
            journey.save(request.session)
            return _after(request, mode, journey, slug)
        return _render_question(request, mode, journey, slug, form, status=400)
    return _render_question(request, mode, journey, slug, form_class(initial=journey.answers.get(slug, {})))


def people_list(request: HttpRequest, mode: str, journey: Journey, which: str) -> HttpResponse:
    items = journey.children if which == "children" else journey.people
    if request.method == "POST":
        remove = request.POST.get("remove")
        if remove is not None and remove.isdigit() and int(remove) < len(items):
            items.pop(int(remove))
            journey.save(request.session)
            return redirect(_step_url(mode, which))
        if which == "children" and not items:
            return _render_list(request, mode, journey, which, no_child=True)
        return _after(request, mode, journey, which)
    return _render_list(request, mode, journey, which)


def _render_list(request: HttpRequest, mode: str, journey: Journey, which: str, no_child: bool = False) -> HttpResponse:
    items = journey.children if which == "children" else journey.people
    previous = journey.previous_slug(which)
    errors = [{"text": "Add the child you are worried about", "href": "#add"}] if no_child else []
    return render(
        request,
        "intake/steps/list.html",
        {
            **_mode_context(mode),
            "which": which,
            "items": items,
            "page_title": "Children you are worried about" if which == "children" else "Other people",
            "back_url": _step_url(mode, previous) if previous else None,
            "add_url": reverse("intake:person" if mode == PUBLIC else "intake:staff-person", args=[which, "new"]),
            "edit_name": "intake:person" if mode == PUBLIC else "intake:staff-person",
            "error_list": errors,
            "mode": mode,
        },
        status=400 if no_child else 200,
    )


@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, which: str, index: str, mode: str = PUBLIC) -> HttpResponse:
    """Add or change one child (`which` = children) or other person (`which` = people)."""
    if which not in ("children", "people"):
        raise Http404
    journey = Journey.load(request.session, mode)
    if journey is None:  # load() creates one when there is none
        raise Http404
    items = journey.children if which == "children" else journey.people
    position = None if index == "new" else int(index) if index.isdigit() and int(index) < len(items) else -1
    if position == -1:
        raise Http404
    form_class: type[f.JourneyForm] = f.ChildForm if which == "children" else f.PersonForm
    born = _born_answer(request, items[position] if position is not None else {}) if which == "children" else ""
    if which == "children" and request.method == "POST" and "born_question" in request.POST:
        return _born_question(request, which, index, mode, f.BornForm(request.POST))
    if which == "children" and request.method == "GET" and not born:
        return _born_question(request, which, index, mode, f.BornForm())
    if request.method == "POST":
        form = form_class(request.POST)
        too_many = limits.people_limit_problem(which, len(items) + 1) if position is None else None
        if too_many and form.is_valid():
            form.add_error(None, too_many)
        if form.is_valid():
            data = form.to_session()
            if position is None:
                items.append(data)
            else:
                items[position] = data
            journey.save(request.session)
            return redirect(_step_url(mode, which))
        status = 400
    else:
        form = form_class(initial=items[position] if position is not None else {})
        status = 200
    if which == "children":
        born = str(form["born"].value() or born)
    return render(
        request,
        "intake/steps/person.html",
        {
            **_mode_context(mode),
            "form": form,
            "born": born,
            # Issue 17: only the dates that apply to a born child, or to an unborn baby.
            "left_out": ("born", *(f.UNBORN_ONLY if born == "yes" else f.BORN_ONLY if born == "no" else ())),
            "change_born": request.path + "?born=",
            "which": which,
            "page_title": form.title,
            "error_list": error_list(form) if form.is_bound else [],
            "back_url": _step_url(mode, which),
            "mode": mode,
        },
        status=status,
    )


def _born_answer(request: HttpRequest, saved: dict[str, Any]) -> str:
    """Whether the child has been born: chosen just now (?born=), or as saved for this child."""
    chosen = request.GET.get("born", "")
    if chosen in ("yes", "no"):
        return chosen
    if "born" in request.GET:
        return ""  # "change": ask again
    return str(saved.get("born", ""))


def _born_question(request: HttpRequest, which: str, index: str, mode: str, form: f.BornForm) -> HttpResponse:
    if form.is_bound and form.is_valid():
        return redirect(request.path + f"?born={form.cleaned_data['born']}")
    return render(
        request,
        "intake/steps/born.html",
        {
            **_mode_context(mode),
            "form": form,
            "page_title": form.title,
            "error_list": error_list(form) if form.is_bound else [],
            "back_url": _step_url(mode, which),
            "mode": mode,
        },
        status=400 if form.is_bound else 200,
    )


def documents(request: HttpRequest, mode: str, journey: Journey) -> HttpResponse:
    key = uuid.UUID(journey.key)
    form = f.UploadForm()
    status = 200
    if request.method == "POST":
        if "remove" in request.POST and request.POST["remove"].isdigit():
            services.remove_upload(journey_key=key, attachment_id=int(request.POST["remove"]))
            return redirect(_step_url(mode, "documents"))
        if mode == PUBLIC and request.FILES and limits.limited(request, limits.UPLOAD):
            return limits.too_many_requests(
                request, what="upload your document", retry_url=_step_url(mode, "documents")
            )
        form = f.UploadForm(request.POST, request.FILES)
        upload = request.FILES.get("document")
        if upload_refused(request, "document") and form.is_valid():
            form.add_error("document", validation.FILE_SIZE_MESSAGE)  # refused as it arrived
        elif form.is_valid() and upload is not None:
            data = upload.read()
            try:
                kind = validation.sniff_upload(data, upload.name or "")
            except validation.ValidationProblem as problem:
                form.add_error("document", problem.message)
            else:
                services.store_upload(
                    journey_key=key,
                    filename=validation.safe_filename(upload.name or "document", kind.extension),
                    content_type=kind.content_type,
                    data=data,
                    sha256=hashlib.sha256(data).hexdigest(),
                    received_by_post_on=form.cleaned_data.get("received_by_post_on"),
                )
                if request.POST.get("action") == "continue":
                    return _after(request, mode, journey, "documents")
                return redirect(_step_url(mode, "documents"))
        elif form.is_valid() and request.POST.get("action") == "continue":
            return _after(request, mode, journey, "documents")
        elif form.is_valid():
            form.add_error("document", "Select a file to upload")
        status = 400
    uploads = Attachment.objects.filter(journey_key=key, contact__isnull=True).only("id", "filename", "size")
    return render(
        request,
        "intake/steps/documents.html",
        {
            **_mode_context(mode),
            "form": form,
            "uploads": uploads,
            "page_title": "Supporting documents",
            "error_list": error_list(form) if form.is_bound else [],
            "back_url": _step_url(mode, journey.previous_slug("documents") or "parents"),
            "continue_url": _step_url(mode, journey.next_slug("documents")),
            "mode": mode,
        },
        status=status,
    )


def check(request: HttpRequest, mode: str, journey: Journey) -> HttpResponse:
    key = uuid.UUID(journey.key)
    problems = journey.missing()
    if request.method == "POST":
        posted_key = request.POST.get("submission_key", "")
        if mode == PUBLIC and limits.limited(request, limits.SEND):
            return limits.too_many_requests(request, what="send your contact", retry_url=_step_url(mode, "check"))
        if posted_key != journey.key:
            return _already_sent(request, mode, posted_key)
        if _nothing_answered_since_sending(request, journey):
            return _sent_before(request, mode)
        if not problems:
            draft = services.ContactDraft(
                submission_key=key,
                channel=journey.channel(),
                received_at=journey.received_at(),
                fields=journey.contact_fields(),
                # SEC-3 honeypot and time check: tripped, the contact is kept (a browser's
                # autofill or a very fast person must never lose a real referral, INT-2) but flagged.
                suspected_automated=mode == PUBLIC and _looks_automated(request, journey),
                people=journey.people_rows(),
                attachment_ids=None,  # every upload of this journey not yet sent, linked in one UPDATE
            )
            if mode == STAFF and journey.completes:
                # An emailed draft, completed with the standard form: the same contact (INT-1).
                completed = get_object_or_404(Contact, reference=journey.completes)
                try:
                    services.complete_draft(completed, draft, actor=staff.staff_user(request))
                except ValueError:
                    pass  # completed already (a second click): show it
                Journey.discard(request.session, mode)
                return redirect("intake:staff-contact", completed.reference)
            # One commit: the contact, and this browser's session (the journey gone, the key it
            # sent remembered) with it, never the one without the other (frontdoor/core/sessions.py).
            with transaction.atomic():
                submission = services.submit_contact(draft, actor=request.user if mode == STAFF else None)  # type: ignore[arg-type]
                response = _confirm(request, mode, submission)
                save_with_transaction(request.session)  # type: ignore[arg-type]
            return response
    if _nothing_answered_since_sending(request, journey):
        return _sent_before(request, mode)
    uploads = Attachment.objects.filter(journey_key=key, contact__isnull=True).only("id", "filename", "size")
    return render(
        request,
        "intake/steps/check.html",
        {
            **_mode_context(mode),
            "journey": journey,
            "uploads": uploads,
            "problems": problems,
            "error_list": [{"text": m, "href": _step_url(mode, s)} for s, m in problems]
            if request.method == "POST"
            else [],
            "page_title": "Check your answers before sending",
            "back_url": _step_url(mode, journey.previous_slug("check") or "documents"),
            "step_url": lambda s, **kw: _step_url(mode, s) + ("?change=1" if kw.get("change", True) else ""),
            "person_url": lambda which, i: (
                reverse("intake:person" if mode == PUBLIC else "intake:staff-person", args=[which, i]) + "?change=1"
            ),
            "mode": mode,
            "sections": summary(journey),
            "children": person_summary(journey, "children"),
            "people": person_summary(journey, "people"),
            "has_hub": "hub" in journey.answers,
            "honeypot": HONEYPOT,
            "started_field": STARTED,
            "started_value": _signed_start(journey),
        },
        status=400 if request.method == "POST" else 200,
    )


def _confirm(request: HttpRequest, mode: str, submission: services.Submission) -> HttpResponse:
    contact = submission.contact
    if submission.created or submission.status_secret is not None:
        # Sent now, or sent before by this browser (its session holds the journey) whose answer
        # was lost: either way it sees the confirmation, with the same reference and code.
        request.session[LAST_SUBMISSION] = {"reference": contact.reference, "secret": submission.status_secret}
        _remember_sent(request, str(contact.submission_key))
        Journey.discard(request.session, mode)
    name = "intake:confirmation" if mode == PUBLIC else "intake:staff-contact"
    return HttpResponseRedirect(reverse(name, args=[contact.reference]))


def _nothing_answered_since_sending(request: HttpRequest, journey: Journey) -> bool:
    """Back after sending reloads the check page (it is never cached) with a new, empty journey:
    this browser sent a contact and has answered nothing since (issue 17, INT-15)."""
    if not (request.session.get(LAST_SUBMISSION) or {}).get("reference"):
        return False
    if journey.answers or journey.children or journey.people or journey.completes:
        return False
    return not Attachment.objects.filter(journey_key=uuid.UUID(journey.key), contact__isnull=True).exists()


def _sent_before(request: HttpRequest, mode: str) -> HttpResponse:
    """ "Already sent, here is your reference": never the list of unanswered questions, which
    reads as if the contact was lost (issue 17)."""
    last = request.session[LAST_SUBMISSION]
    contact = get_object_or_404(Contact, reference=last["reference"])
    return render(
        request,
        "intake/already_sent.html",
        {
            **_mode_context(mode),
            "contact": contact,
            "page_title": "You have already sent this",
            "mode": mode,
            "confirmation_url": reverse(
                "intake:confirmation" if mode == PUBLIC else "intake:staff-contact", args=[contact.reference]
            ),
            "restart": _step_url(mode, "danger" if mode == PUBLIC else "arrival"),
        },
    )


def _remember_sent(request: HttpRequest, key: str) -> None:
    sent = [k for k in request.session.get(SENT_JOURNEYS, []) if k != key]
    request.session[SENT_JOURNEYS] = [*sent, key][-SENT_JOURNEYS_KEPT:]


def _sent_by_this_browser(request: HttpRequest, key: str) -> bool:
    return key in request.session.get(SENT_JOURNEYS, [])


def _already_sent(request: HttpRequest, mode: str, posted_key: str) -> HttpResponse:
    """The journey was sent already by this browser (double click, back button and resubmit):
    show its contact. A key this browser did not send finds nothing, whoever's it is (issue 13:
    a key is a journey's, not a password to someone else's confirmation and receipt)."""
    contact = None
    if _sent_by_this_browser(request, posted_key):
        try:
            contact = Contact.objects.filter(submission_key=uuid.UUID(posted_key)).first()
        except ValueError:
            contact = None
    if contact is None:
        # Not sent by this browser, and not its current journey: the answers were lost with an
        # expired session. Say so plainly rather than showing an empty check page.
        return render(
            request,
            "intake/timed_out.html",
            {**_mode_context(mode), "page_title": "Your answers were not saved", "restart": _step_url(mode, "danger")},
            status=409,
        )
    return _confirm(request, mode, services.sent_again(contact))


def confirmation(request: HttpRequest, reference: str) -> HttpResponse:
    last = request.session.get(LAST_SUBMISSION) or {}
    if last.get("reference") != reference:
        # Only the browser that sent the contact sees its confirmation and secret.
        raise Http404
    contact = get_object_or_404(Contact, reference=reference)
    return render(
        request,
        "intake/confirmation.html",
        {
            "contact": contact,
            "secret": last.get("secret"),
            "page_title": "Contact received",
            "show_exit": True,
            "returned": contact.queue == routing.Queue.RETURNED,
            "hub_opens": routing.next_hub_opening(contact.received_at, active_config()),
        },
    )


def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """INT-16: a timed and dated copy of what was sent, as a PDF, for the browser that sent it."""
    last = request.session.get(LAST_SUBMISSION) or {}
    if last.get("reference") != reference:
        raise Http404
    contact = get_object_or_404(Contact.objects.prefetch_related("people", "attachments"), reference=reference)
    # The status code goes on the receipt (issue 17): for someone without email, the receipt is
    # how they keep it. Only the browser that sent the contact holds it.
    response = HttpResponse(
        receipts.receipt_pdf(contact, status_code=last.get("secret")), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="receipt-{contact.reference}.pdf"'
    return response


class StatusForm(forms.Form):
    reference = forms.CharField(
        label="Reference number",
        max_length=30,
        help_text="For example FD-7K3M-Q9PX",
        error_messages={"required": "Enter the reference number"},
    )
    secret = forms.CharField(
        label="Status code",
        max_length=30,
        help_text="The code shown on your confirmation page, on your receipt and in our email",
        error_messages={"required": "Enter the status code"},
    )


def status(request: HttpRequest) -> HttpResponse:
    """ACK-2: with the reference and secret, the referrer learns only that it was received,
    until a decision is authorised; then what they were told of it (ACK-3)."""
    if request.method == "POST" and limits.limited(request, limits.STATUS):
        return limits.too_many_requests(request, what="look up your contact", retry_url=reverse("intake:status"))
    form = StatusForm(request.POST if request.method == "POST" else None)
    found = None
    code = 200
    if request.method == "POST":
        if form.is_valid():
            # Forgiving of case, spaces, hyphens and look-alike characters (issue 17).
            reference = services.normalise_reference(form.cleaned_data["reference"])
            contact = Contact.objects.filter(reference=reference).first()
            if contact is not None and contact.secret_matches(
                services.normalise_status_code(form.cleaned_data["secret"])
            ):
                found = contact
            else:
                form.add_error(
                    "reference",
                    "We cannot find a contact with that reference and status code. Check them and try again",
                )
        if found is None:
            code = 400
    return render(
        request,
        "intake/status.html",
        {
            "form": form,
            "found": found,
            "outcome": services.outcome_for_referrer(found) if found else "",
            "page_title": "Check the status of your contact",
            "show_exit": True,
            "error_list": error_list(form) if form.is_bound and not found else [],
        },
        status=code,
    )


# Staff ---------------------------------------------------------------------------------------


CONTACT_SORTS = (
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("due", "Decision due soonest"),
    ("urgent", "Immediate protection first"),
)
_CONTACT_ORDER = {  # by received_at alone: the index on it gives a page without sorting the table
    "newest": ("-received_at",),
    "oldest": ("received_at",),
    "due": ("decision_due_at", "id"),
    "urgent": ("priority", "decision_due_at", "id"),
}


def _allocatable() -> QuerySet[User]:
    """The workers a contact can be allocated to: the filter's choices on the Contacts page."""
    rows = User.objects.filter(is_active=True, role__in=list(PATHWAY_ROLES))
    return rows.order_by("first_name", "last_name", "username")


def staff_home(request: HttpRequest) -> HttpResponse:
    """The Contacts page (issue 15): every contact, newest first (so today's first), paged,
    sortable and filtered by team, queue, channel, status, the worker it is allocated to and the
    days received; the filters are in the URL. Restricted rows are listed masked ("Restricted record"; SEC-1)."""
    filters = ListFilters(
        request.GET,
        sorts=CONTACT_SORTS,
        teams=list(Team.objects.order_by("name").values_list("id", "name")),
        queues=[(q, words.queue_label(q)) for q in routing.Queue.ALL],
        channels=Channel.choices,
        statuses=ContactStatus.choices,
        workers=[(u.pk, u.display_name) for u in _allocatable()],
    )
    contacts: QuerySet[Contact] = Contact.objects.select_related("team").prefetch_related("people")
    for name, field in (("team", "team_id"), ("queue", "queue"), ("channel", "channel"), ("status", "status")):
        if filters.value(name):
            contacts = contacts.filter(**{field: filters.value(name)})
    contacts = allocated(received_between(contacts, filters), filters)
    sort = filters.chosen_sort
    order = _CONTACT_ORDER[sort]
    if sort != "newest":  # today's contacts first whatever the order (newest first has them first already)
        contacts, today = today_first(contacts)
        order = (today, *order)
    page = page_of(contacts.order_by(*order), request.GET.get("page"))
    awaiting_confirmation = Contact.objects.filter(
        written_confirmation_due_at__isnull=False, written_confirmation_received_at__isnull=True
    ).order_by("written_confirmation_due_at")[:20]
    return render(
        request,
        "intake/staff/home.html",
        staff.staff_context(
            request,
            page=page,
            filters=filters,
            error_list=error_list(filters) if filters.errors else [],
            sort_label=dict(CONTACT_SORTS)[sort],
            query=request.GET.copy(),
            awaiting_confirmation=awaiting_confirmation,
            # Emailed contacts an officer must complete (issue 8): listed first, never lost.
            drafts=Contact.objects.filter(status=ContactStatus.DRAFT).order_by("decision_due_at")[:20],
            page_title="Contacts",
        ),
    )


def staff_contact(request: HttpRequest, reference: str) -> HttpResponse:
    contact = get_object_or_404(
        Contact.objects.prefetch_related("people", "attachments", "emails"), reference=reference
    )
    # SEC-2: the read is logged by frontdoor.access.middleware (the matrix's "reads").
    return _render_contact(request, contact, move_form=MoveForm(initial={"queue": contact.queue}))


def _render_contact(
    request: HttpRequest, contact: Contact, *, move_form: forms.Form, status: int = 200
) -> HttpResponse:
    last = request.session.get(LAST_SUBMISSION) or {}
    reference = contact.reference
    return render(
        request,
        "intake/staff/contact.html",
        {
            **_mode_context(STAFF),
            "contact": contact,
            "form": move_form,
            "page_title": f"Contact {contact.reference}",
            "just_recorded": last.get("reference") == reference,
            "secret": last.get("secret") if last.get("reference") == reference else None,
            "flash": list(messages.get_messages(request)),
            "undo_form": UndoMatchForm(),
        },
        status=status,
    )


def staff_attachment(request: HttpRequest, reference: str, attachment_id: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment, id=attachment_id, contact__reference=reference)
    # SEC-2: the download is logged by frontdoor.access.middleware (the matrix's "exports").
    # SEC-3: never rendered by the browser: a type found from the content, always a download,
    # no sniffing, and a sandboxing policy should it be opened anyway.
    response = HttpResponse(
        bytes(attachment.data), content_type=validation.served_content_type(attachment.content_type)
    )
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def staff_written_confirmation(request: HttpRequest, reference: str) -> HttpResponse:
    contact = get_object_or_404(Contact, reference=reference)
    try:
        services.record_written_confirmation(contact, actor=request.user)  # type: ignore[arg-type]
    except ValueError as refused:  # found by tests/access: a contact that needs none answered 500
        messages.error(request, str(refused))
    return redirect("intake:staff-contact", reference)


class MoveForm(forms.Form):
    queue = radios(
        [(q, words.queue_label(q)) for q in routing.Queue.ALL],
        label="Move to queue",
        error_messages={"required": "Select a queue"},
    )
    reason = forms.CharField(
        label="Why are you overruling the rules?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why you are moving this contact"},
    )


@require_POST
def staff_move(request: HttpRequest, reference: str) -> HttpResponse:
    contact = get_object_or_404(Contact, reference=reference)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.move_to_queue(contact, form.cleaned_data["queue"], form.cleaned_data["reason"], actor=request.user)  # type: ignore[arg-type]
        return redirect("intake:staff-contact", reference)
    return _render_contact(request, contact, move_form=form, status=400)


@require_POST
def staff_acknowledged_by_phone(request: HttpRequest, reference: str) -> HttpResponse:
    """ACK-1: the referrer was told by phone that their contact was received."""
    contact = get_object_or_404(Contact, reference=reference)
    services.record_acknowledged(contact, "phone", actor=request.user)  # type: ignore[arg-type]
    return redirect("intake:staff-contact", reference)


def staff_record(request: HttpRequest) -> HttpResponse:
    """Issue 17: "Record a contact" always starts a new contact. One left unfinished is set aside
    (listed on the first page, to take up by choice), never filled in with the next caller's details."""
    Journey.start_new(request.session, STAFF)
    return redirect("intake:staff-step", "arrival")


@require_POST
def staff_resume(request: HttpRequest) -> HttpResponse:
    """Take up an unfinished contact this officer set aside, from its check page."""
    if Journey.resume(request.session, STAFF, request.POST.get("key", "")) is None:
        messages.error(request, "That unfinished contact is no longer kept. Start a new one")
        return redirect("intake:staff-step", "arrival")
    return redirect("intake:staff-step", "check")


def staff_step(request: HttpRequest, slug: str) -> HttpResponse:
    return step(request, slug, mode=STAFF)


def staff_person(request: HttpRequest, which: str, index: str) -> HttpResponse:
    return person(request, which, index, mode=STAFF)
