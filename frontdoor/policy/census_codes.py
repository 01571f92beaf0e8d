"""The code lists of the Children in Need (CIN) census (RET-1, STA-1), as data with their source.

Every list is an ordered tuple of (code, label) pairs, so that it can be used directly as a
model field's ``choices`` and looked up with :func:`label_for`. The codes are the ones the
Department for Education's specification fixes; the labels are shortened from it.

``referral_source_for`` maps a contact's referrer (who made it, from which kind of
organisation, named or anonymous, by which channel) to a census referral source code.
"""

from __future__ import annotations

from typing import Protocol

CENSUS_SOURCE = (
    "Department for Education, 'Children in need census 2024 to 2025: business and technical "
    "specification' and 'Children in need census: guide' (common basic data set code sets)"
)

Codes = tuple[tuple[str, str], ...]

# <ReferralSource> (N00152)
REFERRAL_SOURCES: Codes = (
    ("1A", "Individual: family member, relative or carer"),
    ("1B", "Individual: acquaintance (including neighbours and child minders)"),
    ("1C", "Individual: self"),
    ("1D", "Individual: other"),
    ("2A", "Schools"),
    ("2B", "Education services"),
    ("3A", "Health services: GP"),
    ("3B", "Health services: health visitor"),
    ("3C", "Health services: school nurse"),
    ("3D", "Health services: other primary health services"),
    ("3E", "Health services: A&E (emergency department)"),
    ("3F", "Health services: other (for example hospice)"),
    ("4", "Housing (council housing or housing association)"),
    ("5A", "Local authority services: social care (for example adult social care)"),
    ("5B", "Local authority services: other internal department"),
    ("5C", "Local authority services: external (for example another council's adult social care)"),
    ("5D", "Early help"),
    ("6", "Police"),
    ("7", "Other legal agency (for example courts, probation, immigration, CAFCASS, prison)"),
    ("8", "Other"),
    ("9", "Anonymous"),
    ("10", "Unknown"),
)

# <PrimaryNeedCode> (N00101)
PRIMARY_NEED: Codes = (
    ("N0", "Not stated"),
    ("N1", "Abuse or neglect"),
    ("N2", "Child's disability or illness"),
    ("N3", "Parental disability or illness"),
    ("N4", "Family in acute stress"),
    ("N5", "Family dysfunction"),
    ("N6", "Socially unacceptable behaviour"),
    ("N7", "Low income"),
    ("N8", "Absent parenting"),
    ("N9", "Cases other than children in need"),
)

# <ReasonForClosure> (N00103)
CLOSURE_REASONS: Codes = (
    ("RC1", "Adopted"),
    ("RC2", "Died"),
    ("RC3", "Child arrangements order"),
    ("RC4", "Special guardianship order"),
    ("RC5", "Transferred to services of another local authority"),
    ("RC6", "Transferred to adult social care services"),
    ("RC7", "Services ceased for any other reason, including the child no longer in need"),
    ("RC8", "Case closed after assessment, no further action"),
    ("RC9", "Case closed after assessment, referred to early help"),
)

# <InitialCategoryOfAbuse> (N00113) and <LatestCategoryOfAbuse> (N00114)
ABUSE_CATEGORIES: Codes = (
    ("NEG", "Neglect"),
    ("PHY", "Physical abuse"),
    ("SAB", "Sexual abuse"),
    ("EMO", "Emotional abuse"),
    ("MUL", "Multiple (no longer recommended)"),
)

# <AssessmentFactors> (N00181): factors identified at the end of assessment
ASSESSMENT_FACTORS: Codes = (
    ("1A", "Alcohol misuse: the child"),
    ("1B", "Alcohol misuse: a parent or carer"),
    ("1C", "Alcohol misuse: another person in the household"),
    ("2A", "Drug misuse: the child"),
    ("2B", "Drug misuse: a parent or carer"),
    ("2C", "Drug misuse: another person in the household"),
    ("3A", "Domestic abuse: the child is the subject of it"),
    ("3B", "Domestic abuse: a parent or carer"),
    ("3C", "Domestic abuse: another person in the household"),
    ("4A", "Mental health: the child"),
    ("4B", "Mental health: a parent or carer"),
    ("4C", "Mental health: another person in the household"),
    ("5A", "Learning disability: the child"),
    ("5B", "Learning disability: a parent or carer"),
    ("5C", "Learning disability: another person in the household"),
    ("6A", "Physical disability or illness: the child"),
    ("6B", "Physical disability or illness: a parent or carer"),
    ("6C", "Physical disability or illness: another person in the household"),
    ("7A", "Young carer"),
    ("8B", "Privately fostered: overseas child who intends to return"),
    ("8C", "Privately fostered: overseas child who intends to stay"),
    ("8D", "Privately fostered: UK child in education"),
    ("8E", "Privately fostered: UK child not in education"),
    ("8F", "Privately fostered: other"),
    ("9A", "Unaccompanied asylum-seeking child"),
    ("10A", "Going or being missing"),
    ("11A", "Child sexual exploitation"),
    ("12A", "Trafficking"),
    ("13A", "Gangs"),
    ("14A", "Socially unacceptable behaviour"),
    ("15A", "Self-harm"),
    ("16A", "Abuse or neglect: neglect"),
    ("17A", "Abuse or neglect: emotional abuse"),
    ("18B", "Abuse or neglect: sexual abuse by an adult"),
    ("18C", "Abuse or neglect: sexual abuse by another child"),
    ("19B", "Abuse or neglect: physical abuse by an adult"),
    ("19C", "Abuse or neglect: physical abuse by another child"),
    ("20", "Other"),
    ("21", "No factors identified"),
    ("22A", "Female genital mutilation"),
    ("23A", "Abuse linked to faith or belief"),
    ("24A", "Child criminal exploitation"),
)
NO_FACTORS = "21"  # may only be returned on its own

# <Ethnicity> (N00177): the DfE's main and extended codes as used in the census
ETHNICITY: Codes = (
    ("WBRI", "White: British"),
    ("WIRI", "White: Irish"),
    ("WIRT", "White: Traveller of Irish heritage"),
    ("WOTH", "White: any other White background"),
    ("WROM", "White: Gypsy or Roma"),
    ("MWBC", "Mixed: White and Black Caribbean"),
    ("MWBA", "Mixed: White and Black African"),
    ("MWAS", "Mixed: White and Asian"),
    ("MOTH", "Mixed: any other mixed background"),
    ("AIND", "Asian or Asian British: Indian"),
    ("APKN", "Asian or Asian British: Pakistani"),
    ("ABAN", "Asian or Asian British: Bangladeshi"),
    ("AOTH", "Asian or Asian British: any other Asian background"),
    ("BCRB", "Black or Black British: Caribbean"),
    ("BAFR", "Black or Black British: African"),
    ("BOTH", "Black or Black British: any other Black background"),
    ("CHNE", "Chinese"),
    ("OOTH", "Any other ethnic group"),
    ("REFU", "Refused"),
    ("NOBT", "Information not yet obtained"),
)

# <Disability> (N00099)
DISABILITIES: Codes = (
    ("NONE", "No disability"),
    ("MOB", "Mobility: getting about the house and beyond"),
    ("HAND", "Hand function: holding and touching"),
    ("PC", "Personal care: eating, washing, dressing"),
    ("INC", "Incontinence: controlling the passage of urine or faeces"),
    ("COMM", "Communication: speaking or understanding others"),
    ("LD", "Learning: learning or understanding"),
    ("HEAR", "Hearing"),
    ("VIS", "Vision"),
    ("BEH", "Behaviour: a condition affecting behaviour"),
    ("CON", "Consciousness: seizures"),
    ("AUT", "Autism or Asperger syndrome"),
    ("DDA", "Another disability under the Equality Act 2010"),
)
DISABILITY = DISABILITIES  # the name the data model note uses
NO_DISABILITY = "NONE"  # may only be returned on its own

# <UPNunknown> (N00135): why a child has no Unique Pupil Number
UPN_UNKNOWN: Codes = (
    ("UN1", "Child is not of school age and has no UPN yet"),
    ("UN2", "Child has never attended a school in England"),
    ("UN3", "Child is being educated outside England"),
    ("UN4", "Child is newly arrived in England and a UPN is not yet known"),
    ("UN5", "Sources collating UPNs reflect a discrepancy or the UPN is not yet known"),
    ("UN6", "Child is aged under 6 and a UPN has not yet been assigned"),
    ("UN7", "Referral with no further action"),
    ("UN8", "Case closed after assessment, no further action"),
    ("UN9", "Unborn child"),
    ("UN10", "Request for a UPN made but not yet assigned"),
)


def codes(code_list: Codes) -> frozenset[str]:
    """The set of valid codes in one list."""
    return frozenset(code for code, _ in code_list)


def label_for(code_list: Codes, code: str) -> str:
    """The label of ``code`` in ``code_list``, or the code itself if it is not in it."""
    return dict(code_list).get(code, code)


class _Referrer(Protocol):
    referrer_type: str
    organisation_type: str
    anonymity: str
    channel: str


# A professional's organisation type (intake's OrganisationType) -> census referral source.
# Health, local authority and other are as near as the contact form lets us say: the form asks
# for the kind of organisation, not which health service or council department.
_ORGANISATION_SOURCE: dict[str, str] = {
    "school": "2A",
    "early_years": "2B",
    "health": "3F",
    "police": "6",
    "local_authority": "5B",
    "voluntary": "8",
    "housing": "4",
    "probation": "7",
    "other": "8",
}
_REFERRER_SOURCE: dict[str, str] = {
    "family": "1A",
    "public": "1B",
    "child": "1C",
}
_CHANNEL_SOURCE: dict[str, str] = {
    "police": "6",
    "helpline": "8",
}

REFERRAL_SOURCE_RULE = (
    "An anonymous referrer is 9; a child about themselves 1C, a family member 1A, a member of the "
    "public 1B; a professional by their organisation (school 2A, early years 2B, health 3F, police 6, "
    "council 5B, housing 4, probation 7, voluntary or other 8); a contact passed on by the police 6 "
    "or a helpline 8; otherwise 10 (unknown)."
)


def referral_source_for(contact: _Referrer) -> str:
    """The census referral source code for a contact's referrer (RET-1)."""
    if contact.anonymity == "anonymous":
        return "9"
    if contact.referrer_type == "professional":
        source = _ORGANISATION_SOURCE.get(contact.organisation_type or "")
        if source:
            return source
        return _CHANNEL_SOURCE.get(contact.channel, "8")
    if contact.referrer_type in _REFERRER_SOURCE:
        return _REFERRER_SOURCE[contact.referrer_type]
    return _CHANNEL_SOURCE.get(contact.channel, "10")
