"""A child's chronology and case notes (issue 15, part 5). Thin: reads go through the read
model (``events``) and the visibility rule, changes through ``services``.

Who may use each page, and the audit entry of each read, are in the permission matrix
(frontdoor/access/matrix.py); the access middleware refuses a restricted child's pages to
those the rule does not allow before these views run.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from frontdoor.chronology import services
from frontdoor.chronology.events import TYPE_LABELS, chronology
from frontdoor.chronology.forms import AmendForm, ContactNoteForm, FilterForm, NoteForm
from frontdoor.chronology.models import CaseNote
from frontdoor.chronology.pdf import chronology_pdf
from frontdoor.core.requests import note as audit_note
from frontdoor.core.staff import staff_context, staff_user
from frontdoor.core.visibility import for_request
from frontdoor.intake.models import Contact
from frontdoor.pathway.models import Episode
from frontdoor.people.models import Person


def _person(person_id: int) -> Person:
    return get_object_or_404(Person.objects.select_related("merged_into"), pk=person_id)


def _events(request: HttpRequest, subject: Person) -> tuple[FilterForm, list[Any]]:
    form = FilterForm(request.GET or None)
    types = form.types()
    events = chronology(subject, for_request(request), types)
    audit_note(request, types=sorted(types), events=len(events))  # with the read's audit entry
    return form, events


def child(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = _person(person_id)
    form, events = _events(request, subject)
    query = request.GET.urlencode()
    return render(
        request,
        "chronology/child.html",
        staff_context(
            request,
            page_title=f"Chronology: {subject.display_name}",
            subject=subject,
            events=events,
            form=form,
            filtered=[TYPE_LABELS[t] for t in sorted(form.types())],
            user=staff_user(request),
            pdf_url=reverse("chronology:pdf", args=[subject.pk]) + (f"?{query}" if query else ""),
            back_url=reverse("people:person", args=[subject.pk]),
        ),
    )


def child_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = _person(person_id)
    form, events = _events(request, subject)
    filtered = [TYPE_LABELS[t].lower() for t in sorted(form.types())]
    response = HttpResponse(
        chronology_pdf(subject, events, filtered=f" (only {', '.join(filtered)})" if filtered else ""),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="chronology-{subject.pk}.pdf"'
    return response


# --- Writing case notes --------------------------------------------------------------------------------------


def _note_page(
    request: HttpRequest, form: Any, *, subject: Person | None, caption: str, back_url: str, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "chronology/note.html",
        staff_context(
            request,
            page_title="Add a case note",
            form=form,
            subject=subject,
            caption=caption,
            back_url=back_url,
        ),
        status=status,
    )


def _write(request: HttpRequest, form: Any, subject: Person, **where: Any) -> HttpResponse | None:
    """Save a valid note and go to the chronology; None (with the refusal on the form) otherwise."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        services.add_note(
            subject,
            actor=staff_user(request),
            kind=data["kind"],
            happened_on=data["happened_on"],
            text=data["text"],
            **where,
        )
    except services.CaseNoteRefused as refused:
        form.add_error(None, str(refused))
        return None
    messages.success(request, f"Case note added to {subject.display_name}'s chronology")
    return redirect("chronology:child", subject.pk)


def note_person(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = _person(person_id)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (done := _write(request, form, subject)) is not None:
        return done
    return _note_page(
        request,
        form,
        subject=subject,
        caption=subject.display_name,
        back_url=reverse("chronology:child", args=[subject.pk]),
        status=400 if form.is_bound else 200,
    )


def note_contact(request: HttpRequest, reference: str) -> HttpResponse:
    contact = get_object_or_404(Contact, reference=reference)
    hidden = for_request(request)
    linked = [
        p
        for p in Person.objects.filter(contact_links__contact_person__contact=contact).distinct()
        if not hidden.hides(p)
    ]
    people = [(str(p.pk), p.display_name) for p in linked]
    back_url = reverse("intake:staff-contact", args=[contact.reference])
    form = ContactNoteForm(request.POST if request.method == "POST" else None, people=people)
    if request.method == "POST" and form.is_valid():
        subject = next(p for p in linked if str(p.pk) == form.cleaned_data["person"])
        if (done := _write(request, form, subject, contact=contact)) is not None:
            return done
    return render(
        request,
        "chronology/note.html",
        staff_context(
            request,
            page_title="Add a case note",
            form=form,
            subject=None,
            caption=f"Contact {contact.reference}",
            back_url=back_url,
            nobody=not people,
        ),
        status=400 if form.is_bound else 200,
    )


def note_episode(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = get_object_or_404(Episode.objects.select_related("child"), pk=episode_id)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (done := _write(request, form, episode.child, episode=episode)) is not None:
        return done
    return _note_page(
        request,
        form,
        subject=episode.child,
        caption=f"{episode.child.display_name}: pathway",
        back_url=reverse("pathway:episode", args=[episode.pk]),
        status=400 if form.is_bound else 200,
    )


def _case_note(request: HttpRequest, person_id: int, note_id: int) -> CaseNote:
    """The note, read through the visibility rule (a note of a restricted contact is not found)."""
    found = (
        CaseNote.objects.visible_to(request.user, for_request(request))
        .select_related("person", "author")
        .filter(pk=note_id, person_id=person_id)
        .first()
    )
    if found is None:
        raise Http404("No such case note")
    return found


def note_edit(request: HttpRequest, person_id: int, note_id: int) -> HttpResponse:
    found = _case_note(request, person_id, note_id)
    user = staff_user(request)
    back_url = reverse("chronology:child", args=[person_id])
    if not found.editable_by(user):
        messages.error(request, "Notes can be edited only by their author, for 24 hours. You can add an amendment.")
        return redirect("chronology:note-amend", person_id, note_id)
    initial = {"kind": found.kind, "happened_on": found.happened_on, "text": found.text}
    form = NoteForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_note(found, actor=user, kind=data["kind"], happened_on=data["happened_on"], text=data["text"])
        except services.CaseNoteRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Case note changed")
            return redirect("chronology:child", person_id)
    return render(
        request,
        "chronology/note.html",
        staff_context(
            request,
            page_title="Edit a case note",
            form=form,
            subject=found.person,
            caption=found.person.display_name,
            back_url=back_url,
            editing=found,
        ),
        status=400 if form.is_bound else 200,
    )


def note_amend(request: HttpRequest, person_id: int, note_id: int) -> HttpResponse:
    found = _case_note(request, person_id, note_id)
    form = AmendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.amend_note(found, actor=staff_user(request), text=form.cleaned_data["text"])
        except services.CaseNoteRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Amendment added to the case note")
            return redirect("chronology:child", person_id)
    return render(
        request,
        "chronology/amend.html",
        staff_context(
            request,
            page_title="Amend a case note",
            form=form,
            found=found,
            back_url=reverse("chronology:child", args=[person_id]),
        ),
        status=400 if form.is_bound else 200,
    )
