"""Whether a pathway command may run: who may record, on an episode still open, with dates, codes and
answers the law and the census accept; refusals in words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.utils import timezone

from frontdoor.accounts.models import PATHWAY_ROLES, User
from frontdoor.core.errors import Refused
from frontdoor.pathway.models import Episode
from frontdoor.policy import census_codes
from frontdoor.policy.calendar import to_london


class PathwayRefused(Refused):
    """The change is not allowed; the message says why, in words for the person who tried."""


# --- Who may do what -----------------------------------------------------------------------------


def can_record(user: User) -> bool:
    """Social workers and managers record the pathway's steps."""
    return bool(user.is_active and user.role in PATHWAY_ROLES)


def _require_recorder(actor: User) -> None:
    if not can_record(actor):
        raise PathwayRefused("Only a social worker or a team manager can record a step of the pathway")


def _open_episode(episode: Episode) -> Episode:
    locked = Episode.objects.select_for_update().get(pk=episode.pk)
    if locked.closed_on is not None:
        raise PathwayRefused(f"This episode was closed on {locked.closed_on:%-d %B %Y}: nothing more can be recorded")
    return locked


def _today() -> dt.date:
    return to_london(timezone.now()).date()


def _check_day(day: dt.date | None, episode: Episode, what: str) -> dt.date:
    if day is None:
        raise PathwayRefused(f"Enter the date {what}")
    if day > _today():
        raise PathwayRefused(f"The date {what} must be today or in the past")
    if day < episode.referral_date:
        raise PathwayRefused(
            f"The date {what} must be on or after the referral date, {episode.referral_date:%-d %B %Y}"
        )
    return day


def _not_before(day: dt.date, earlier: dt.date, what: str) -> None:
    if day < earlier:
        raise PathwayRefused(f"The date {what} must be on or after {earlier:%-d %B %Y}")


# --- Strategy discussion and Section 47 ------------------------------------------------------------

_PARTICIPANT_KEYS = ("name", "agency", "role")


def _clean_participants(participants: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    cleaned = []
    for row in participants:
        entry = {key: str(row.get(key, "")).strip()[:200] for key in _PARTICIPANT_KEYS}
        if not any(entry.values()):
            continue
        if not entry["name"] or not entry["agency"]:
            raise PathwayRefused("Enter the name and the agency of everyone who took part")
        cleaned.append(entry)
    return cleaned


# --- Assessment (section 17, the Assessment Framework) ---------------------------------------------


def clean_factors(factors: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(f for f in factors if f))
    unknown = [f for f in chosen if f not in census_codes.codes(census_codes.ASSESSMENT_FACTORS)]
    if unknown:
        raise PathwayRefused(f"Not a census assessment factor: {', '.join(unknown)}")
    if not chosen:
        raise PathwayRefused("Select the factors identified at the assessment, or 'No factors identified'")
    if census_codes.NO_FACTORS in chosen and len(chosen) > 1:
        raise PathwayRefused("'No factors identified' cannot be chosen with other factors")
    return chosen


# --- Conferences and child protection plans --------------------------------------------------------


def _check_category(category: str) -> str:
    if category not in census_codes.codes(census_codes.ABUSE_CATEGORIES):
        raise PathwayRefused("Select the category of abuse")
    return category


# --- The child's census details --------------------------------------------------------------------

_UPN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")


def upn_check_letter(rest: str) -> str:
    """The check letter that starts a Unique Pupil Number, from its other 12 characters (DfE's
    'Unique pupil numbers (UPN)' guidance: the weighted sum of characters 2-13, modulo 23)."""
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    values = [int(ch) if ch.isdigit() else letters.index(ch) for ch in rest]
    total = sum(value * weight for value, weight in zip(values, range(2, 14), strict=True))
    return letters[total % 23]


def valid_upn(upn: str) -> bool:
    upn = upn.strip().upper()
    return bool(_UPN.match(upn)) and upn[0] == upn_check_letter(upn[1:])
