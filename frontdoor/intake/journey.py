"""The question journey of the standard form, kept in the session until it is sent.

The same journey serves the public (online channel) and staff entering a contact that
arrived by phone, email, post or fax (INT-1); staff answer one more page first, how and
when the contact arrived. Each journey has a key, made when it starts, which becomes the
contact's idempotency key: sending the same journey twice gives the same contact (INT-15).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

from frontdoor.intake import forms as f
from frontdoor.intake.models import Channel, FormType, OrganisationType, PersonRole, ReferrerType

PUBLIC = "public"
STAFF = "staff"
_UNFINISHED = "journeys-unfinished"
UNFINISHED_KEPT = 10
MODES = (PUBLIC, STAFF)


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type[f.JourneyForm] | None = None
    applies: Callable[[Journey], bool] = lambda journey: True
    modes: tuple[str, ...] = MODES


def _is_professional(journey: Journey) -> bool:
    return bool(journey.answer("about-you", "referrer_type") == ReferrerType.PROFESSIONAL)


def _needs_hub_question(journey: Journey) -> bool:
    return _is_professional(journey) and journey.answer("your-details", "organisation_type") in (
        OrganisationType.SCHOOL,
        OrganisationType.EARLY_YEARS,
    )


STEPS: tuple[Step, ...] = (
    Step("arrival", "How the contact arrived", f.ArrivalForm, modes=(STAFF,)),
    Step("danger", "Immediate danger", f.DangerForm),
    Step("call-999", "Call 999 now", applies=lambda j: j.answer("danger", "immediate_danger") == "yes"),
    Step("about-you", "Who are you", f.AboutYouForm),
    Step("your-details", "About you"),
    # Someone from the public who said a child is in immediate danger is not asked: it is about harm.
    Step(
        "request-type",
        "What you are asking for",
        f.RequestTypeForm,
        applies=lambda j: _chooses_colour(j) or not _in_danger(j),
    ),
    Step("hub", "Consultation Hub", f.HubForm, applies=_needs_hub_question),
    Step("children", "The children"),
    Step("people", "Other people"),
    Step("concern", "Your worry", f.ConcernForm),
    Step("family", "The family", f.FamilyForm),
    Step("parents", "Do the parents know", f.ParentsForm),
    Step("documents", "Documents"),
    Step("check", "Check your answers"),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def details_form_for(journey: Journey) -> type[f.JourneyForm]:
    return f.ProfessionalDetailsForm if _is_professional(journey) else f.PublicDetailsForm


def _chooses_colour(journey: Journey) -> bool:
    """Professionals and staff choose the form's colour; the public never do (issue 17)."""
    return journey.mode == STAFF or _is_professional(journey)


def request_form_for(journey: Journey) -> type[f.JourneyForm]:
    return f.RequestTypeForm if _chooses_colour(journey) else f.PublicRequestForm


def form_for(journey: Journey, slug: str) -> type[f.JourneyForm] | None:
    """The form of a step, for this journey: some steps ask differently of different people."""
    if slug == "your-details":
        return details_form_for(journey)
    if slug == "request-type":
        return request_form_for(journey)
    return STEP_BY_SLUG[slug].form


def _in_danger(journey: Journey) -> bool:
    return bool(journey.answer("danger", "immediate_danger") == "yes")


@dataclass
class Journey:
    """A journey's answers, stored in the session under its mode."""

    mode: str
    key: str
    started_at: str
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    children: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    # The reference of an emailed draft contact this journey completes (INT-1), if any.
    completes: str = ""

    @classmethod
    def load(cls, session: SessionBase, mode: str, *, create: bool = True) -> Journey | None:
        data = session.get(f"journey:{mode}")
        if data:
            return cls(mode=mode, **data)
        if not create:
            return None
        journey = cls(mode=mode, key=str(uuid.uuid4()), started_at=timezone.now().isoformat())
        journey.save(session)
        return journey

    def save(self, session: SessionBase) -> None:
        session[f"journey:{self.mode}"] = self._data()

    @staticmethod
    def discard(session: SessionBase, mode: str) -> None:
        session.pop(f"journey:{mode}", None)

    # Issue 17: "Record a contact" always starts a new contact. An unfinished one is set aside
    # (never mixed with the next caller's), listed, and taken up again only by the officer's choice.

    def started(self) -> bool:
        return bool(self.answers or self.children or self.people or self.completes)

    @classmethod
    def start_new(cls, session: SessionBase, mode: str) -> Journey:
        """Set the current journey aside if anything was answered, and start an empty one."""
        current = cls.load(session, mode, create=False)
        if current is not None and current.started():
            kept = [j for j in session.get(f"{_UNFINISHED}:{mode}", []) if j["key"] != current.key]
            session[f"{_UNFINISHED}:{mode}"] = [*kept, current._data()][-UNFINISHED_KEPT:]
        cls.discard(session, mode)
        journey = cls.load(session, mode)
        assert journey is not None  # noqa: S101 - load() creates one
        return journey

    @classmethod
    def unfinished(cls, session: SessionBase, mode: str) -> list[Journey]:
        """Journeys set aside in this session, newest first."""
        return [cls(mode=mode, **data) for data in reversed(session.get(f"{_UNFINISHED}:{mode}", []))]

    @classmethod
    def resume(cls, session: SessionBase, mode: str, key: str) -> Journey | None:
        """Take up a journey set aside (the current one, if started, is set aside in its place)."""
        chosen = next((j for j in session.get(f"{_UNFINISHED}:{mode}", []) if j["key"] == key), None)
        if chosen is None:
            return None
        cls.start_new(session, mode)
        session[f"{_UNFINISHED}:{mode}"] = [j for j in session.get(f"{_UNFINISHED}:{mode}", []) if j["key"] != key]
        journey = cls(mode=mode, **chosen)
        journey.save(session)
        return journey

    def _data(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "started_at": self.started_at,
            "answers": self.answers,
            "children": self.children,
            "people": self.people,
            "completes": self.completes,
        }

    def caller(self) -> str:
        """Who the contact is from, as far as answered: for the list of unfinished contacts."""
        return str(self.answer("your-details", "referrer_name") or "Name not given yet")

    def started_at_datetime(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.started_at)

    def received_label(self) -> str:
        arrival = self.answers.get("arrival") or {}
        if not arrival.get("received_date"):
            return ""
        day = dt.date.fromisoformat(arrival["received_date"]).strftime("%-d %B %Y")
        return f"{day} at {arrival.get('received_time', '')}".strip()

    def child_names(self) -> str:
        names = [" ".join(p for p in (c.get("given_names"), c.get("family_name")) if p) for c in self.children]
        return ", ".join(n for n in names if n) or ("A child with no name given" if self.children else "No child yet")

    def answer(self, slug: str, name: str, default: Any = None) -> Any:
        return self.answers.get(slug, {}).get(name, default)

    def steps(self) -> list[Step]:
        return [s for s in STEPS if self.mode in s.modes and s.applies(self)]

    def next_slug(self, slug: str) -> str:
        steps = self.steps()
        slugs = [s.slug for s in steps]
        if slug not in slugs:
            return slugs[0]
        index = slugs.index(slug)
        return slugs[min(index + 1, len(slugs) - 1)]

    def previous_slug(self, slug: str) -> str | None:
        slugs = [s.slug for s in self.steps()]
        if slug not in slugs or slugs.index(slug) == 0:
            return None
        return slugs[slugs.index(slug) - 1]

    def missing(self) -> list[tuple[str, str]]:
        """What must be answered before sending: (step slug, message)."""
        problems: list[tuple[str, str]] = []
        for step in self.steps():
            if step.slug in ("call-999", "children", "people", "documents", "check", "hub"):
                continue
            if step.slug not in self.answers:
                problems.append((step.slug, f"Answer the questions on '{step.title}'"))
        if not self.children:
            problems.append(("children", "Add the child you are worried about"))
        if _needs_hub_question(self) and "hub" not in self.answers:
            problems.append(("hub", "Answer whether you consulted the Consultation Hub"))
        return problems

    def received_at(self) -> dt.datetime:
        """When the contact was received: now for the online form, as entered for staff entry."""
        if self.mode == STAFF and "arrival" in self.answers:
            day = dt.date.fromisoformat(self.answers["arrival"]["received_date"])
            return f.arrival_datetime(day, self.answers["arrival"]["received_time"])
        return timezone.now()

    def channel(self) -> str:
        if self.mode == STAFF:
            return str(self.answer("arrival", "channel", Channel.PHONE))
        return Channel.ONLINE.value

    def contact_fields(self) -> dict[str, Any]:
        """The Contact's own fields from every answered page."""
        fields: dict[str, Any] = {}
        for slug, data in self.answers.items():
            if slug in ("arrival",):
                continue
            fields.update(data)
        danger = fields.pop("immediate_danger", "unknown")
        fields["immediate_danger"] = {"yes": True, "no": False}.get(danger)
        for flag in ("on_behalf_of_someone_else", "allegation_against_worker", "harm_by_another_child"):
            fields[flag] = fields.get(flag) == "yes"
        if not _chooses_colour(self) and fields["immediate_danger"] is True:
            fields["form_type"] = FormType.RED.value  # issue 17: danger is always about harm
        return fields

    def people_rows(self) -> list[dict[str, Any]]:
        """Children first, then the others, in the order they were added."""
        rows: list[dict[str, Any]] = []
        for child in self.children:
            row = {k: v for k, v in child.items() if k != "born"}
            row["role"] = PersonRole.UNBORN.value if child.get("born") == "no" else PersonRole.CHILD.value
            rows.append(row)
        rows.extend(dict(person) for person in self.people)
        for row in rows:
            for date_field in ("date_of_birth", "expected_date"):
                value = row.get(date_field)
                row[date_field] = dt.date.fromisoformat(value) if value else None
        return rows


def _display(form_field: Any, value: Any) -> str:
    """An answer as the person chose it: the label of a choice, a date as 5 March 2026."""
    if value in (None, "", []):
        return ""
    choices = dict(getattr(form_field, "choices", []) or [])
    if choices and not isinstance(value, list):
        return str(choices.get(value, value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%-d %B %Y")
        except ValueError:
            return value
    return str(value)


def summary(journey: Journey) -> list[dict[str, Any]]:
    """Check-your-answers sections: each page's answered questions, labelled as they were asked."""
    sections: list[dict[str, Any]] = []
    for s in journey.steps():
        form_class = form_for(journey, s.slug)
        if form_class is None or s.slug not in journey.answers:
            continue
        data = journey.answers[s.slug]
        rows = []
        for name, form_field in form_class().fields.items():
            shown = _display(form_field, data.get(name))
            if shown:
                rows.append({"key": str(form_field.label), "value": shown})
        sections.append({"slug": s.slug, "title": s.title, "rows": rows})
    return sections


def person_summary(journey: Journey, which: str) -> list[dict[str, Any]]:
    items = journey.children if which == "children" else journey.people
    form_class = f.ChildForm if which == "children" else f.PersonForm
    result = []
    for index, item in enumerate(items):
        rows = []
        for name, form_field in form_class().fields.items():
            shown = _display(form_field, item.get(name))
            if shown:
                rows.append({"key": str(form_field.label), "value": shown})
        name = " ".join(p for p in (item.get("given_names"), item.get("family_name")) if p) or (
            "Unborn baby" if item.get("born") == "no" else "Name not known"
        )
        result.append({"index": index, "name": name, "rows": rows})
    return result
