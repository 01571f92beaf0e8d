"""The Children in Need census XML (RET-1): what goes in it, and a streaming writer.

The census covers a collection year, 1 April to 31 March; its ReferenceDate is the 31 March.
A child is in the return when one of their CIN episodes (``pathway.Episode``) was open at any
time during the year: referred on or before 31 March and not closed before 1 April. Every such
episode is returned, with the assessments, CIN plans, Section 47 enquiries, child protection
plans and reviews that fall in it.

The record is read in chunks of children (``records``, frontdoor/returns/source.py) and
written element by element with ``xml.sax.saxutils.XMLGenerator`` straight to a file, so the
memory used does not grow with the number of children (bench/returns measures it).

Element names and order follow the DfE's "Children in need census 2025 to 2026: business and
technical specification" (the CBDS items are named beside each field below); the code lists
are in frontdoor/policy/census_codes.py.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from django.conf import settings


def collection_year(year: int) -> tuple[dt.date, dt.date]:
    """The collection year named by the year it ends: 2026 is 1 April 2025 to 31 March 2026."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


@dataclass
class Header:
    year: int
    la_code: str  # <LEA> (N00216): the council's three-digit DfE local authority number
    serial_no: str = "001"
    software_code: str = "Front Door"
    release: str = "1"
    made_at: dt.datetime | None = None

    @property
    def reference_date(self) -> dt.date:
        return collection_year(self.year)[1]


def default_header(year: int) -> Header:
    """The council's LA number comes from FRONTDOOR_CENSUS_LA_CODE (environment or settings)."""
    code = os.environ.get("FRONTDOOR_CENSUS_LA_CODE") or getattr(settings, "FRONTDOOR_CENSUS_LA_CODE", "999")
    return Header(year=year, la_code=str(code))


@dataclass
class AssessmentRow:
    id: int
    started_on: dt.date | None  # AssessmentActualStartDate (N00159)
    completed_on: dt.date | None  # AssessmentInternalReviewDate (N00160)
    authorised_on: dt.date | None  # AssessmentAuthorisationDate (N00161)
    factors: list[str] = field(default_factory=list)  # AssessmentFactors (N00181)


@dataclass
class PlanDates:
    started_on: dt.date  # CINPlanStartDate (N00689) / CPPstartDate (N00105)
    ended_on: dt.date | None  # CINPlanEndDate (N00690) / CPPendDate (N00115)


@dataclass
class Section47Row:
    id: int
    started_on: dt.date | None  # S47ActualStartDate (N00148)
    icpc_target: dt.date | None  # InitialCPCtarget (N00109)
    icpc_held_on: dt.date | None  # DateOfInitialCPC (N00110)
    icpc_not_required: bool  # ICPCnotRequired (N00111)


@dataclass
class CPPlanRow:
    id: int
    started_on: dt.date | None
    ended_on: dt.date | None
    initial_category: str  # InitialCategoryOfAbuse (N00113)
    latest_category: str  # LatestCategoryOfAbuse (N00114)
    previous_plans: int  # NumberOfPreviousCPP (N00106)
    reviews: list[dt.date] = field(default_factory=list)  # CPPreviewDate (N00116)


@dataclass
class EpisodeRow:
    id: int
    referral_date: dt.date | None  # CINreferralDate (N00100)
    referral_source: str  # ReferralSource (N00152)
    primary_need: str  # PrimaryNeedCode (N00101)
    closed_on: dt.date | None  # CINclosureDate (N00102)
    closure_reason: str  # ReasonForClosure (N00103)
    initial_cpc_on: dt.date | None  # DateOfInitialCPC (N00110): the first ICPC of the episode
    referral_nfa: bool  # ReferralNFA (N00112)
    assessments: list[AssessmentRow] = field(default_factory=list)
    cin_plans: list[PlanDates] = field(default_factory=list)
    section47s: list[Section47Row] = field(default_factory=list)
    cp_plans: list[CPPlanRow] = field(default_factory=list)


@dataclass
class ChildRow:
    person_id: int
    name: str
    la_child_id: str  # LAchildID (N00097)
    upn: str  # UPN (N00001)
    former_upn: str  # FormerUPN (N00002)
    upn_unknown: str  # UPNunknown (N00135)
    birth_date: dt.date | None  # PersonBirthDate (N00066)
    expected_birth_date: dt.date | None  # ExpectedPersonBirthDate (N00098)
    sex: str  # Sex (N00783): M, F or U; "" when the record has none
    death_date: dt.date | None  # PersonDeathDate (N00108)
    ethnicity: str  # Ethnicity (N00177)
    disabilities: list[str] = field(default_factory=list)  # Disability (N00099)
    episodes: list[EpisodeRow] = field(default_factory=list)


def la_child_id(person_id: int) -> str:
    """The LA child identifier returned for a person: stable, alphanumeric, at most 20 characters."""
    return f"FD{person_id:08d}"


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


class _Writer:
    """A thin layer over XMLGenerator: indented elements, empty values left out."""

    def __init__(self, out: IO[str]) -> None:
        self.gen = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)  # type: ignore[arg-type]
        self.no_attributes: AttributesImpl[str] = AttributesImpl({})
        self.depth = 0

    def start(self, name: str) -> None:
        self.gen.ignorableWhitespace("\n" + "  " * self.depth)
        self.gen.startElement(name, self.no_attributes)
        self.depth += 1

    def end(self, name: str) -> None:
        self.depth -= 1
        self.gen.ignorableWhitespace("\n" + "  " * self.depth)
        self.gen.endElement(name)

    def leaf(self, name: str, value: str | None, *, keep_empty: bool = False) -> None:
        if not value and not keep_empty:
            return
        self.gen.ignorableWhitespace("\n" + "  " * self.depth)
        self.gen.startElement(name, self.no_attributes)
        self.gen.characters(value or "")
        self.gen.endElement(name)


def _flag(value: bool) -> str:
    return "1" if value else "0"


def write_census(out: IO[str], header: Header, children: Iterable[ChildRow]) -> int:
    """Write the census message for ``children`` to ``out`` as they come; returns how many."""
    w = _Writer(out)
    w.gen.startDocument()
    w.start("Message")
    w.start("Header")
    w.start("CollectionDetails")
    w.leaf("Collection", "CIN")
    w.leaf("Year", str(header.year))
    w.leaf("ReferenceDate", header.reference_date.isoformat())
    w.end("CollectionDetails")
    w.start("Source")
    w.leaf("SourceLevel", "L")
    w.leaf("LEA", header.la_code)
    w.leaf("SoftwareCode", header.software_code)
    w.leaf("Release", header.release)
    w.leaf("SerialNo", header.serial_no)
    made_at = header.made_at or dt.datetime.now(dt.UTC)
    w.leaf("DateTime", made_at.replace(microsecond=0, tzinfo=None).isoformat())
    w.end("Source")
    w.end("Header")
    w.start("Children")
    count = 0
    for child in children:
        _write_child(w, child)
        count += 1
    w.end("Children")
    w.end("Message")
    w.gen.endDocument()
    out.write("\n")
    return count


def _write_child(w: _Writer, c: ChildRow) -> None:
    w.start("Child")
    w.start("ChildIdentifiers")
    w.leaf("LAchildID", c.la_child_id)
    w.leaf("UPN", c.upn)
    w.leaf("FormerUPN", c.former_upn)
    w.leaf("UPNunknown", c.upn_unknown)
    w.leaf("PersonBirthDate", _d(c.birth_date))
    w.leaf("ExpectedPersonBirthDate", _d(c.expected_birth_date))
    w.leaf("Sex", c.sex)
    w.leaf("PersonDeathDate", _d(c.death_date))
    w.end("ChildIdentifiers")
    w.start("ChildCharacteristics")
    w.leaf("Ethnicity", c.ethnicity)
    if c.disabilities:
        w.start("Disabilities")
        for code in c.disabilities:
            w.leaf("Disability", code)
        w.end("Disabilities")
    w.end("ChildCharacteristics")
    for e in c.episodes:
        _write_episode(w, e)
    w.end("Child")


def _write_episode(w: _Writer, e: EpisodeRow) -> None:
    w.start("CINdetails")
    w.leaf("CINreferralDate", _d(e.referral_date))
    w.leaf("ReferralSource", e.referral_source)
    w.leaf("PrimaryNeedCode", e.primary_need)
    w.leaf("CINclosureDate", _d(e.closed_on))
    w.leaf("ReasonForClosure", e.closure_reason if e.closed_on else "")
    w.leaf("DateOfInitialCPC", _d(e.initial_cpc_on))
    w.leaf("ReferralNFA", _flag(e.referral_nfa))
    for a in e.assessments:
        w.start("Assessments")
        w.leaf("AssessmentActualStartDate", _d(a.started_on))
        w.leaf("AssessmentInternalReviewDate", _d(a.completed_on))
        w.leaf("AssessmentAuthorisationDate", _d(a.authorised_on))
        if a.factors:
            w.start("FactorsIdentifiedAtAssessment")
            for code in a.factors:
                w.leaf("AssessmentFactors", code)
            w.end("FactorsIdentifiedAtAssessment")
        w.end("Assessments")
    for p in e.cin_plans:
        w.start("CINPlanDates")
        w.leaf("CINPlanStartDate", _d(p.started_on))
        w.leaf("CINPlanEndDate", _d(p.ended_on))
        w.end("CINPlanDates")
    for s in e.section47s:
        w.start("Section47")
        w.leaf("S47ActualStartDate", _d(s.started_on))
        w.leaf("InitialCPCtarget", _d(s.icpc_target))
        w.leaf("DateOfInitialCPC", _d(s.icpc_held_on))
        w.leaf("ICPCnotRequired", _flag(s.icpc_not_required))
        w.end("Section47")
    for plan in e.cp_plans:
        w.start("ChildProtectionPlans")
        w.leaf("CPPstartDate", _d(plan.started_on))
        w.leaf("CPPendDate", _d(plan.ended_on))
        w.leaf("InitialCategoryOfAbuse", plan.initial_category)
        w.leaf("LatestCategoryOfAbuse", plan.latest_category)
        w.leaf("NumberOfPreviousCPP", str(plan.previous_plans))
        for review in plan.reviews:
            w.start("Reviews")
            w.leaf("CPPreviewDate", _d(review))
            w.end("Reviews")
        w.end("ChildProtectionPlans")
    w.end("CINdetails")


def iter_chunks(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    chunk: list[int] = []
    for i in ids:
        chunk.append(i)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
