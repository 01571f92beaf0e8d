"""`manage.py check --deploy`: the audit log's key must come from the environment (SEC-6)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

from frontdoor.audit import keys


@register(Tags.security, deploy=True)
def audit_key_is_set(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if keys.is_development_key():
        return [
            Warning(
                "FRONTDOOR_AUDIT_KEY is not set: the audit log is keyed with a development key derived from the "
                "secret key.",
                hint="Set FRONTDOOR_AUDIT_KEY (and FRONTDOOR_AUDIT_KEY_ID) from the council's secret store; "
                "see docs/operations.md.",
                id="audit.W001",
            )
        ]
    if len(settings.FRONTDOOR_AUDIT_KEY) < keys.MIN_KEY_LENGTH:
        return [Warning(f"FRONTDOOR_AUDIT_KEY is shorter than {keys.MIN_KEY_LENGTH} characters.", id="audit.W002")]
    return []
