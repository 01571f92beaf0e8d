"""Whether a screening command may run: who may act, on what, in which state; refusals in words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from frontdoor.accounts.models import User
from frontdoor.core.errors import Refused
from frontdoor.core.guards import TransitionTable, register, require_manager, require_transition, transition
from frontdoor.intake.models import Contact, ContactStatus
from frontdoor.policy import language
from frontdoor.screening.models import SIGNIFICANT_HARM_OUTCOMES, Decision, DecisionStatus, Outcome, Screening


class ScreeningRefused(Refused):
    """The change is not allowed; the message says why, in words for the person who tried."""


# --- Who may do what ----------------------------------------------------------------------------


def _require_screener(actor: User) -> None:
    if not actor.can_screen:
        raise ScreeningRefused("Only a social worker with delegated authority can screen a contact")


# --- Where a contact and a decision may go (SCR-1, DEC-1, DEC-6) ---------------------------------------

_C = ContactStatus
CONTACT_TRANSITIONS = register(
    TransitionTable(
        Contact,
        ScreeningRefused,
        (
            transition(
                "release",
                [_C.SCREENING],
                [_C.NEW],
                "Only a contact that is being screened can be released",
                source="back in the queue for another screener",
            ),
            transition(
                "reassign",
                [_C.NEW, _C.SCREENING],
                [_C.SCREENING],
                "Only a contact waiting for or in screening can be reassigned",
                source="a manager gives the contact to another screener",
            ),
            transition(
                "save_screening",
                [_C.SCREENING],
                [],
                "The screening record can only change while the contact is being screened",
                source="the screening record is written while the contact is screened",
            ),
            transition(
                "propose_decision",
                [_C.SCREENING],
                [_C.AWAITING_AUTHORISATION],
                "A decision can only be proposed while the contact is being screened",
                source="the screener proposes, a manager authorises",
            ),
        ),
    )
)

DECISION_TRANSITIONS = register(
    TransitionTable(
        Decision,
        ScreeningRefused,
        (
            transition(
                "review",
                [DecisionStatus.PROPOSED],
                [DecisionStatus.AUTHORISED, DecisionStatus.SENT_BACK],
                "This decision is {status}, not waiting for a manager",
                source="a manager who is someone else authorises it, or sends it back",
            ),
            transition(
                "record_escalation",
                [DecisionStatus.AUTHORISED],
                [],
                "Only an authorised decision can be escalated",
                source="a professional who disagrees with a decision escalates it",
            ),
        ),
    )
)


def _require_holder(contact: Contact, actor: User) -> None:
    if contact.claimed_by_id != actor.pk:
        holder = contact.claimed_by.display_name if contact.claimed_by else "nobody"
        raise ScreeningRefused(f"You are not screening this contact (it is held by {holder}): claim it first")


# --- Suggestions (DEC-4, DEC-5, SCR-5; DEC-7) -----------------------------------------------------


def _live(suggested: Sequence[dict[str, Any]], rule_id: str) -> bool:
    return any(s["rule"] == rule_id and not s["overruled"] for s in suggested)


# --- The screening record (SCR-2, SCR-4, SCR-6, SCR-7, CON-1, DEC-4, DEC-5) ---------------------------

TEXT_FIELDS = (
    "nature_of_concern",
    "how_arisen",
    "child_needs",
    "child_location",
    "foundations",
    "urgent_action",
    "services",
    "specialist_assessment",
    "discussed_with_referrer",
    "continuum_reasons",
    "household_notes",
    "consent_notes",
    "bruise_explanation",
    "paediatric_assessment",
)


CHOICE_FIELDS = (
    "abuse_or_neglect",
    "continuum_level",
    "domestic_abuse",
    "mental_ill_health",
    "substance_misuse",
    "learning_difficulties",
    "parental_knowledge",
    "not_informed_ground",
    "bruising",
    "baby_mobility",
    "suspected_crime",
    "police_protection",
)


EDITABLE = TEXT_FIELDS + CHOICE_FIELDS


class LanguageCheck(ScreeningRefused):  # noqa: N818 - a check the writer answers, not an error
    """SCR-7: the text has euphemisms; the writer rephrases or confirms they keep it."""

    def __init__(self, flags: Sequence[language.LanguageFlag]) -> None:
        self.flags = list(flags)
        super().__init__("Check the wording highlighted before saving")


def _unkept_flags(screening: Screening, values: dict[str, Any]) -> list[language.LanguageFlag]:
    kept = {(k["field"], k["text"].lower()) for k in screening.kept_language}
    texts = {name: values.get(name, getattr(screening, name)) or "" for name in TEXT_FIELDS}
    return [f for f in language.find_in_fields(texts) if (f.field, f.text.lower()) not in kept]


# --- Decision and authorisation (DEC-1..DEC-7) -----------------------------------------------------


def _refusals_to_propose(
    screening: Screening,
    outcome: str,
    reasons: str,
    reasonable_cause: str,
    early_help_service: str,
    signposted_to: str,
    suggested: Sequence[dict[str, Any]],
) -> list[str]:
    problems = []
    if outcome not in Outcome.values:
        problems.append("Select an outcome")
    if not reasons.strip():
        problems.append("Enter the reasons for the decision")
    if outcome in SIGNIFICANT_HARM_OUTCOMES and not reasonable_cause.strip():
        problems.append(
            "Enter, in your own words, the reasonable cause to suspect that the child is suffering, or likely "
            "to suffer, significant harm (section 47 Children Act 1989)"
        )
    if outcome == Outcome.EARLY_HELP and not early_help_service:
        problems.append("Select the early help service")
    if outcome == Outcome.SIGNPOSTING and not signposted_to.strip():
        problems.append("Enter where the contact is signposted to")
    if screening.continuum_level is None:
        problems.append("Place the concern on the Continuum of Need before proposing a decision")
    if not screening.parental_knowledge:
        problems.append("Record what the parents know about the contact before proposing a decision")
    if _live(suggested, "pre_mobile_bruise"):
        if not screening.baby_mobility:
            problems.append("Record whether the baby rolls, crawls or cruises")
        if not screening.paediatric_assessment.strip():
            problems.append("Record the paediatric assessment arranged for the baby")
    if _live(suggested, "suspected_crime") and not screening.police_notified:
        problems.append("Record that the police were notified of the suspected crime, or overrule the suggestion")
    return problems


def _review(decision: Decision, actor: User, what: str) -> Decision:
    require_manager(actor, what, ScreeningRefused)
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    require_transition(locked, "review")
    if locked.proposed_by_id == actor.pk:
        raise ScreeningRefused(
            "You proposed this decision: another manager must authorise it (nobody authorises their own decision)"
        )
    return locked
