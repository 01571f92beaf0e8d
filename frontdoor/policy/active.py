"""The local policy in force. `settings.FRONTDOOR_POLICY` names a callable that returns a
PolicyConfig; the default is this council's (frontdoor.policy.config.default_config), and
another council points it at its own function, so no code changes to adopt the system."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from frontdoor.policy.config import PolicyConfig

DEFAULT = "frontdoor.policy.config.default_config"


@cache
def _factory(path: str) -> object:
    return import_string(path)


def active_config() -> PolicyConfig:
    factory = _factory(getattr(settings, "FRONTDOOR_POLICY", DEFAULT))
    config = factory() if callable(factory) else factory
    if not isinstance(config, PolicyConfig):
        raise TypeError(f"FRONTDOOR_POLICY must give a PolicyConfig, not {type(config).__name__}")
    return config
