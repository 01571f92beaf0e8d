"""Answers for the standard form, page by page, and a client that gives them.

Used by the journey tests and by the browser test's expectations; each page's answers
are what a person would type (dates as day, month and year boxes).
"""

from __future__ import annotations

import re
from typing import Any

from django.test import Client

PROFESSIONAL_SCHOOL: dict[str, dict[str, Any]] = {
    "danger": {"immediate_danger": "no"},
    "about-you": {"referrer_type": "professional"},
    "your-details": {
        "referrer_name": "Ann Teacher",
        "organisation_name": "Elm Road Primary",
        "organisation_type": "school",
        "professional_role": "Designated safeguarding lead",
        "referrer_email": "dsl@elmroad.example",
        "referrer_phone": "01632 960 123",
    },
    "request-type": {"form_type": "green"},
    "hub": {"hub_advice": "advised_green", "hub_advice_notes": "Hub advised a green form"},
    "concern": {
        "concern": "Jayden often arrives hungry and has said there is no food at home.",
        "concern_source": "Seen by staff",
        "allegation_against_worker": "no",
    },
    "family": {"domestic_abuse": "unknown", "positive_aspects": "Mum attends every parents' evening."},
    "parents": {"parental_knowledge": "informed_agreed"},
}

PUBLIC_ANONYMOUS: dict[str, dict[str, Any]] = {
    "danger": {"immediate_danger": "no"},
    "about-you": {"referrer_type": "public"},
    "your-details": {"anonymity": "anonymous"},
    "request-type": {"form_type": "red"},
    "concern": {"concern": "I hear a small boy crying and an adult shouting most nights."},
    "family": {},
    "parents": {},
}

CHILD_UNNAMED = {"born": "yes", "description": "A boy of about six", "address": "14 Elm Road", "sex": "male"}
CHILD_NAMED = {
    "born": "yes",
    "given_names": "Jayden",
    "family_name": "Smith",
    "date_of_birth-day": "3",
    "date_of_birth-month": "4",
    "date_of_birth-year": "2019",
    "sex": "male",
    "address": "14 Elm Road, Northtown",
    "postcode": "ns1 2ab",
    "nhs_number": "943 476 5919",
    "school": "Elm Road Primary",
}
PARENT = {
    "role": "parent",
    "given_names": "Liz",
    "family_name": "Smith",
    "relationship_to_child": "Mother",
    "has_parental_responsibility": "yes",
    "lives_with_child": "yes",
}


def step_url(mode: str, slug: str) -> str:
    return f"/report/{slug}/" if mode == "public" else f"/staff/record/{slug}/"


def person_url(mode: str, which: str, index: str = "new") -> str:
    base = "/report" if mode == "public" else "/staff/record"
    return f"{base}/{which}/{index}/"


def post_ok(client: Client, url: str, data: dict[str, Any]) -> Any:
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.status_code, response.content[:3000])
    return response


def answer_all(
    client: Client,
    pages: dict[str, dict[str, Any]],
    *,
    mode: str = "public",
    children: list[dict[str, Any]] | None = None,
    people: list[dict[str, Any]] | None = None,
    arrival: dict[str, Any] | None = None,
) -> str:
    """Answer every page up to check-your-answers; returns the journey key shown there."""
    if mode == "staff":
        post_ok(client, step_url(mode, "arrival"), arrival or {})
    for slug in ("danger", "about-you", "your-details", "request-type"):
        post_ok(client, step_url(mode, slug), pages[slug])
    if "hub" in pages:
        post_ok(client, step_url(mode, "hub"), pages["hub"])
    for child in children if children is not None else [CHILD_UNNAMED]:
        post_ok(client, person_url(mode, "children"), child)
    for person in people or []:
        post_ok(client, person_url(mode, "people"), person)
    for slug in ("concern", "family", "parents"):
        post_ok(client, step_url(mode, slug), pages.get(slug, {}))
    page = client.get(step_url(mode, "check"))
    assert page.status_code == 200
    return journey_key(page.content.decode())


def journey_key(html: str) -> str:
    marker = 'name="submission_key" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def send(client: Client, key: str, *, mode: str = "public") -> Any:
    """Send as the browser does: with the check page's signed start time (SEC-3)."""
    page = client.get(step_url(mode, "check")).content.decode()
    started = re.search(r'name="fd_started" value="([^"]*)"', page)
    data = {"submission_key": key, **({"fd_started": started.group(1)} if started else {})}
    return client.post(step_url(mode, "check"), data)
