"""Staff pages of the person index (thin: every change goes through ``services``).

- a person's page: names over time, addresses, relationships, history, linked contacts;
- the match page of one person named in a contact: the ranked candidates with the evidence,
  each candidate's history and their family's (SCR-3), and the three decisions (PPL-3);
- a search of the index with the same matcher;
- the review list of suspected duplicates found by ``manage.py dedupe_people``.

Every page that shows someone's record is audited (SEC-2), by frontdoor.access.middleware.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontdoor.core import words
from frontdoor.core.requests import note
from frontdoor.core.staff import staff_context, staff_user
from frontdoor.core.visibility import for_request
from frontdoor.intake.models import Contact, ContactPerson, ContactStatus
from frontdoor.people import family_svg, index, matching, proposals, services
from frontdoor.people.forms import (
    AddressDatesForm,
    AddressForm,
    ConfirmRelationshipsForm,
    DetailsForm,
    EndRelationshipForm,
    LinkForm,
    NameForm,
    ReasonForm,
    RelationshipForm,
    SearchForm,
    UnlinkForm,
)
from frontdoor.people.models import (
    SYMMETRIC,
    ContactPersonLink,
    DuplicateStatus,
    DuplicateSuspect,
    Person,
    RelationshipType,
    relationships_of,
)

VERY_LIKELY = 0.9
POSSIBLE = 0.3
MATCH_LIMIT = 5
SEARCH_LIMIT = 20


def likelihood(score: float) -> str:
    """The score in a plain word, beside the percentage."""
    if score >= VERY_LIKELY:
        return "Very likely"
    if score >= POSSIBLE:
        return "Possible"
    return "Unlikely"


def percent(score: float) -> str:
    value = score * 100
    if 99 < value < 100:
        return ">99%"
    if 0 < value < 1:
        return "<1%"
    return f"{value:.0f}%"


def describe(candidate: matching.Candidate) -> dict[str, Any]:
    return {
        "score": candidate.score,
        "percent": percent(candidate.score),
        "word": likelihood(candidate.score),
        "evidence": [
            {
                "field": words.label(e.field),
                "detail": e.detail,
                "direction": "for" if e.weight > 0 else ("against" if e.weight < 0 else "neutral"),
            }
            for e in candidate.evidence
        ],
    }


# --- A person ------------------------------------------------------------------------------------


def person(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = get_object_or_404(Person.objects.prefetch_related("names", "addresses"), pk=person_id)
    relations = [
        {"label": rel.label_for(subject), "person": rel.counterpart(subject), "rel": rel}
        for rel in relationships_of(subject)
    ]
    links = (
        ContactPersonLink.objects.filter(person=subject)
        .select_related("contact_person__contact", "decided_by")
        .order_by("-contact_person__contact__received_at")
    )
    return render(
        request,
        "people/person.html",
        staff_context(
            request,
            page_title=subject.display_name,
            subject=subject,
            relations=relations,
            involvements=subject.involvements.order_by("-start", "-id"),
            links=links,
            merged_from=Person.objects.filter(merged_into=subject),
            # INF-5: what was disclosed about this person, and the requests about them (frontdoor/sharing)
            disclosures=subject.disclosures.select_related("request", "sent_by", "approved_by"),
            information_requests=subject.information_requests.order_by("-received_at"),
        ),
    )


# --- Matching one person named in a contact (SCR-3, PPL-3) ------------------------------------------------


def _contact_person(contact_person_id: int) -> ContactPerson:
    return get_object_or_404(ContactPerson.objects.select_related("contact"), pk=contact_person_id)


def match(request: HttpRequest, contact_person_id: int) -> HttpResponse:
    cp = _contact_person(contact_person_id)
    companions = list(cp.contact.people.all())
    query = index.query_of(cp, companions)
    found = index.find_candidates(query, limit=MATCH_LIMIT)
    prefetch_related_objects([p for _, p in found], "names", "addresses")
    family = index.families([p for _, p in found])
    suggested = index.matcher().decide([c for c, _ in found]) if found else None
    if suggested is not None and matching.given_name_differs(suggested):
        suggested = None  # issue 17: "Best match" never for a different given name (a twin, a sibling)
    link = ContactPersonLink.objects.filter(contact_person=cp).select_related("person", "decided_by").first()
    note(request, shown=[p.pk for _, p in found])  # logged with the read (SEC-2)
    candidates = [
        {
            **describe(c),
            "person": p,
            "family": family[p.pk],
            "suggested": suggested is not None and suggested.person_id == c.person_id,
            "current_address": p.current_address(),
        }
        for c, p in found
    ]
    return render(
        request,
        "people/match.html",
        staff_context(
            request,
            page_title=f"Who is {cp.display_name}?",
            cp=cp,
            contact=cp.contact,
            query=query,
            candidates=candidates,
            link=link,
            reason_form=ReasonForm(),
            unlink_form=UnlinkForm(),
            back_url=reverse("intake:staff-contact", args=[cp.contact.reference]),
        ),
    )


def _back_to_contact(cp: ContactPerson) -> HttpResponse:
    if cp.contact.status in (ContactStatus.SCREENING, ContactStatus.AWAITING_AUTHORISATION):
        return redirect(reverse("screening:contact", args=[cp.contact.reference]) + "#known")
    return redirect(reverse("intake:staff-contact", args=[cp.contact.reference]) + f"#person-{cp.pk}")


@require_POST
def match_link(request: HttpRequest, contact_person_id: int) -> HttpResponse:
    cp = _contact_person(contact_person_id)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a person to link to")
        return redirect("people:match", cp.pk)
    chosen = get_object_or_404(Person, pk=form.cleaned_data["person"])
    try:
        services.link_contact_person(cp, chosen, actor=staff_user(request), reason=form.cleaned_data["reason"])
    except services.LinkRefused as refused:
        messages.error(request, str(refused))
        return redirect("people:match", cp.pk)
    cp.refresh_from_db()
    if services.announce_link(cp, staff_user(request)):  # INT-14: screening routes an open case
        messages.success(request, "The child's case is open: the contact is now in the allocated social worker's list")
    return _back_to_contact(cp)


def _decide_without_link(request: HttpRequest, contact_person_id: int, decide: Callable[..., object]) -> HttpResponse:
    """'New person' or 'not sure yet': the decision is recorded with an optional reason."""
    cp = _contact_person(contact_person_id)
    form = ReasonForm(request.POST)
    decide(cp, reason=form.cleaned_data["reason"] if form.is_valid() else "", actor=staff_user(request))
    return _back_to_contact(cp)


@require_POST
def match_new(request: HttpRequest, contact_person_id: int) -> HttpResponse:
    return _decide_without_link(request, contact_person_id, services.record_new_person)


@require_POST
def match_not_sure(request: HttpRequest, contact_person_id: int) -> HttpResponse:
    return _decide_without_link(request, contact_person_id, services.record_not_sure)


@require_POST
def match_unlink(request: HttpRequest, contact_person_id: int) -> HttpResponse:
    cp = _contact_person(contact_person_id)
    form = UnlinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter why you are removing the link")
        return redirect("people:match", cp.pk)
    services.unlink(cp, form.cleaned_data["reason"], actor=staff_user(request))
    return redirect("people:match", cp.pk)


# --- Search ------------------------------------------------------------------------------------------


def search(request: HttpRequest) -> HttpResponse:
    asked = any(request.GET.get(k) for k in request.GET)
    form = SearchForm(request.GET if asked else None)
    results: list[dict[str, Any]] | None = None
    if asked and form.is_valid():
        found = index.find_candidates(form.query(), limit=SEARCH_LIMIT)
        prefetch_related_objects([p for _, p in found], "addresses")
        note(request, query=form.audit_query(), shown=[p.pk for _, p in found])  # SEC-2
        results = [{**describe(c), "person": p, "current_address": p.current_address()} for c, p in found]
    return render(
        request,
        "people/search.html",
        staff_context(request, page_title="Search the person index", form=form, results=results),
        status=400 if asked and not form.is_valid() else 200,
    )


# --- Suspected duplicates --------------------------------------------------------------------------------


def duplicates(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", DuplicateStatus.OPEN)
    if status not in DuplicateStatus.values:
        status = DuplicateStatus.OPEN
    suspects = (
        DuplicateSuspect.objects.filter(status=status)
        .select_related("person_a", "person_b", "decided_by")
        .prefetch_related("person_a__addresses", "person_b__addresses")
        .order_by("-score", "id")[:200]
    )
    counts = {s: DuplicateSuspect.objects.filter(status=s).count() for s in DuplicateStatus.values}
    return render(
        request,
        "people/duplicates.html",
        staff_context(
            request,
            page_title="Possible duplicate records",
            suspects=[{**describe_suspect(s), "suspect": s} for s in suspects],
            status=status,
            statuses=DuplicateStatus.choices,
            counts=counts,
        ),
    )


def describe_suspect(suspect: DuplicateSuspect) -> dict[str, Any]:
    return {
        "percent": percent(suspect.score),
        "word": likelihood(suspect.score),
        "evidence": [
            {
                "field": words.label(str(e.get("field", ""))),
                "detail": e.get("detail", ""),
                "direction": "for" if e.get("weight", 0) > 0 else ("against" if e.get("weight", 0) < 0 else "neutral"),
            }
            for e in suspect.evidence
        ],
    }


def _open_suspect(suspect_id: int) -> DuplicateSuspect:
    return get_object_or_404(
        DuplicateSuspect.objects.select_related("person_a", "person_b"), pk=suspect_id, status=DuplicateStatus.OPEN
    )


@require_POST
def duplicate_merge(request: HttpRequest, suspect_id: int) -> HttpResponse:
    suspect = _open_suspect(suspect_id)
    keep = request.POST.get("keep")
    survivor, absorbed = suspect.person_a, suspect.person_b
    if keep == str(suspect.person_b_id):
        survivor, absorbed = absorbed, survivor
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.merge_people(survivor, absorbed, actor=staff_user(request), reason=reason)
    messages.success(
        request, f"Merged: {absorbed.display_name} (record {absorbed.pk}) is now part of record {survivor.pk}"
    )
    return redirect("people:duplicates")


@require_POST
def duplicate_not_same(request: HttpRequest, suspect_id: int) -> HttpResponse:
    suspect = _open_suspect(suspect_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.mark_not_duplicate(suspect, actor=staff_user(request), reason=reason)
    return redirect("people:duplicates")


# --- Keeping people right: correcting a person's record (WRK-6) --------------------------------------------------


def _editable(person_id: int) -> Person:
    return get_object_or_404(Person.objects.prefetch_related("names", "addresses"), pk=person_id)


def _edit_page(
    request: HttpRequest, subject: Person, template: str, form: Any, title: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        template,
        staff_context(
            request,
            page_title=title,
            subject=subject,
            form=form,
            back_url=reverse("people:edit", args=[subject.pk]),
            **extra,
        ),
        status=400 if form.is_bound else 200,
    )


def _done(request: HttpRequest, subject: Person, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("people:edit", subject.pk)


def edit(request: HttpRequest, person_id: int) -> HttpResponse:
    """The person's details, with a reason; and from here their names, addresses and relationships."""
    subject = _editable(person_id)
    initial = {
        k: getattr(subject, k)
        for k in ("given_name", "middle_names", "surname", "sex", "date_of_birth", "nhs_number", "first_language")
    }
    form = DetailsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_person(
                subject,
                form.cleaned_data["reason"],
                actor=staff_user(request),
                keep_old_name=form.cleaned_data.get("name_change") == "new_name",
                **form.changes(),
            )
        except services.PersonRefused as refused:
            form.add_error(None, str(refused))
        else:
            return _done(request, subject, f"{subject.display_name}'s details changed")
    relations = [
        {"label": rel.label_for(subject), "person": rel.counterpart(subject), "rel": rel}
        for rel in relationships_of(subject)
    ]
    return render(
        request,
        "people/edit.html",
        staff_context(
            request,
            page_title=f"Correct {subject.display_name}'s record",
            subject=subject,
            form=form,
            relations=relations,
            back_url=reverse("people:person", args=[subject.pk]),
        ),
        status=400 if form.is_bound else 200,
    )


def name_add(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = _editable(person_id)
    form = NameForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_name(
            subject,
            actor=staff_user(request),
            kind=data["kind"],
            given_name=data["given_name"],
            surname=data["surname"],
            from_date=data["from_date"],
            to_date=data["to_date"],
            reason=data["reason"],
        )
        return _done(request, subject, "Name added")
    return _edit_page(request, subject, "people/edit_part.html", form, "Add a name", caption="Names over time")


def address_add(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = _editable(person_id)
    form = AddressForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.add_address(
            subject,
            actor=staff_user(request),
            address=data["address"],
            postcode=data["postcode"],
            from_date=data["from_date"],
            to_date=data["to_date"],
            reason=data["reason"],
        )
        return _done(request, subject, "Address added")
    return _edit_page(
        request,
        subject,
        "people/edit_part.html",
        form,
        "Add an address",
        caption="Addresses",
        intro="A new current address (with no date they moved out) ends the one before it.",
    )


def address_dates(request: HttpRequest, person_id: int, address_id: int) -> HttpResponse:
    subject = _editable(person_id)
    address = get_object_or_404(subject.addresses, pk=address_id)
    form = AddressDatesForm(
        request.POST if request.method == "POST" else None,
        initial={"from_date": address.from_date, "to_date": address.to_date},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.correct_address(
                address,
                actor=staff_user(request),
                reason=data["reason"],
                from_date=data["from_date"],
                to_date=data["to_date"],
            )
        except services.PersonRefused as refused:
            form.add_error(None, str(refused))
        else:
            return _done(request, subject, "Address dates changed")
    return _edit_page(
        request, subject, "people/edit_part.html", form, "Change the dates of an address", caption=str(address)
    )


def _relationship_candidates(request: HttpRequest, subject: Person) -> list[Person]:
    """People named in the same contacts as this person, not yet related to them: the likely relatives."""
    contacts = ContactPersonLink.objects.filter(person=subject).values("contact_person__contact_id")
    related = {r.counterpart(subject).pk for r in relationships_of(subject)}
    found = (
        Person.objects.visible_to(request.user, for_request(request))
        .filter(contact_links__contact_person__contact_id__in=contacts, merged_into__isnull=True)
        .exclude(pk=subject.pk)
        .distinct()[:20]
    )
    return [p for p in found if p.pk not in related]


def relationship_add(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = _editable(person_id)
    candidates = _relationship_candidates(request, subject)
    choices = [(str(p.pk), f"{p.display_name} (record {p.pk})") for p in candidates]
    form = RelationshipForm(
        request.POST if request.method == "POST" else None, subject=subject.display_name, candidates=choices
    )
    if request.method == "POST" and form.is_valid():
        other = (
            Person.objects.visible_to(request.user, for_request(request))
            .filter(pk=form.other_id(), merged_into__isnull=True)
            .first()
        )
        if other is None or other.pk == subject.pk:
            form.add_error("record", "Enter the record number of another person in the index")
        else:
            data = form.cleaned_data
            adult, child = (subject, other) if data.get("direction") == "subject_of_other" else (other, subject)
            services.add_relationship(
                adult,
                child,
                data["type"],
                actor=staff_user(request),
                from_date=data["from_date"],
                reason=data["reason"],
            )
            return _done(request, subject, f"Relationship with {other.display_name} added")
    return _edit_page(
        request, subject, "people/edit_part.html", form, "Add a relationship", caption="Family and other relationships"
    )


def relationship_end(request: HttpRequest, person_id: int, relationship_id: int) -> HttpResponse:
    subject = _editable(person_id)
    rel = get_object_or_404(relationships_of(subject), pk=relationship_id)
    other = rel.counterpart(subject)
    if for_request(request).hides(other):
        raise Http404("No such relationship")
    form = EndRelationshipForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_relationship(
                rel, actor=staff_user(request), on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
            )
        except services.PersonRefused as refused:
            form.add_error(None, str(refused))
        else:
            return _done(request, subject, f"Relationship with {other.display_name} ended")
    return _edit_page(
        request,
        subject,
        "people/edit_part.html",
        form,
        "End a relationship",
        caption=f"{rel.label_for(subject)}: {other.display_name}",
    )


def _describe(p: proposals.Proposal) -> str:
    adult_side = p.person.display_name
    label = RelationshipType(p.type).label
    if p.type in SYMMETRIC:
        return f"{p.person.display_name} and {p.other.display_name}: {str(label).lower()}s ({p.why.lower()})"
    return f"{adult_side} is {p.other.display_name}'s {str(label).lower()} ({p.why})"


def contact_relationships(request: HttpRequest, reference: str) -> HttpResponse:
    """The relationships a contact states between its linked people, for a member of staff to confirm."""
    contact = get_object_or_404(Contact, reference=reference)
    hidden = for_request(request)
    found = [p for p in proposals.proposed(contact) if not hidden.hides(p.person) and not hidden.hides(p.other)]
    choices = [(p.key, _describe(p)) for p in found]
    form = ConfirmRelationshipsForm(request.POST if request.method == "POST" else None, proposals=choices)
    if request.method == "POST" and form.is_valid():
        chosen = [(p.person, p.other, p.type.value) for p in found if p.key in form.cleaned_data["confirmed"]]
        services.confirm_relationships(contact, chosen, actor=staff_user(request))
        messages.success(request, f"{len(chosen)} relationship{'s' if len(chosen) != 1 else ''} recorded")
        return redirect(reverse("intake:staff-contact", args=[contact.reference]))
    return render(
        request,
        "people/contact_relationships.html",
        staff_context(
            request,
            page_title="Relationships this contact states",
            contact=contact,
            form=form,
            found=found,
            back_url=reverse("intake:staff-contact", args=[contact.reference]),
        ),
        status=400 if form.is_bound else 200,
    )


@dataclass(frozen=True)
class FamilyRow:
    member: index.FamilyMember
    hidden: bool
    ended: bool


def family(request: HttpRequest, person_id: int) -> HttpResponse:
    """A child's household and relatives: a list, and a simple diagram with a text alternative."""
    subject = get_object_or_404(Person, pk=person_id)
    hidden = for_request(request)
    ended = {rel.counterpart(subject).pk for rel in relationships_of(subject) if not rel.is_current}
    members = index.families([subject])[subject.pk].members
    rows = [FamilyRow(m, hidden.hides(m.person), m.person.pk in ended) for m in members]
    relatives = [
        family_svg.Relative(
            "Restricted record" if r.hidden else r.member.person.display_name, r.member.label, ended=r.ended
        )
        for r in rows
    ]
    note(request, shown=[m.person.pk for m in members])  # with the read's audit entry (SEC-2)
    return render(
        request,
        "people/family.html",
        staff_context(
            request,
            page_title=f"Family of {subject.display_name}",
            subject=subject,
            rows=rows,
            diagram=family_svg.render(subject.display_name, relatives),
            description=family_svg.describe(subject.display_name, relatives),
            back_url=reverse("people:person", args=[subject.pk]),
        ),
    )
