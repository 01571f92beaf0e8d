"""Pathway's answers to what the apps below it announce (connected in ``PathwayConfig.ready``)."""

from __future__ import annotations

from typing import Any

from frontdoor.accounts.models import User
from frontdoor.screening.models import Referral


def open_episodes(sender: object, referral: Referral, actor: User | None, **kwargs: Any) -> None:
    """STA-1: screening's ``referral_made``, in the transaction that authorises the decision."""
    from frontdoor.pathway.services import open_episodes as open_them

    open_them(referral, actor=actor)
