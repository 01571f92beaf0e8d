"""Who the council is, as shown to referrers. Another council changes these values
(or sets the FRONTDOOR_COUNCIL_* environment variables); the defaults are a fictional
council whose telephone numbers are reserved for drama (Ofcom 01632 960xxx)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Council:
    name: str
    service_name: str
    customer_service_phone: str
    out_of_hours_phone: str
    hub_phone: str
    referrals_email: str
    data_protection_email: str
    postal_address: str
    complaints_url: str


def _env(name: str, default: str) -> str:
    return os.environ.get(f"FRONTDOOR_COUNCIL_{name}", default)


COUNCIL = Council(
    name=_env("NAME", "Northshire County Council"),
    service_name=_env("SERVICE_NAME", "Tell us you are worried about a child"),
    customer_service_phone=_env("CSC_PHONE", "01632 960 001"),
    out_of_hours_phone=_env("OOH_PHONE", "01632 960 002"),
    hub_phone=_env("HUB_PHONE", "01632 960 003"),
    referrals_email=_env("REFERRALS_EMAIL", "frontdoor@northshire.example"),
    data_protection_email=_env("DPO_EMAIL", "data.protection@northshire.example"),
    postal_address=_env("POSTAL_ADDRESS", "Customer Service Centre, PO Box 153, Northtown, NS1 2GH"),
    complaints_url=_env("COMPLAINTS_URL", "/complaints"),
)
