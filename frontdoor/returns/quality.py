"""What the record lacks for a valid CIN census return (RET-1), child by child.

``problems(child, year)`` checks one ``ChildRow`` (the very rows the export writes) against
the census specification's requirements for each item, and names each missing or invalid
field in plain English with where it is fixed: the child's record ("person") or one CIN
episode ("episode"). The data-quality page lists them before an export; the export counts
them in its summary. These checks are written from the DfE specification's item definitions
(frontdoor/policy/census_codes.py names the source), not taken from the validator, which the
tests run separately on the exported file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from frontdoor.policy import census_codes as cc
from frontdoor.returns.census import ChildRow, EpisodeRow, collection_year

UPN = re.compile(r"^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$")
NOT_A_UPN = "is not a valid Unique Pupil Number (13 characters, the first a check letter)."
CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"  # the DfE's UPN check letters (no I, O, S)


def upn_check_letter(rest: str) -> str:
    """The check letter of a UPN whose last 12 characters are ``rest`` (DfE's UPN guide: weights 2..13)."""
    values = [int(c) if c.isdigit() else CHECK_LETTERS.index(c) for c in rest]
    return CHECK_LETTERS[sum(v * w for v, w in zip(values, range(2, 14), strict=True)) % 23]


def valid_upn(upn: str) -> bool:
    return bool(UPN.match(upn)) and upn_check_letter(upn[1:]) == upn[0]


REFERRAL_SOURCES = cc.codes(cc.REFERRAL_SOURCES)
PRIMARY_NEED = cc.codes(cc.PRIMARY_NEED)
CLOSURE_REASONS = cc.codes(cc.CLOSURE_REASONS)
ABUSE = cc.codes(cc.ABUSE_CATEGORIES)
FACTORS = cc.codes(cc.ASSESSMENT_FACTORS)
ETHNICITY = cc.codes(cc.ETHNICITY)
DISABILITIES = cc.codes(cc.DISABILITIES)
UPN_UNKNOWN = cc.codes(cc.UPN_UNKNOWN)


@dataclass(frozen=True)
class Problem:
    person_id: int
    child_name: str
    la_child_id: str
    field: str  # the item, as staff call it
    message: str  # what is wrong, in plain English
    where: str  # "person" (the person record), "census" (the child's census details) or "episode"
    episode_id: int | None = None  # the episode, or for a child's details the latest in the year


def _weekend(day: dt.date | None) -> bool:
    return day is not None and day.weekday() >= 5


def _date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def problems(child: ChildRow, year: int) -> list[Problem]:
    found: list[Problem] = []

    latest = child.episodes[-1].id if child.episodes else None

    def person(field: str, message: str) -> None:
        where = "person" if field in ("Date of birth", "Sex") else "census"
        found.append(Problem(child.person_id, child.name, child.la_child_id, field, message, where, latest))

    start, end = collection_year(year)
    unborn = child.birth_date is None and child.expected_birth_date is not None
    if child.birth_date is None and child.expected_birth_date is None:
        person("Date of birth", "No date of birth (or, for an unborn child, expected date of birth) is recorded.")
    if child.birth_date and child.birth_date > end:
        person("Date of birth", f"The date of birth {_date(child.birth_date)} is after the census date.")
    if not child.sex:
        person("Sex", "No sex is recorded (male, female, or not known).")
    elif unborn and child.sex != "U":
        person("Sex", "An unborn child's sex must be returned as not known.")
    if not child.ethnicity:
        person("Ethnicity", "No ethnicity is recorded (use 'Information not yet obtained' or 'Refused' if so).")
    elif child.ethnicity not in ETHNICITY:
        person("Ethnicity", f"'{child.ethnicity}' is not a census ethnicity code.")
    if child.upn and not valid_upn(child.upn):
        person("Unique Pupil Number", f"'{child.upn}' {NOT_A_UPN}")
    if child.former_upn and not valid_upn(child.former_upn):
        person("Former UPN", f"'{child.former_upn}' {NOT_A_UPN}")
    if child.upn_unknown and child.upn_unknown not in UPN_UNKNOWN:
        person("Why the UPN is not known", f"'{child.upn_unknown}' is not a census reason code.")
    if child.upn and child.upn_unknown:
        person("Why the UPN is not known", "A reason the UPN is not known is recorded, but so is a UPN.")
    if child.upn_unknown == "UN7" and any(not e.referral_nfa for e in child.episodes):
        person(
            "Why the UPN is not known",
            "'Referral with no further action' is recorded, but a referral went on to further action.",
        )
    if child.upn_unknown == "UN8" and any(e.closure_reason != "RC8" for e in child.episodes):
        person(
            "Why the UPN is not known",
            "'Case closed after assessment, no further action' is recorded, but an episode did not close that way.",
        )
    bad = [d for d in child.disabilities if d not in DISABILITIES]
    if bad:
        person("Disabilities", f"Not census disability codes: {', '.join(bad)}.")
    if cc.NO_DISABILITY in child.disabilities and len(child.disabilities) > 1:
        person("Disabilities", "'No disability' is recorded together with a disability.")
    if child.death_date and child.birth_date and child.death_date < child.birth_date:
        person("Date of death", "The date of death is before the date of birth.")
    for episode in child.episodes:
        found.extend(_episode_problems(child, episode, end))
    return found


def _episode_problems(child: ChildRow, e: EpisodeRow, end: dt.date) -> list[Problem]:
    found: list[Problem] = []
    referred = _date(e.referral_date)

    def add(field: str, message: str) -> None:
        found.append(
            Problem(
                child.person_id,
                child.name,
                child.la_child_id,
                field,
                f"Referral of {referred}: {message}",
                "episode",
                e.id,
            )
        )

    if not e.referral_source:
        add("Referral source", "no referral source is recorded.")
    elif e.referral_source not in REFERRAL_SOURCES:
        add("Referral source", f"'{e.referral_source}' is not a census referral source code.")
    if not e.primary_need and not e.referral_nfa:
        add("Primary need", "no primary need is recorded, and the referral led to further action.")
    elif e.primary_need and e.primary_need not in PRIMARY_NEED:
        add("Primary need", f"'{e.primary_need}' is not a census primary need code.")
    if e.closed_on and not e.closure_reason:
        add("Reason for closure", "the episode is closed but no reason for closure is recorded.")
    if e.closure_reason and e.closure_reason not in CLOSURE_REASONS:
        add("Reason for closure", f"'{e.closure_reason}' is not a census reason for closure.")
    if e.closure_reason in ("RC8", "RC9") and (e.section47s or e.cp_plans or e.cin_plans):
        add(
            "Reason for closure",
            f"closed as '{cc.label_for(cc.CLOSURE_REASONS, e.closure_reason)}', but a "
            "Section 47 enquiry or a plan is recorded: use another reason.",
        )
    if e.closed_on and e.referral_date and e.closed_on < e.referral_date:
        add("Closure date", "the episode closes before its referral date.")
    if e.referral_nfa and (e.assessments or e.section47s or e.cp_plans or e.cin_plans):
        add("No further action", "the referral is marked 'no further action' but later steps are recorded.")
    if _weekend(e.initial_cpc_on):
        add(
            "Initial conference",
            f"the initial child protection conference is dated {_date(e.initial_cpc_on)}, a weekend.",
        )
    for a in e.assessments:
        if a.authorised_on and not a.factors:
            add(
                "Assessment factors",
                f"the assessment authorised on {_date(a.authorised_on)} has no factors "
                "identified (use '21: no factors identified' if none).",
            )
        bad = [f for f in a.factors if f not in FACTORS]
        if bad:
            add("Assessment factors", f"not census assessment factor codes: {', '.join(bad)}.")
        if cc.NO_FACTORS in a.factors and len(a.factors) > 1:
            add("Assessment factors", "'21: no factors identified' is recorded together with other factors.")
        if a.started_on and e.referral_date and a.started_on < e.referral_date:
            add("Assessment start", f"the assessment starts on {_date(a.started_on)}, before the referral.")
        if a.authorised_on and a.started_on and a.authorised_on < a.started_on:
            add("Assessment authorisation", "the assessment is authorised before it started.")
    for s in e.section47s:
        if _weekend(s.icpc_held_on):
            add(
                "Initial conference",
                f"the initial child protection conference is dated {_date(s.icpc_held_on)}, a weekend.",
            )
        if s.started_on and e.referral_date and s.started_on < e.referral_date:
            add("Section 47 start", f"the Section 47 enquiry starts on {_date(s.started_on)}, before the referral.")
    for p in e.cp_plans:
        if p.initial_category not in ABUSE or p.latest_category not in ABUSE:
            add("Category of abuse", "a child protection plan has no valid category of abuse.")
        if p.ended_on and p.started_on and p.ended_on < p.started_on:
            add("Child protection plan", "a child protection plan ends before it starts.")
        for review in p.reviews:
            if _weekend(review):
                add("Review conference", f"a review conference is dated {_date(review)}, a weekend.")
    return found
