"""Whether a screening command may run: who may act, on what, in which state; refusals in words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from frontdoor.accounts.models import User
from frontdoor.core.errors import Refused
from frontdoor.intake.models import Contact
from frontdoor.policy import language
from frontdoor.screening.models import SIGNIFICANT_HARM_OUTCOMES, Decision, DecisionStatus, Outcome, Screening


class ScreeningRefused(Refused):
    """The change is not allowed; the message says why, in words for the person who tried."""


# --- Who may do what ----------------------------------------------------------------------------


def _require_screener(actor: User) -> None:
    if not actor.can_screen:
        raise ScreeningRefused("Only a social worker with delegated authority can screen a contact")


def _require_manager(actor: User, what: str) -> None:
    if not actor.is_manager:
        raise ScreeningRefused(f"Only a team manager can {what}")


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
    screening: Screening, outcome: str, reasons: str, reasonable_cause: str,
    early_help_service: str, signposted_to: str, suggested: Sequence[dict[str, Any]],
) -> list[str]:  # fmt: skip
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
    _require_manager(actor, what)
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.status != DecisionStatus.PROPOSED:
        raise ScreeningRefused(f"This decision is {locked.get_status_display().lower()}, not waiting for a manager")
    if locked.proposed_by_id == actor.pk:
        raise ScreeningRefused(
            "You proposed this decision: another manager must authorise it (nobody authorises their own decision)"
        )
    return locked

