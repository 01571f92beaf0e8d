"""Partners' answers to what intake asks (connected in ``PartnersConfig.ready``)."""

from __future__ import annotations

from typing import Any

from frontdoor.intake import mailparse
from frontdoor.partners.models import PartnerOrganisation


def partner_domain(sender: object, domain: str, **kwargs: Any) -> str:
    """Issue 13: an email from a partner organisation's domain is vouched for (intake's ``trusted_sender``)."""
    partners = PartnerOrganisation.objects.filter(is_active=True).values_list("name", "contact_email")
    for name, email_address in partners:
        if mailparse.aligned(email_address, domain):
            return f"The address of a partner organisation ({name})"
    return ""
