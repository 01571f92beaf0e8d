"""Suggestions at screening (DEC-4, DEC-5, SCR-5), as rules with their sources (DEC-7).

``suggest`` looks at the facts of a contact being screened and returns every rule that
applies, each with a reason specific to this contact. A firing is a prompt to a person, never
a decision: nothing here starts a Section 47 enquiry, closes a contact or discards one
(DEC-3, seed 003), and a person can overrule any suggestion with a reason (recorded elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from frontdoor.policy.config import PolicyConfig, default_config
from frontdoor.policy.routing import Rule, RuleFiring

PROCEDURE = "Contacts and Referrals procedure"
BILSON_BRUISES = (
    "'Procedures on Bruises in Pre-Mobile Children: why we need improved standards for policy making' "
    "(Andy Bilson, University of Central Lancashire): accidental bruising in babies "
    "is not rare, more so once they roll; no automatic Section 47 enquiry"
)
TRIAGE_CRITIQUE = (
    "A published critique of a council's refusal of written referrals from the public, citing the Local "
    "Government and Social Care Ombudsman: triage recognises repetitive, malicious, trivial or mistaken "
    "concerns; it never discards them"
)

NOT_MOBILE = "not_mobile"
ROLLS = "rolls"
CRAWLS = "crawls"
CRUISES = "cruises"
WALKS = "walks"
BABY_MOBILITY = ("", NOT_MOBILE, ROLLS, CRAWLS, CRUISES, WALKS)
PRE_MOBILE = (NOT_MOBILE, ROLLS)  # not yet crawling, cruising or walking

NOT_S47 = (
    "This does not by itself start a Section 47 enquiry: that needs a person's decision that there is "
    "reasonable cause to suspect significant harm"
)


@dataclass(frozen=True)
class ScreeningFacts:
    concern_text: str  # all the free text of the contact and screening, joined
    youngest_child_age_days: int | None  # None when no child's date of birth is known
    baby_mobility: str  # "" (not recorded) | "not_mobile" | "rolls" | "crawls" | "cruises" | "walks"
    bruising: bool | None  # screener's answer; None = not answered (then the text is searched)
    suspected_crime: bool | None  # screener's answer: sexual or physical assault, or neglect, suspected
    police_protection: bool  # police protection powers used (s46 Children Act 1989)
    contacts_about_family_12m: int  # earlier contacts about the same child or family, 12 months
    anonymous_contacts_about_family_30d: int  # earlier anonymous contacts about the family, 30 days
    referrer_earlier_contacts_12m: int  # the same referrer's earlier contacts about this family, 12 months
    earlier_outcomes_nfa_12m: int  # earlier contacts about the family closed with no further action, 12 months

    def __post_init__(self) -> None:
        if self.baby_mobility not in BABY_MOBILITY:
            raise ValueError(f"baby_mobility must be one of {BABY_MOBILITY}, got {self.baby_mobility!r}")
        if self.youngest_child_age_days is not None and self.youngest_child_age_days < 0:
            raise ValueError("youngest_child_age_days cannot be negative")
        for name in (
            "contacts_about_family_12m",
            "anonymous_contacts_about_family_30d",
            "referrer_earlier_contacts_12m",
            "earlier_outcomes_nfa_12m",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative")


PRE_MOBILE_BRUISE = Rule(
    id="pre_mobile_bruise",
    title="Bruising in a pre-mobile baby",
    source=f"{PROCEDURE} §9 'Children Suffering Significant Harm' and §10 'Pathway Following a Contact'; "
    f"{BILSON_BRUISES}",
    explanation=(
        "Bruising in a baby who is not yet crawling, cruising or walking is always passed on: the baby has a "
        "paediatric assessment and a manager considers whether to hold a strategy discussion. Record whether "
        "the baby rolls, crawls or cruises, and any explanation given. Accidental bruises are not rare in "
        "babies, especially once they roll, so the bruise alone is not reasonable cause to suspect "
        "significant harm and does not start a Section 47 enquiry."
    ),
)
SUSPECTED_CRIME = Rule(
    id="suspected_crime",
    title="Suspected crime: notify the police at once",
    source=f"{PROCEDURE} §9 'Children Suffering Significant Harm' and §6 (discussion with the police)",
    explanation=(
        "If a crime may have been committed, including sexual or physical assault or neglect of the child, "
        "the police are notified immediately, and the notification is recorded (when, by whom, the police "
        "reference). The police may be told before the parents are."
    ),
)
POSSIBLE_CRIME_QUESTION = Rule(
    id="possible_crime_question",
    title="Ask: is a crime suspected?",
    source=f"{PROCEDURE} §9 'Children Suffering Significant Harm'",
    explanation=(
        "The words of the contact suggest an assault, but the screener has not yet said whether a crime is "
        "suspected. This is a prompt to answer the question, not a conclusion: if the answer is yes, the "
        "police are notified at once."
    ),
)
POLICE_PROTECTION = Rule(
    id="police_protection",
    title="Child taken into police protection: strategy discussion with the police",
    source=f"{PROCEDURE} §9 'Children Suffering Significant Harm'; Children Act 1989 s46",
    explanation=(
        "On notification that a child has been taken into police protection, the team manager holds a "
        "strategy discussion with the police."
    ),
)
REPEATED_CONTACTS = Rule(
    id="repeated_contacts",
    title="Repeated contacts about the child or family",
    source=f"{PROCEDURE} §2 'Duty to Contact Children's Services' (an accumulation of lower level concerns) "
    f"and §10 (existing records); {TRIAGE_CRITIQUE}",
    explanation=(
        "Several contacts about one family in a year are a pattern: read them together with this one. A "
        "repeated concern is never a reason to discard a contact."
    ),
)
ANONYMOUS_PATTERN = Rule(
    id="anonymous_pattern",
    title="Repeated anonymous contacts about the family",
    source=f"{TRIAGE_CRITIQUE}; {PROCEDURE} §10 'Pathway Following a Contact'",
    explanation=(
        "Many anonymous contacts about one family in a short time may be malicious or mistaken, or may be a "
        "neighbour's real and growing worry. Record this contact, check it on its own merits, and never "
        "discard it; the pattern stays visible."
    ),
)
REPEAT_NFA = Rule(
    id="repeat_nfa",
    title="Earlier contacts closed with no further action",
    source=f"{PROCEDURE} §2 'Duty to Contact Children's Services' (an accumulation of lower level concerns) "
    f"and §10 (existing records)",
    explanation=(
        "When earlier contacts about the family were each closed with no further action, consider the harm "
        "they add up to (cumulative harm, neglect) rather than screening this one alone."
    ),
)
SAME_REFERRER = Rule(
    id="same_referrer",
    title="The same referrer has contacted us about this family before",
    source=f"{PROCEDURE} §10 'Pathway Following a Contact' (discussion with referrers, existing records); "
    f"{TRIAGE_CRITIQUE}",
    explanation=(
        "Show the referrer's earlier contacts about this family alongside this one: a referrer raising the "
        "same worry again may have new information, or the earlier response may not have helped."
    ),
)

RULES: tuple[Rule, ...] = (
    PRE_MOBILE_BRUISE,
    SUSPECTED_CRIME,
    POSSIBLE_CRIME_QUESTION,
    POLICE_PROTECTION,
    REPEATED_CONTACTS,
    ANONYMOUS_PATTERN,
    REPEAT_NFA,
    SAME_REFERRER,
)
_RULES_BY_ID = {rule.id: rule for rule in RULES}


def rule_by_id(rule_id: str) -> Rule:
    """The rule with this id; raises KeyError if there is none."""
    return _RULES_BY_ID[rule_id]


# The text is searched with simple word-bounded patterns (no nested repetition), so long or
# hostile text is scanned in linear time.
_BRUISE = re.compile(r"\bbruis\w*", re.IGNORECASE)
_BABY = re.compile(r"\b(?:baby|babies|infant|newborn|new-born|neonate)\b", re.IGNORECASE)
_ASSAULT = re.compile(
    r"\b(?:"
    r"rap(?:e|ed|es|ing|ist)"
    r"|sexual(?:ly)?[\s-]+(?:assault(?:ed|s)?|abus(?:e|ed|ing))"
    r"|molest(?:ed|ing|ation|s)?"
    r"|indecent(?:ly)?[\s-]+(?:assault(?:ed)?|images|exposure)"
    r"|assault(?:ed|s|ing)?"
    r"|punch(?:ed|es|ing)"
    r"|kick(?:ed|ing)"
    r"|strangl(?:ed|es|ing)"
    r"|chok(?:ed|ing)"
    r"|stamp(?:ed|ing)[\s-]+on"
    r"|stab(?:bed|bing)"
    r"|beat(?:en|ing)?[\s-]+(?:him|her|them|up)"
    r"|hit[\s-]+(?:him|her|them|the[\s-]+(?:child|baby|boy|girl))[\s-]+with"
    r"|shak(?:en|ing|es)[\s-]+(?:the[\s-]+)?baby|shaken[\s-]+baby"
    r"|(?:baby|child|infant)(?:[\s-]+(?:was|is|had[\s-]+been|has[\s-]+been|being))?[\s-]+shaken"
    r"|burn(?:ed|t)[\s-]+(?:him|her|them)"
    r"|fractur(?:e|ed|es)"
    r"|broken[\s-]+(?:arm|leg|bone|rib|wrist|skull)s?"
    r"|touched[\s-]+(?:him|her|them)[\s-]+inappropriately|inappropriate(?:ly)?[\s-]+touch(?:ed|ing)?"
    r")\b",
    re.IGNORECASE,
)
MAX_TEXT_LENGTH = 50_000  # longer text is searched up to this many characters
_MAX_QUOTED = 4
_MAX_WORD = 30


def _clip(word: str) -> str:
    return word if len(word) <= _MAX_WORD else word[: _MAX_WORD - 1] + "…"


def _quote(matches: list[str]) -> str:
    """The matched words, as written, each once, at most a few, each kept short."""
    seen: list[str] = []
    for word in matches:
        if word.lower() not in (s.lower() for s in seen):
            seen.append(word)
    shown = ", ".join(f"'{_clip(w)}'" for w in seen[:_MAX_QUOTED])
    return shown + (" and more" if len(seen) > _MAX_QUOTED else "")


def _text(facts: ScreeningFacts) -> str:
    return facts.concern_text[:MAX_TEXT_LENGTH]


def _age(days: int) -> str:
    if days < 7:
        return f"{days} day" + ("" if days == 1 else "s") + " old"
    if days < 91:
        weeks = days // 7
        return f"{weeks} week" + ("" if weeks == 1 else "s") + " old"
    months = days * 12 // 365
    return f"{months} month" + ("" if months == 1 else "s") + " old"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


# Each check returns the reason the rule applies to this contact, or None.


def _pre_mobile_bruise(facts: ScreeningFacts, config: PolicyConfig) -> str | None:
    if facts.bruising is True:
        bruise, unanswered = "The screener records bruising", ""
    elif facts.bruising is None and (found := _BRUISE.findall(_text(facts))):
        bruise = f"The contact mentions {_quote(found)}"
        unanswered = " The bruising question is not answered yet: answer it."
    else:
        return None

    age = facts.youngest_child_age_days
    age_text = f" ({_age(age)})" if age is not None else ""
    mobility = facts.baby_mobility
    if mobility in (CRAWLS, CRUISES, WALKS):
        return None
    if mobility == NOT_MOBILE:
        who = f"in a child who is not yet mobile{age_text}"
        record = "Record any explanation given."
    elif mobility == ROLLS:
        who = f"in a baby who rolls but does not yet crawl or cruise{age_text}"
        record = (
            "Accidental bruising is more common once babies roll, so record any explanation "
            "given and share it with the paediatrician."
        )
    elif age is not None and age < config.pre_mobile_age_days:
        who = (
            f"in a baby{age_text} whose mobility is not recorded, so treated as pre-mobile "
            f"(younger than {_age(config.pre_mobile_age_days)})"
        )
        record = "Record whether the baby rolls, crawls or cruises, and any explanation given."
    elif age is None and (babies := _BABY.findall(_text(facts))):
        who = f"and the contact mentions {_quote(babies)}, with no date of birth or mobility recorded"
        record = (
            "Record the baby's date of birth, whether the baby rolls, crawls or cruises, and any explanation given."
        )
    else:
        return None
    return (
        f"{bruise} {who}.{unanswered} Suggest a paediatric assessment and a manager's consideration of a strategy "
        f"discussion. {record} {NOT_S47}."
    )


def _suspected_crime(facts: ScreeningFacts, config: PolicyConfig) -> str | None:
    if facts.suspected_crime is not True:
        return None
    return (
        "The screener suspects a crime (sexual or physical assault, or neglect): notify the police now and "
        "record when, who was told and the police reference."
    )


def _possible_crime_question(facts: ScreeningFacts, config: PolicyConfig) -> str | None:
    if facts.suspected_crime is not None:
        return None
    found = _ASSAULT.findall(_text(facts))
    if not found:
        return None
    return (
        f"The contact mentions {_quote(found)}, and whether a crime is suspected is not answered: ask it now. "
        "If a crime is suspected, the police are notified at once."
    )


def _police_protection(facts: ScreeningFacts, config: PolicyConfig) -> str | None:
    if not facts.police_protection:
        return None
    return (
        "The police have used their police protection powers (Children Act 1989 s46): the team manager "
        "holds a strategy discussion with the police."
    )


def _repeated_contacts(facts: ScreeningFacts, config: PolicyConfig) -> str | None:
    n = facts.contacts_about_family_12m
    if n < max(config.repeated_contacts_threshold, 1):
        return None
    return (
        f"Pattern: {_plural(n, 'earlier contact')} about this child or family in the last 12 months; read "
        "them together with this one. A repeated concern is never a reason to discard a contact."
    )


def _anonymous_pattern(facts: ScreeningFacts, config: PolicyConfig) -> str | None:
    n = facts.anonymous_contacts_about_family_30d
    if n < max(config.anonymous_contacts_threshold, 1):
        return None
    return (
        f"{_plural(n, 'earlier anonymous contact')} about this family in the last 30 days: a possible "
        "malicious or mistaken pattern, or a real and growing worry. Record this contact, check it on its "
        "own merits, and never discard it."
    )


def _repeat_nfa(facts: ScreeningFacts, config: PolicyConfig) -> str | None:
    n = facts.earlier_outcomes_nfa_12m
    if n < max(config.repeat_nfa_threshold, 1):
        return None
    return (
        f"{_plural(n, 'earlier contact')} about this family closed with no further action in the last 12 "
        "months: consider cumulative harm and a pattern of neglect, not this contact alone."
    )


def _same_referrer(facts: ScreeningFacts, config: PolicyConfig) -> str | None:
    n = facts.referrer_earlier_contacts_12m
    if n < 1:
        return None
    return (
        f"This referrer has made {_plural(n, 'earlier contact')} about this family in the last 12 months: "
        "show them alongside this one."
    )


_CHECKS: tuple[tuple[Rule, Callable[[ScreeningFacts, PolicyConfig], str | None]], ...] = (
    (PRE_MOBILE_BRUISE, _pre_mobile_bruise),
    (SUSPECTED_CRIME, _suspected_crime),
    (POSSIBLE_CRIME_QUESTION, _possible_crime_question),
    (POLICE_PROTECTION, _police_protection),
    (REPEATED_CONTACTS, _repeated_contacts),
    (ANONYMOUS_PATTERN, _anonymous_pattern),
    (REPEAT_NFA, _repeat_nfa),
    (SAME_REFERRER, _same_referrer),
)
if tuple(rule for rule, _ in _CHECKS) != RULES:  # every rule has exactly one check, in order
    raise RuntimeError("screening_rules: _CHECKS and RULES disagree")


def suggest(facts: ScreeningFacts, config: PolicyConfig | None = None) -> tuple[RuleFiring, ...]:
    """Every rule that applies to these facts, in ``RULES`` order, each with its reason."""
    config = config or default_config()
    return tuple(RuleFiring(rule, reason) for rule, check in _CHECKS if (reason := check(facts, config)) is not None)
