"""Pathway pages (thin: every change is a call to ``services``; refusals become form errors)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_POST

from frontdoor.accounts.allocation import AllocateForm
from frontdoor.accounts.models import Team, User
from frontdoor.core import visibility
from frontdoor.core.components import Deadline
from frontdoor.core.requests import note
from frontdoor.core.staff import allowed, staff_context, staff_user
from frontdoor.pathway import forms as f
from frontdoor.pathway import letters, services
from frontdoor.pathway.models import (
    Assessment,
    ChildDetails,
    ChildProtectionPlan,
    CINPlan,
    Episode,
    LetterKind,
    LookedAfterPeriod,
    Section47,
)
from frontdoor.policy import census_codes
from frontdoor.policy.calendar import LONDON
from frontdoor.screening.models import Referral

PAGE_SIZE = 50


def _episode(episode_id: int) -> Episode:
    return get_object_or_404(services.with_steps(Episode.objects.filter(pk=episode_id)))


def _child_name(episode: Episode) -> str:
    return episode.child.display_name


def episodes(request: HttpRequest) -> HttpResponse:
    """Open episodes, newest referral first."""
    show = request.GET.get("show", "open")
    rows = Episode.objects.select_related("child", "referral", "team", "allocated_worker").order_by(
        "-referral_date", "-id"
    )
    if show != "all":
        rows = rows.filter(closed_on__isnull=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "pathway/episodes.html", staff_context(request, page_title="Children's pathways", page=page, show=show)
    )


def deadlines(request: HttpRequest) -> HttpResponse:
    """TIM-2, TIM-3: the pathway's overdue and nearly due steps, by team."""
    team_id = request.GET.get("team", "")
    team = Team.objects.filter(pk=int(team_id)).first() if team_id.isdigit() else None
    items = services.due_items(team=team)
    counts = {s: sum(1 for i in items if i.state == s) for s in ("overdue", "due_today", "due_next_working_day")}
    hides = visibility.for_request(request).hides
    context = staff_context(
        request,
        page_title="Pathway deadlines",
        counts=counts,
        team=team,
        items=[_deadline(d, restricted=hides(d.episode)) for d in items],
        teams=list(Team.objects.order_by("name")),
    )
    return render(request, "pathway/deadlines.html", context)


def _deadline(d: services.PathwayDeadline, *, restricted: bool = False) -> Deadline:
    """A step of a child's pathway on a deadlines list: the child by name unless restricted (SEC-1)."""
    episode = d.episode
    return Deadline(
        record="" if restricted else episode.child.display_name,
        href=reverse("pathway:episode", args=[episode.pk]),
        title=d.title,
        source=d.source,
        due=d.due_on,
        state=d.state,
        restricted=restricted,
        note=episode.team.name if episode.team else "",
        done=d.done_on,
        late=d.late,
    )


def referral(request: HttpRequest, referral_id: int) -> HttpResponse:
    found = get_object_or_404(Referral.objects.select_related("contact", "team"), pk=referral_id)
    rows = found.episodes.select_related("child", "allocated_worker").order_by("id")
    linked = services.linked_children(found)
    missing = [child for child in linked if not any(e.child_id == child.pk for e in rows)]
    context = staff_context(
        request,
        page_title=f"Referral {found.reference}: children's pathways",
        referral=found,
        episodes=rows,
        missing=missing,
        can_record=services.can_record(staff_user(request)),
        may_allocate=allowed(staff_user(request), "pathway:allocate-referral"),
        back_url=reverse("screening:contact", args=[found.contact.reference]),
    )
    return render(request, "pathway/referral.html", context)


@require_POST
def open_episodes(request: HttpRequest, referral_id: int) -> HttpResponse:
    found = get_object_or_404(Referral, pk=referral_id)
    user = staff_user(request)
    made = services.open_episodes(found, actor=user)  # who may: the permission matrix (frontdoor/access)
    messages.success(request, f"{len(made)} children have a pathway for this referral")
    return redirect("pathway:referral", referral_id)


def episode(request: HttpRequest, episode_id: int) -> HttpResponse:
    found = _episode(episode_id)
    user = staff_user(request)
    details = ChildDetails.objects.filter(person=found.child).first()
    open_plan = next((p for p in found.cp_plans.all() if p.ended_on is None), None)
    context = staff_context(
        request,
        page_title=f"{_child_name(found)}: pathway",
        episode=found,
        child=found.child,
        details=details,
        deadlines=[_deadline(d) for d in services.episode_deadlines(found)],
        can_record=services.can_record(user) and found.is_open,
        may_record=services.can_record(user),  # letters can be recorded as sent after closure
        is_manager=user.is_manager,
        may_allocate=allowed(user, "pathway:allocate"),
        user=user,
        next_review=services.next_review_due(open_plan) if open_plan else None,
        looked_after=list(LookedAfterPeriod.objects.filter(child=found.child)),
        letters_available=letters.available(found),
        letter_kinds=dict(LetterKind.choices),
        letters_sent=list(found.letters.select_related("recorded_by")),
        blockers=services.open_items(found) if found.is_open else [],
        label=census_codes.label_for,
        codes=census_codes,
        back_url=reverse("people:person", args=[found.child_id]),
    )
    return render(request, "pathway/episode.html", context)


def _step(
    request: HttpRequest,
    episode_id: int,
    form_class: type[forms.Form],
    perform: Callable[[Episode, User, Any], str],
    *,
    title: str,
    template: str = "pathway/step.html",
    form_kwargs: dict[str, Any] | None = None,
    initial: dict[str, Any] | None = None,
    allow_closed: bool = False,
    **extra: Any,
) -> HttpResponse:
    """One question page: GET shows the form, POST validates it and calls the service; a refusal
    is shown as an error on the form and the answers are kept."""
    found = _episode(episode_id)
    user = staff_user(request)
    form_kwargs = form_kwargs or {}
    status = 200
    if not found.is_open and not allow_closed:
        messages.error(request, "This episode is closed: nothing more can be recorded")
        return redirect("pathway:episode", episode_id)
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                done = perform(found, user, form)
            except (services.PathwayRefused, ValueError) as refused:
                form.add_error(None, str(refused))
                status = 400
            else:
                messages.success(request, done)
                return redirect("pathway:episode", episode_id)
        else:
            status = 400
    else:
        form = form_class(initial=initial, **form_kwargs)
    context = staff_context(
        request,
        page_title=title,
        heading=title,
        episode=found,
        form=form,
        back_url=reverse("pathway:episode", args=[episode_id]),
        **extra,
    )
    return render(request, template, context, status=status)


def _date_form(label: str, what: str) -> dict[str, Any]:
    return {"label": label, "what": what}


def strategy(request: HttpRequest, episode_id: int) -> HttpResponse:
    def perform(episode: Episode, user: User, form: Any) -> str:
        data = form.cleaned_data
        held_at = timezone.make_aware(dt.datetime.combine(data["date"], data["time"]), LONDON)
        services.record_strategy_discussion(
            episode,
            actor=user,
            held_at=held_at,
            participants=form.participants(),
            outcome=data["outcome"],
            notes=data["notes"],
        )
        return "Strategy discussion recorded"

    return _step(
        request,
        episode_id,
        f.StrategyDiscussionForm,
        perform,
        title="Record a strategy discussion",
        template="pathway/strategy.html",
        rows=range(1, f.PARTICIPANT_ROWS + 1),
    )


def s47_start(request: HttpRequest, episode_id: int) -> HttpResponse:
    found = _episode(episode_id)
    choices = [
        (str(sd.pk), f"Held {timezone.localtime(sd.held_at):%-d %B %Y at %H:%M}")
        for sd in found.strategy_discussions.filter(outcome="s47", section47s__isnull=True)
    ]

    def perform(episode: Episode, user: User, form: Any) -> str:
        data = form.cleaned_data
        sd = episode.strategy_discussions.get(pk=int(data["strategy_discussion"]))
        s47 = services.start_section47(episode, actor=user, strategy_discussion=sd, started_on=data["started_on"])
        return f"Section 47 enquiry started: the initial conference is due by {s47.icpc_target:%-d %B %Y}"

    return _step(
        request,
        episode_id,
        f.StartSection47Form,
        perform,
        title="Start a Section 47 enquiry",
        form_kwargs={"discussions": choices},
    )


def _s47(episode_id: int, s47_id: int) -> Section47:
    return get_object_or_404(Section47, pk=s47_id, episode_id=episode_id)


def s47_complete(request: HttpRequest, episode_id: int, s47_id: int) -> HttpResponse:
    s47 = _s47(episode_id, s47_id)

    def perform(episode: Episode, user: User, form: Any) -> str:
        data = form.cleaned_data
        services.complete_section47(
            s47, actor=user, completed_on=data["completed_on"], outcome=data["outcome"], notes=data["notes"]
        )
        return "Section 47 enquiry completed"

    return _step(request, episode_id, f.CompleteSection47Form, perform, title="Complete the Section 47 enquiry")


def initial_conference(request: HttpRequest, episode_id: int, s47_id: int) -> HttpResponse:
    s47 = _s47(episode_id, s47_id)

    def perform(episode: Episode, user: User, form: Any) -> str:
        data = form.cleaned_data
        services.hold_initial_conference(
            s47,
            actor=user,
            held_on=data["held_on"],
            outcome=data["outcome"],
            category=data["category"],
            notes=data["notes"],
        )
        return "Initial child protection conference recorded"

    due = (
        f"Due by {s47.icpc_target:%-d %B %Y} (15 working days after the strategy discussion)" if s47.icpc_target else ""
    )
    return _step(
        request,
        episode_id,
        f.ConferenceForm,
        perform,
        title="Record the initial child protection conference",
        form_kwargs={"review": False},
        intro=due,
    )


def _plan(episode_id: int, plan_id: int) -> ChildProtectionPlan:
    return get_object_or_404(ChildProtectionPlan, pk=plan_id, episode_id=episode_id)


def review_conference(request: HttpRequest, episode_id: int, plan_id: int) -> HttpResponse:
    plan = _plan(episode_id, plan_id)
    due = services.next_review_due(plan)

    def perform(episode: Episode, user: User, form: Any) -> str:
        data = form.cleaned_data
        services.hold_review_conference(
            plan,
            actor=user,
            held_on=data["held_on"],
            outcome=data["outcome"],
            category=data["category"],
            notes=data["notes"],
        )
        return "Review conference recorded"

    return _step(
        request,
        episode_id,
        f.ConferenceForm,
        perform,
        title="Record a review conference",
        form_kwargs={"review": True},
        intro=f"Due by {due.due_on:%-d %B %Y}: {due.title.lower()}",
    )


def cp_plan_end(request: HttpRequest, episode_id: int, plan_id: int) -> HttpResponse:
    plan = _plan(episode_id, plan_id)

    def perform(episode: Episode, user: User, form: Any) -> str:
        data = form.cleaned_data
        services.end_cp_plan(plan, actor=user, ended_on=data["ended_on"], reason=data["reason"])
        return "Child protection plan ended"

    return _step(
        request,
        episode_id,
        f.EndPlanForm,
        perform,
        title="End the child protection plan",
        intro="Usually a plan ends at a review conference. Use this only when it cannot (for example, "
        "the child moves to another council).",
    )


def assessment_start(request: HttpRequest, episode_id: int) -> HttpResponse:
    def perform(episode: Episode, user: User, form: Any) -> str:
        data = form.cleaned_data
        assessment = services.start_assessment(
            episode, actor=user, started_on=data["started_on"], primary_need=data["primary_need"]
        )
        return f"Assessment started: due by {assessment.due_on:%-d %B %Y}"

    found = _episode(episode_id)
    return _step(
        request,
        episode_id,
        f.StartAssessmentForm,
        perform,
        title="Start an assessment",
        initial={"primary_need": found.primary_need} if found.primary_need else None,
    )


def _assessment(episode_id: int, assessment_id: int) -> Assessment:
    return get_object_or_404(Assessment, pk=assessment_id, episode_id=episode_id)


def child_seen(request: HttpRequest, episode_id: int, assessment_id: int) -> HttpResponse:
    assessment = _assessment(episode_id, assessment_id)

    def perform(episode: Episode, user: User, form: Any) -> str:
        services.record_child_seen(assessment, actor=user, seen_on=form.cleaned_data["day"])
        return "Recorded that the child was seen"

    return _step(
        request,
        episode_id,
        f.DateForm,
        perform,
        title="Record that the child was seen",
        form_kwargs=_date_form("Date the child was seen", "the date the child was seen"),
    )


def assessment_complete(request: HttpRequest, episode_id: int, assessment_id: int) -> HttpResponse:
    assessment = _assessment(episode_id, assessment_id)

    def perform(episode: Episode, user: User, form: Any) -> str:
        data = form.cleaned_data
        services.complete_assessment(
            assessment,
            actor=user,
            completed_on=data["completed_on"],
            factors=data["factors"],
            primary_need=data["primary_need"],
            summary=data["summary"],
        )
        return "Assessment completed: a manager will authorise it"

    return _step(request, episode_id, f.CompleteAssessmentForm, perform, title="Complete the assessment")


def assessment_authorise(request: HttpRequest, episode_id: int, assessment_id: int) -> HttpResponse:
    assessment = _assessment(episode_id, assessment_id)  # managers only: the permission matrix

    def perform(episode: Episode, user: User, form: Any) -> str:
        services.authorise_assessment(assessment, actor=user, authorised_on=form.cleaned_data["day"])
        return "Assessment authorised"

    return _step(
        request,
        episode_id,
        f.DateForm,
        perform,
        title="Authorise the assessment",
        form_kwargs=_date_form("Date you authorised it", "the date you authorised the assessment"),
        assessment=assessment,
    )


def cin_plan_start(request: HttpRequest, episode_id: int) -> HttpResponse:
    def perform(episode: Episode, user: User, form: Any) -> str:
        services.start_cin_plan(episode, actor=user, started_on=form.cleaned_data["day"])
        return "Child in need plan started"

    return _step(
        request,
        episode_id,
        f.DateForm,
        perform,
        title="Start a child in need plan",
        form_kwargs=_date_form("Date the plan started", "the date the plan started"),
    )


def cin_plan_end(request: HttpRequest, episode_id: int, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(CINPlan, pk=plan_id, episode_id=episode_id)

    def perform(episode: Episode, user: User, form: Any) -> str:
        services.end_cin_plan(plan, actor=user, ended_on=form.cleaned_data["day"])
        return "Child in need plan ended"

    return _step(
        request,
        episode_id,
        f.DateForm,
        perform,
        title="End the child in need plan",
        form_kwargs=_date_form("Date the plan ended", "the date the plan ended"),
    )


def close(request: HttpRequest, episode_id: int) -> HttpResponse:
    found = _episode(episode_id)

    def perform(episode: Episode, user: User, form: Any) -> str:
        data = form.cleaned_data
        services.close_episode(
            episode, actor=user, closed_on=data["closed_on"], reason=data["reason"], referral_nfa=data["referral_nfa"]
        )
        return "Episode closed"

    blockers = services.open_items(found)
    intro = ("Before it can close: " + "; ".join(blockers) + ".") if blockers else ""
    return _step(request, episode_id, f.CloseForm, perform, title="Close the episode", intro=intro)


def child_details(request: HttpRequest, episode_id: int) -> HttpResponse:
    found = _episode(episode_id)
    details = ChildDetails.objects.filter(person=found.child).first()
    initial = (
        {
            "upn": details.upn,
            "former_upn": details.former_upn,
            "upn_unknown": details.upn_unknown,
            "ethnicity": details.ethnicity,
            "disabilities": details.disabilities,
        }
        if details
        else {}
    )

    def perform(episode: Episode, user: User, form: Any) -> str:
        services.update_child_details(episode.child, actor=user, **form.cleaned_data)
        return "The child's census details are saved"

    return _step(
        request,
        episode_id,
        f.ChildDetailsForm,
        perform,
        title=f"Census details of {_child_name(found)}",
        initial=initial,
        allow_closed=True,
    )


def looked_after(request: HttpRequest, episode_id: int) -> HttpResponse:
    def perform(episode: Episode, user: User, form: Any) -> str:
        data = form.cleaned_data
        services.record_looked_after(
            episode.child, actor=user, started_on=data["started_on"], ended_on=data["ended_on"]
        )
        return "Period looked after recorded"

    return _step(
        request,
        episode_id,
        f.LookedAfterForm,
        perform,
        title="Record a period the child was looked after",
        allow_closed=True,
    )


# --- Letters (STA-2) ---------------------------------------------------------------------------------


def _letter_args(request: HttpRequest, episode_id: int, kind: str) -> tuple[Episode, str, str]:
    if kind not in LetterKind.values:
        raise Http404("No such letter")
    language = request.GET.get("lang", "en")
    if language not in dict(letters.LANGUAGES):
        language = "en"
    return _episode(episode_id), kind, language


def letter(request: HttpRequest, episode_id: int, kind: str) -> HttpResponse:
    found, kind, language = _letter_args(request, episode_id, kind)
    built = letters.build(found, kind, language)
    note(request, kind=kind, language=language)  # the read is audited by the access middleware (SEC-2)
    with translation.override(language):
        context = staff_context(
            request,
            page_title=built.title,
            episode=found,
            letter=built,
            kind=kind,
            languages=letters.LANGUAGES,
            language=language,
            council_address=True,
            back_url=reverse("pathway:episode", args=[episode_id]),
            can_record=services.can_record(staff_user(request)),
        )
    return render(request, "pathway/letter.html", context)


def letter_pdf(request: HttpRequest, episode_id: int, kind: str) -> HttpResponse:
    found, kind, language = _letter_args(request, episode_id, kind)
    built = letters.build(found, kind, language)
    note(request, kind=kind, language=language, format="pdf")  # audited as an export (SEC-2)
    response = HttpResponse(letters.pdf(built), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letter-{kind}-{found.pk}-{language}.pdf"'
    return response


def letter_sent(request: HttpRequest, episode_id: int, kind: str) -> HttpResponse:
    found, kind, language = _letter_args(request, episode_id, kind)
    language = request.POST.get("language", language) if request.method == "POST" else language
    if language not in dict(letters.LANGUAGES):
        language = "en"

    def perform(episode: Episode, user: User, form: Any) -> str:
        data = form.cleaned_data
        services.record_letter_sent(
            episode,
            actor=user,
            kind=kind,
            recipient=data["recipient"],
            method=data["method"],
            sent_on=data["sent_on"],
            language=language,
        )
        return "Recorded that the letter was sent"

    return _step(
        request,
        episode_id,
        f.LetterSentForm,
        perform,
        title=f"Record that the letter was sent: {LetterKind(kind).label}",
        allow_closed=True,
        hidden_fields={"language": language},
        intro=f"Letter for {_child_name(found)}'s parents or carers.",
    )


# --- Allocation (issue 15): a manager gives a case to a team and a worker -------------------------


def allocate(request: HttpRequest, episode_id: int) -> HttpResponse:
    """A manager allocates a child's case (who may: the permission matrix, managers only)."""
    found = _episode(episode_id)

    def perform(episode: Episode, user: User, form: Any) -> str:
        team, worker = form.chosen()
        services.allocate(episode, actor=user, worker=worker, team=team, reason=form.cleaned_data["reason"])
        return f"Case allocated to {worker.display_name if worker else team.name}"

    return _step(
        request,
        episode_id,
        AllocateForm,
        perform,
        title=f"Allocate {_child_name(found)}'s case",
        initial=AllocateForm.initial_for(found.team, found.allocated_worker),
        button_text="Allocate",
    )


def allocate_referral(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Allocate all the open pathways of a referral (each child of it) at once."""
    found = get_object_or_404(Referral.objects.select_related("team"), pk=referral_id)
    user = staff_user(request)
    first = Episode.objects.filter(referral=found, closed_on__isnull=True).select_related("team", "allocated_worker")
    current = first.order_by("id").first()
    status = 200
    form = AllocateForm(
        request.POST or None,
        initial=AllocateForm.initial_for(
            current.team if current else found.team, current.allocated_worker if current else None
        ),
    )
    if request.method == "POST":
        status = 400
        if form.is_valid():
            team, worker = form.chosen()
            try:
                services.allocate_referral(
                    found, actor=user, worker=worker, team=team, reason=form.cleaned_data["reason"]
                )
            except services.PathwayRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request, f"Referral {found.reference} allocated to {worker.display_name if worker else team.name}"
                )
                return redirect("pathway:referral", referral_id)
    context = staff_context(
        request,
        page_title=f"Allocate referral {found.reference}",
        heading=f"Allocate referral {found.reference}",
        form=form,
        button_text="Allocate",
        caption=f"Referral {found.reference}",
        back_url=reverse("pathway:referral", args=[referral_id]),
    )
    return render(request, "pathway/allocate.html", context, status=status)
