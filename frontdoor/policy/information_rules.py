"""Who may be told what about a child, and on whose authority (INF-1..INF-7, §8 of the procedure).

The rules are data: each ``InformationRule`` carries the paragraph of §8 it comes from, the
part of the Data Protection Act 2018 (or the UK GDPR it applies, or the Children Act 1989)
that gives or withholds the lawful basis, what may be released under it, and how fast the
requester must hear back. ``decide`` evaluates every rule against the facts of one request:
every rule that applies is kept as a ``RuleFiring`` with a reason for this request (DEC-7),
and the first *basis* rule in ``BASIS_RULES`` order decides what may be released. A
*handling* rule (``HANDLING_RULES``) then says who prepares the answer (the allocated worker
of an open case, INF-1). Nothing here sends anything: the services do, and they refuse what
the decision does not allow.

Response deadlines: §8 sets none. The council's assumption (configuration, ``RequestTimescales``)
is that a request made to protect a child is answered within 1 working day, as a contact is
decided within 1 working day (§7); a request resting on consent within 5 working days; a
detailed request (chronology, assessments), which a manager must approve, within 10 working
days; and a request the front door passes on (Data Protection Team, legal helpdesk) or refuses
or holds is passed on or answered within 1 working day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from frontdoor.policy.calendar import add_working_days, to_london

PROCEDURE = "Contacts and Referrals procedure §8 'Children's Services Providing Information to Other Professionals'"
DPA = "Data Protection Act 2018"
DPA_SAFEGUARDING = f"{DPA}, Schedule 1, Part 2, paragraph 18 (safeguarding of children)"


# --- The vocabulary of a request ----------------------------------------------------------------


class Agency:
    OTHER_COUNCIL = "other_council"
    CAFCASS = "cafcass"
    POLICE = "police"
    PROBATION = "probation"
    SCHOOL = "school"
    HEALTH = "health"
    SEN = "sen"
    OFSTED = "ofsted"
    BORDER_AGENCY = "border_agency"
    HOUSING = "housing"
    COURT = "court"
    SOLICITOR = "solicitor"
    INDIVIDUAL = "individual"
    OTHER = "other"
    CHOICES = (
        (OTHER_COUNCIL, "Another local authority (children's services)"),
        (CAFCASS, "Cafcass"),
        (POLICE, "Police"),
        (PROBATION, "Probation"),
        (SCHOOL, "School, free school, academy or college"),
        (HEALTH, "NHS or other health service (including mental health)"),
        (SEN, "Special educational needs (SEN) service"),
        (OFSTED, "Ofsted"),
        (BORDER_AGENCY, "UK border agencies (UK Visas and Immigration, Border Force)"),
        (HOUSING, "Housing"),
        (COURT, "A court"),
        (SOLICITOR, "A solicitor"),
        (INDIVIDUAL, "The person themselves, or a parent or carer"),
        (OTHER, "Another organisation"),
    )
    ALL = tuple(value for value, _ in CHOICES)


# §8 "Requests to Ascertain if a Child is Known": CAFCASS, SEN, Ofsted, CRI, SPA (mental health),
# HYH, police, probation, schools/free schools/academies, NHS; another council; UK border agencies.
STATUTORY_AGENCIES = frozenset(
    {
        Agency.OTHER_COUNCIL,
        Agency.CAFCASS,
        Agency.POLICE,
        Agency.PROBATION,
        Agency.SCHOOL,
        Agency.HEALTH,
        Agency.SEN,
        Agency.OFSTED,
        Agency.BORDER_AGENCY,
    }
)
# §8 "Requests for Detailed Information from Other Local Authorities or CAFCASS".
DETAILED_AGENCIES = frozenset({Agency.OTHER_COUNCIL, Agency.CAFCASS})


class Purpose:
    SAFEGUARDING = "safeguarding"
    SECTION_47 = "section_47"
    CRIME = "crime"
    COURT = "court_proceedings"
    IMMIGRATION = "immigration"
    RENT_ARREARS = "rent_arrears"
    SUBJECT_ACCESS = "subject_access"
    OTHER = "other"
    CHOICES = (
        (SAFEGUARDING, "To protect a child or safeguard their welfare"),
        (SECTION_47, "A Section 47 enquiry (Children Act 1989)"),
        (CRIME, "Preventing or detecting crime, prosecuting offenders, or assessing or collecting tax"),
        (COURT, "Court proceedings"),
        (IMMIGRATION, "The child's future plans: remaining in the UK or returning home safely"),
        (RENT_ARREARS, "Rent arrears or another housing matter"),
        (SUBJECT_ACCESS, "Subject access: a person asking for their own records"),
        (OTHER, "Another purpose"),
    )
    ALL = tuple(value for value, _ in CHOICES)


SAFEGUARDING_PURPOSES = frozenset({Purpose.SAFEGUARDING, Purpose.SECTION_47})


class Asked:
    KNOWN = "known"
    SUMMARY = "summary"
    DETAILED = "detailed"
    CHOICES = (
        (KNOWN, "Whether the child is known to children's services"),
        (SUMMARY, "The dates, purpose and outcome of children's services' involvement"),
        (DETAILED, "Detailed records: a chronology, assessments, case notes"),
    )
    ALL = tuple(value for value, _ in CHOICES)


class Identity:
    """How the requester's identity was checked (INF-7)."""

    SECURE_EMAIL = "secure_email"
    CALLED_BACK = "called_back"
    DOCUMENT = "document"
    KNOWN = "known_professional"
    NOT_VERIFIED = "not_verified"
    CHOICES = (
        (SECURE_EMAIL, "Email from the organisation's own address (for example .gov.uk, .nhs.uk, .police.uk)"),
        (CALLED_BACK, "Called back on the organisation's published switchboard number"),
        (DOCUMENT, "Identity document, warrant card or court order seen"),
        (KNOWN, "Known professional, already working with the family"),
        (NOT_VERIFIED, "Not verified yet"),
    )
    ALL = tuple(value for value, _ in CHOICES)


class CaseState:
    OPEN = "open"
    CLOSED = "closed"
    NOT_KNOWN = "not_known"
    ALL = (OPEN, CLOSED, NOT_KNOWN)


class Route:
    """Where a request goes once decided."""

    HOLD = "hold"
    REFUSE = "refuse"
    DATA_PROTECTION = "data_protection"
    LEGAL = "legal"
    ANSWER = "answer"
    ALL = (HOLD, REFUSE, DATA_PROTECTION, LEGAL, ANSWER)
    LABELS = {
        HOLD: "Held: nothing is released until the requester gives the evidence asked for",
        REFUSE: "Refused: the requester is told why",
        DATA_PROTECTION: "Passed to the Data Protection Team",
        LEGAL: "Passed to the legal helpdesk",
        ANSWER: "Answered from the record",
    }


class Level:
    """How much may be released (never more than the rule allows)."""

    NOTHING = "nothing"
    SUMMARY = "summary"  # known or not, open or closed, dates, purpose and outcome of involvement
    DETAILED = "detailed"  # and the detail of each record (a chronology)
    ALL = (NOTHING, SUMMARY, DETAILED)
    LABELS = {
        NOTHING: "Nothing about the child",
        SUMMARY: "Whether the child is known, whether the case is open or closed, and the dates, purpose and "
        "outcome of involvement",
        DETAILED: "A chronology of involvement with the detail of each record",
    }


class Handler:
    """Who prepares the answer (INF-1)."""

    FRONT_DOOR = "front_door"
    ALLOCATED_WORKER = "allocated_worker"
    DATA_PROTECTION_TEAM = "data_protection_team"
    LEGAL_HELPDESK = "legal_helpdesk"


# --- Configuration: response deadlines ------------------------------------------------------------


@dataclass(frozen=True)
class RequestTimescales:
    """Working days to reply, by kind of rule. §8 sets none: these are this council's assumptions."""

    safeguarding_working_days: int = 1  # as a contact's decision, §7
    consent_working_days: int = 5
    detailed_working_days: int = 10
    pass_on_working_days: int = 1  # hold, refuse, Data Protection Team, legal helpdesk
    logged_working_days: int = 1  # a new request is matched and routed within 1 working day

    def __post_init__(self) -> None:
        for name in (
            "safeguarding_working_days",
            "consent_working_days",
            "detailed_working_days",
            "pass_on_working_days",
            "logged_working_days",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")


DEFAULT_TIMESCALES = RequestTimescales()
TIMESCALE_SOURCE = (
    "§8 sets no timescale. Council assumption: a request to protect a child is answered within 1 working "
    "day, as a contact is decided (§7); others as configured (frontdoor/policy/information_rules.py)"
)


# --- The facts of one request -----------------------------------------------------------------------


@dataclass(frozen=True)
class RequestFacts:
    agency: str
    purpose: str
    asked: str
    identity: str  # Identity.*
    legitimacy_in_doubt: bool  # staff doubt the request is legitimate (INF-7)
    consent_from_pr: bool  # a copy of written consent from the person or someone with parental responsibility
    statutory_role_evidenced: bool  # evidence of the requester's statutory role with the family
    reason_given: bool  # the request says why it is made and its context (INF-5)
    case_state: str  # CaseState.*
    allocated_worker: str = ""  # the allocated worker's name, when the case is open
    subject_is_adult: bool = False  # an adult who was a child known to the service (INF-1)

    def __post_init__(self) -> None:
        for name, allowed in (
            ("agency", Agency.ALL),
            ("purpose", Purpose.ALL),
            ("asked", Asked.ALL),
            ("identity", Identity.ALL),
            ("case_state", CaseState.ALL),
        ):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}, got {getattr(self, name)!r}")

    @property
    def statutory(self) -> bool:
        return self.agency in STATUTORY_AGENCIES or self.statutory_role_evidenced

    @property
    def court(self) -> bool:
        """Correspondence from a court or a solicitor (§8). Cafcass and the other statutory agencies
        asking for court proceedings are answered under INF-3 and INF-5."""
        return self.agency in (Agency.COURT, Agency.SOLICITOR) or (
            self.purpose == Purpose.COURT and self.agency not in STATUTORY_AGENCIES
        )


# --- Rules ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InformationRule:
    id: str
    requirement: str  # "INF-2"
    title: str
    source: str  # the §8 paragraph and the statute
    explanation: str  # plain words, for the guide and the page
    route: str  # Route.*
    level: str  # Level.*: the most that may be released
    gov_uk_only: bool = False  # the reply may go only to a .gov.uk address
    manager_approval: bool = False  # a team manager (not the preparer) approves before sending
    timescale: str = "pass_on"  # which RequestTimescales field sets the reply deadline
    # Issue 17: the reason written for the person who reads our reply (no rule id, no internal rule
    # text), and the law it rests on as that reader would look it up.
    for_reader: str = ""
    for_reader_source: str = ""
    applies: Callable[[RequestFacts], bool] = field(default=lambda f: False, repr=False, compare=False)
    reason: Callable[[RequestFacts], str] = field(default=lambda f: "", repr=False, compare=False)

    def working_days(self, timescales: RequestTimescales = DEFAULT_TIMESCALES) -> int:
        days: int = getattr(timescales, f"{self.timescale}_working_days")
        return days


@dataclass(frozen=True)
class RuleFiring:
    rule: InformationRule
    reason: str

    def as_json(self) -> dict[str, str]:
        return {
            "rule": self.rule.id,
            "requirement": self.rule.requirement,
            "title": self.rule.title,
            "source": self.rule.source,
            "reason": self.reason,
        }


def _agency(f: RequestFacts) -> str:
    return dict(Agency.CHOICES)[f.agency].lower()


HOLD_IDENTITY = InformationRule(
    id="inf7_identity_in_doubt",
    requirement="INF-7",
    title="Identity or legitimacy in doubt: hold until evidenced",
    source=f"{PROCEDURE}, 'IF IN DOUBT of Requestor identity or the legitimacy of the request'; "
    f"UK GDPR Article 5(1)(f) (integrity and confidentiality), applied by the {DPA}, Part 2",
    explanation=(
        "If we doubt who the requester is, or that the request is legitimate, nothing is released. The requester "
        "is told to provide evidence of their identity as a statutory agency (and consent from someone with "
        "parental responsibility unless there is a child protection risk). The request is not processed "
        "until then."
    ),
    route=Route.HOLD,
    level=Level.NOTHING,
    applies=lambda f: f.identity == Identity.NOT_VERIFIED or f.legitimacy_in_doubt,
    reason=lambda f: (
        "The requester's identity has not been verified"
        if f.identity == Identity.NOT_VERIFIED
        else "A member of staff recorded doubt that the request is legitimate"
    ),
    for_reader=(
        "We need to be sure who is asking, and why, before we share anything about a child or their family. "
        "Until then we cannot say whether we know them."
    ),
    for_reader_source="UK GDPR Article 5(1)(f): personal information must be kept secure",
)
DPT_CRIME = InformationRule(
    id="inf6_crime_and_taxation",
    requirement="INF-6",
    title="Crime and taxation request: to the Data Protection Team",
    source=f"{PROCEDURE}, 'Data Protection Team specific requests for information'; {DPA}, Schedule 2, Part 1, "
    "paragraph 2 (crime and taxation: general), which replaced section 29 of the Data Protection Act 1998",
    explanation=(
        "The police or another investigator asking for information to prevent or detect crime, to catch or "
        "prosecute offenders, or to assess or collect a tax or duty: the Data Protection Team checks the "
        "exemption applies and the requester, then arranges for them to see the information. The front door "
        "releases nothing itself."
    ),
    route=Route.DATA_PROTECTION,
    level=Level.NOTHING,
    applies=lambda f: f.purpose == Purpose.CRIME,
    reason=lambda f: f"Asked by {_agency(f)} for the prevention or detection of crime, prosecution or tax",
    for_reader=(
        "Requests to prevent or detect crime, or to catch or prosecute offenders, are handled by our Data "
        "Protection Team, who will contact you."
    ),
    for_reader_source="Data Protection Act 2018, Schedule 2, Part 1, paragraph 2",
)
DPT_SUBJECT_ACCESS = InformationRule(
    id="inf6_subject_access",
    requirement="INF-6",
    title="Subject access request: to the Data Protection Team",
    source=f"{PROCEDURE}, 'The Data Protection Team will also progress Subject Access to Records Requests'; "
    f"UK GDPR Article 15 (right of access), with the exemptions of the {DPA}, Schedule 3, Part 3 (social work "
    "data) and Part 5 (child abuse data)",
    explanation="A person asking for their own records (or a parent for their child's): the Data Protection Team "
    "handles it, applying the exemptions for social work and child abuse data.",
    route=Route.DATA_PROTECTION,
    level=Level.NOTHING,
    applies=lambda f: f.purpose == Purpose.SUBJECT_ACCESS,
    reason=lambda f: "A request for a person's own records (subject access)",
    for_reader=(
        "A request to see your own records, or your child's, is handled by our Data Protection Team, who will"
        " contact you."
    ),
    for_reader_source="UK GDPR Article 15: the right of access",
)
COURT_OPEN = InformationRule(
    id="inf6_court_open_case",
    requirement="INF-6",
    title="Court or solicitor's correspondence, open case: allocated worker and legal helpdesk",
    source=f"{PROCEDURE}, 'Correspondence from Courts/Solicitors' (if case is open); {DPA}, Schedule 2, Part 1, "
    "paragraph 5 (disclosure required by law or in connection with legal proceedings)",
    explanation="A case note to the allocated worker and an email to the legal helpdesk. The front door does not "
    "answer the court or solicitor itself.",
    route=Route.LEGAL,
    level=Level.NOTHING,
    applies=lambda f: f.court and f.case_state == CaseState.OPEN,
    reason=lambda f: (
        f"From {_agency(f)} about a child whose case is open"
        + (f" (allocated to {f.allocated_worker})" if f.allocated_worker else "")
    ),
    for_reader=(
        "Correspondence from a court or a solicitor is answered by the child's social worker with our legal "
        "team, who will contact you."
    ),
    for_reader_source="Data Protection Act 2018, Schedule 2, Part 1, paragraph 5",
)
COURT_CLOSED = InformationRule(
    id="inf6_court_closed_case",
    requirement="INF-6",
    title="Court or solicitor's correspondence, case closed or not known: open a contact and tell the legal helpdesk",
    source=f"{PROCEDURE}, 'Correspondence from Courts/Solicitors' (if case is closed); {DPA}, Schedule 2, Part 1, "
    "paragraph 5",
    explanation="A contact is opened for the child, and the legal helpdesk is emailed.",
    route=Route.LEGAL,
    level=Level.NOTHING,
    applies=lambda f: f.court and f.case_state != CaseState.OPEN,
    reason=lambda f: (
        f"From {_agency(f)}; the child's case is "
        + ("closed" if f.case_state == CaseState.CLOSED else "not known to us")
    ),
    for_reader=("Correspondence from a court or a solicitor is answered with our legal team, who will contact you."),
    for_reader_source="Data Protection Act 2018, Schedule 2, Part 1, paragraph 5",
)
DETAILED_NO_REASON = InformationRule(
    id="inf5_detailed_without_reason",
    requirement="INF-5",
    title="Detailed request that does not say why: returned asking for more information",
    source=f"{PROCEDURE}, 'Requests for Detailed Information from Other Local Authorities or CAFCASS' (the "
    "requests need to be clear why the information is being requested); UK GDPR Article 5(1)(b) and (c) (purpose "
    f"limitation and data minimisation: only what the stated purpose needs is shared), applied by the {DPA}, Part 2",
    explanation="Another council or Cafcass asking for detailed records must say why and give the context. "
    "Until it does, nothing is released and the request is returned asking for more information.",
    route=Route.HOLD,
    level=Level.NOTHING,
    applies=lambda f: f.asked == Asked.DETAILED and f.agency in DETAILED_AGENCIES and not f.reason_given,
    reason=lambda f: f"{_agency(f).capitalize()} asked for detailed records without saying why",
    for_reader=(
        "We share detailed records only when we know why they are needed, so that we share no more than that "
        "purpose needs."
    ),
    for_reader_source="UK GDPR Article 5(1)(b) and (c): purpose limitation and data minimisation",
)
DETAILED = InformationRule(
    id="inf5_detailed",
    requirement="INF-5",
    title="Detailed request from another council or Cafcass: a team manager approves what is sent",
    source=f"{PROCEDURE}, 'Requests for Detailed Information from Other Local Authorities or CAFCASS' (a Team "
    "Manager will oversee what is to be sent before it is sent; information shared is kept so that subsequent "
    f"requests may build on it); Children Act 1989 section 42 (Cafcass) and section 47(9)-(11); {DPA}, "
    "Schedule 1, Part 2, paragraph 18 (safeguarding of children)",
    explanation="A chronology of involvement with the detail of each record, prepared from the record and "
    "approved by a team manager (not the person who prepared it) before it is sent. What was sent is kept.",
    route=Route.ANSWER,
    level=Level.DETAILED,
    manager_approval=True,
    timescale="detailed",
    applies=lambda f: f.asked == Asked.DETAILED and f.agency in DETAILED_AGENCIES and f.reason_given,
    reason=lambda f: f"{_agency(f).capitalize()} asked for detailed records and said why",
    for_reader=(
        "You asked for detailed records to help protect a child. The law allows us to share what is needed "
        "for that, and a manager has checked what we are sending."
    ),
    for_reader_source=f"Children Act 1989, sections 42 and 47; {DPA_SAFEGUARDING}",
)
S47_OTHER_COUNCIL = InformationRule(
    id="inf2_section_47_other_council",
    requirement="INF-2",
    title="Another council's Section 47 enquiry: confirm without consent, reply to .gov.uk only",
    source=f"{PROCEDURE}, 'If another local authority requests information due to a section 47 enquiry then CSC "
    "can confirm this without consent. Confirmation should be sent by email to a .gov.uk e-mail address'; "
    f"Children Act 1989 section 47(9)-(11); {DPA}, Schedule 1, Part 2, paragraph 18 (safeguarding of children)",
    explanation="Confirmed without the parents' consent: whether the child is known, open or closed, and the dates, "
    "purpose and outcome of involvement. The reply goes only to a .gov.uk email address.",
    route=Route.ANSWER,
    level=Level.SUMMARY,
    gov_uk_only=True,
    timescale="safeguarding",
    applies=lambda f: f.agency == Agency.OTHER_COUNCIL and f.purpose == Purpose.SECTION_47,
    reason=lambda f: "Another local authority making Section 47 enquiries",
    for_reader=(
        "You told us you are making enquiries because you are worried a child may be suffering significant "
        "harm. The law allows us to help you with those enquiries, without the family's consent."
    ),
    for_reader_source=f"Children Act 1989, section 47; {DPA_SAFEGUARDING}",
)
BORDER_AGENCY = InformationRule(
    id="inf2_border_agency",
    requirement="INF-2",
    title="UK border agencies: provide without consent, reply to .gov.uk only",
    source=f"{PROCEDURE}, 'Requests from the UK Border Agency' (all confirmation to UKBA should be sent by email "
    f"to a .gov.uk e-mail address); {DPA}, Schedule 2, Part 1, paragraph 4 (immigration)",
    explanation="Information that may inform the child's future plans (remaining in the UK or returning home "
    "safely) is provided without parental consent, by email to a .gov.uk address only.",
    route=Route.ANSWER,
    level=Level.SUMMARY,
    gov_uk_only=True,
    timescale="safeguarding",
    applies=lambda f: f.agency == Agency.BORDER_AGENCY,
    reason=lambda f: "A request from a UK border agency",
    for_reader=(
        "The information may help decide what is safest for the child's future, in the UK or on returning "
        "home. The law allows us to share it for that purpose, without the family's consent."
    ),
    for_reader_source="Data Protection Act 2018, Schedule 2, Part 1, paragraph 4 (immigration)",
)
RENT_ARREARS = InformationRule(
    id="inf4_rent_arrears_without_consent",
    requirement="INF-4",
    title="Housing or rent arrears without signed parental consent: refused",
    source=f"{PROCEDURE}, 'agencies such as Housing may request information... This information sharing would not "
    "be informing a possible safeguarding decision and should therefore not be given without signed parental "
    f"consent'; UK GDPR Article 6(1)(a) (consent): no condition of the {DPA}, Schedule 1, Part 2, paragraph 18 "
    "(safeguarding) applies",
    explanation="Rent arrears and other housing matters do not inform a safeguarding decision: nothing is given "
    "without signed consent from someone with parental responsibility, whatever the requester's role.",
    route=Route.REFUSE,
    level=Level.NOTHING,
    applies=lambda f: f.purpose == Purpose.RENT_ARREARS and not f.consent_from_pr,
    reason=lambda f: f"{_agency(f).capitalize()} asked about rent arrears or housing, without signed parental consent",
    for_reader=(
        "Rent arrears and other housing matters are not about keeping a child safe, so we can only share "
        "information about them with the signed consent of someone with parental responsibility."
    ),
    for_reader_source="UK GDPR Article 6(1)(a): consent",
)
STATUTORY_SAFEGUARDING = InformationRule(
    id="inf3_statutory_safeguarding",
    requirement="INF-3",
    title="Statutory agency, to protect a child: tell them whether the child is known, and the dates and outcomes",
    source=f"{PROCEDURE}, 'Requests to Ascertain if a Child is Known to Children's Services' (the requestor "
    f"confirms the information is required for the purpose of protecting and safeguarding the welfare of a "
    f"child); {DPA}, Schedule 1, Part 2, paragraph 18 (safeguarding of children and of individuals at risk)",
    explanation="A statutory agency (Cafcass, SEN, Ofsted, police, probation, schools, NHS, ...) that confirms the "
    "information is needed to protect a child is told whether the child is known, whether the case is open or "
    "closed, and the dates, purpose and outcome of involvement, drawn from the record.",
    route=Route.ANSWER,
    level=Level.SUMMARY,
    timescale="safeguarding",
    applies=lambda f: f.statutory and f.purpose in SAFEGUARDING_PURPOSES,
    reason=lambda f: (
        f"{_agency(f).capitalize()} confirms the information is needed to protect a child"
        + ("" if f.agency in STATUTORY_AGENCIES else " (statutory role evidenced)")
    ),
    for_reader=(
        "You told us you need this information to protect a child. The law allows us to share what is needed "
        "to keep a child safe."
    ),
    for_reader_source=DPA_SAFEGUARDING,
)
WRITTEN_CONSENT = InformationRule(
    id="inf3_written_consent",
    requirement="INF-3",
    title="Written consent from a person with parental responsibility: tell them the dates and outcomes",
    source=f"{PROCEDURE}, 'Requests to Ascertain if a Child is Known' (OR they have gained written consent from "
    "someone with PR) and 'All other information requests from agencies require a copy of a consent form from "
    "the individual or someone with PR'; UK GDPR Articles 6(1)(a) and 9(2)(a) (consent), applied by the "
    f"{DPA}, Part 2",
    explanation="With a copy of written consent from the person or someone with parental responsibility, the "
    "requester is told whether the child is known, open or closed, and the dates, purpose and outcome of "
    "involvement.",
    route=Route.ANSWER,
    level=Level.SUMMARY,
    timescale="consent",
    applies=lambda f: f.consent_from_pr,
    reason=lambda f: "A copy of written consent from a person with parental responsibility was provided",
    for_reader=(
        "You sent us written consent from the person, or from someone with parental responsibility for the "
        "child, to share this with you."
    ),
    for_reader_source="UK GDPR Articles 6(1)(a) and 9(2)(a): consent",
)
NO_BASIS = InformationRule(
    id="inf4_no_consent_or_statutory_role",
    requirement="INF-4",
    title="No consent and no safeguarding purpose from a statutory agency: refused, saying why",
    source=f"{PROCEDURE}, 'All other information requests from agencies require a copy of a consent form from the "
    "individual or someone with PR. The enquirer should be informed... that they need to provide evidence of "
    "consent/their statutory role with the family before we can process their request'; UK GDPR Article 6 "
    f"(no lawful basis), applied by the {DPA}, Part 2",
    explanation="Without consent from someone with parental responsibility, or evidence of a statutory role with "
    "the family and a safeguarding purpose, the request is not processed. The requester is told what they need "
    "to provide.",
    route=Route.REFUSE,
    level=Level.NOTHING,
    applies=lambda f: True,
    reason=lambda f: (
        f"{_agency(f).capitalize()}: no consent from a person with parental responsibility"
        + ("" if f.statutory else ", and no evidence of a statutory role with the family")
        + ("" if f.purpose in SAFEGUARDING_PURPOSES else ", and no safeguarding purpose")
    ),
    for_reader=(
        "We can only share information about a child or their family with their consent, or with an "
        "organisation that has a legal role with the family and needs it to protect a child."
    ),
    for_reader_source="UK GDPR Article 6: the lawful bases for sharing information",
)

# Order matters: the first that applies decides what may be released.
BASIS_RULES: tuple[InformationRule, ...] = (
    HOLD_IDENTITY,
    DPT_CRIME,
    DPT_SUBJECT_ACCESS,
    DETAILED_NO_REASON,
    DETAILED,
    COURT_OPEN,
    COURT_CLOSED,
    S47_OTHER_COUNCIL,
    BORDER_AGENCY,
    RENT_ARREARS,
    STATUTORY_SAFEGUARDING,
    WRITTEN_CONSENT,
    NO_BASIS,
)

OPEN_CASE = InformationRule(
    id="inf1_open_case",
    requirement="INF-1",
    title="Case open: the allocated worker prepares the answer",
    source=f"{PROCEDURE}, 'Requests for Information – General Advice' (if a child is open to a Children's Services "
    "team, any requests for information... will be processed by the allocated worker)",
    explanation="When the child's case is open, the request goes to the allocated worker, who prepares the answer.",
    route=Route.ANSWER,
    level=Level.NOTHING,
    applies=lambda f: f.case_state == CaseState.OPEN and bool(f.allocated_worker),
    reason=lambda f: f"The child's case is open, allocated to {f.allocated_worker}",
    for_reader=("The child's social worker answers requests while they are working with the family."),
    for_reader_source="Contacts and Referrals procedure, 'Requests for Information: General Advice'",
)
CLOSED_CASE = InformationRule(
    id="inf1_closed_case",
    requirement="INF-1",
    title="Case closed: the front door records the request as a contact and answers it",
    source=f"{PROCEDURE}, 'Requests for Information – General Advice' (if a child is closed, CSC will open a "
    "Contact... and use the following guidance for processing the request)",
    explanation="When the child's case is closed, the request is recorded on the child's record as a contact "
    "(this request, with its reference) and the Customer Service Centre answers it under §8.",
    route=Route.ANSWER,
    level=Level.NOTHING,
    applies=lambda f: f.case_state == CaseState.CLOSED and not f.subject_is_adult,
    reason=lambda f: "The child is known and the case is closed",
    for_reader=("Our Customer Service Centre answers requests about children we are no longer working with."),
    for_reader_source="Contacts and Referrals procedure, 'Requests for Information: General Advice'",
)
ADULT = InformationRule(
    id="inf1_adult_former_service_user",
    requirement="INF-1",
    title="An adult who was known as a child: an adult contact",
    source=f"{PROCEDURE}, 'Requests for Information – General Advice' (if the request relates to an adult who "
    "was a former recipient of Children's Services, CSC will open an Adult Contact)",
    explanation="A request about an adult who was known to children's services as a child is recorded as an "
    "adult contact (this request) and answered by the Customer Service Centre.",
    route=Route.ANSWER,
    level=Level.NOTHING,
    applies=lambda f: f.subject_is_adult,
    reason=lambda f: "The person is now an adult and was known to children's services",
    for_reader=("Our Customer Service Centre answers requests about adults we worked with when they were children."),
    for_reader_source="Contacts and Referrals procedure, 'Requests for Information: General Advice'",
)
HANDLING_RULES: tuple[InformationRule, ...] = (OPEN_CASE, ADULT, CLOSED_CASE)

ALL_RULES: tuple[InformationRule, ...] = BASIS_RULES + HANDLING_RULES


# --- Deciding ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InformationDecision:
    basis: RuleFiring  # the rule that decided what may be released
    handling: RuleFiring | None  # who prepares the answer, when there is one to prepare
    firings: tuple[RuleFiring, ...]  # every rule that applied, deciding one first

    @property
    def route(self) -> str:
        return self.basis.rule.route

    @property
    def level(self) -> str:
        return self.basis.rule.level

    @property
    def gov_uk_only(self) -> bool:
        return self.basis.rule.gov_uk_only

    @property
    def manager_approval(self) -> bool:
        return self.basis.rule.manager_approval

    @property
    def handler(self) -> str:
        if self.route == Route.DATA_PROTECTION:
            return Handler.DATA_PROTECTION_TEAM
        if self.route == Route.LEGAL:
            return Handler.LEGAL_HELPDESK
        if self.handling is not None and self.handling.rule is OPEN_CASE:
            return Handler.ALLOCATED_WORKER
        return Handler.FRONT_DOOR

    def reply_due(self, received_at: datetime, timescales: RequestTimescales = DEFAULT_TIMESCALES) -> datetime:
        return add_working_days(received_at, self.basis.rule.working_days(timescales))


def decide(facts: RequestFacts) -> InformationDecision:
    """Every rule that applies, with its reason; the first basis rule decides (DEC-7)."""
    basis = [RuleFiring(rule, rule.reason(facts)) for rule in BASIS_RULES if rule.applies(facts)]
    deciding = basis[0]  # NO_BASIS always applies, so there is always one
    handling = None
    if deciding.rule.route == Route.ANSWER:
        handling = next((RuleFiring(r, r.reason(facts)) for r in HANDLING_RULES if r.applies(facts)), None)
    # Only the deciding rule and the handling rule are in force; the others that matched are shown too
    # (a person can see what else applied), after them.
    others = tuple(firing for firing in basis[1:] if firing.rule is not NO_BASIS)
    firings = (deciding, *((handling,) if handling else ()), *others)
    return InformationDecision(basis=deciding, handling=handling, firings=firings)


def rule_by_id(rule_id: str) -> InformationRule:
    for rule in ALL_RULES:
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)


def is_gov_uk(address: str) -> bool:
    """Whether an email address is at gov.uk or one of its subdomains (a council's, the Home Office's).

    The domain after the last "@" must be exactly "gov.uk" or end in ".gov.uk": "gov.uk.example.com",
    "notgov.uk", "gov.uk@example.com" and an address with two "@" are not."""
    address = address.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or "@" in local or any(c.isspace() for c in address):
        return False
    domain = domain.rstrip(".")
    return domain == "gov.uk" or (domain.endswith(".gov.uk") and ".." not in domain)


def received_deadline(received_at: datetime, timescales: RequestTimescales = DEFAULT_TIMESCALES) -> datetime:
    """Before it is routed: match and route the request within this many working days."""
    to_london(received_at)
    return add_working_days(received_at, timescales.logged_working_days)
