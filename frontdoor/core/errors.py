"""The one refusal: a change or a reading that is not allowed, with the plain-English reason a page shows."""

from __future__ import annotations


class Refused(Exception):
    """The change is not allowed; the message says why, in words for the person who tried.

    Every app's refusal (ScreeningRefused, PathwayRefused, AccessRefused...) is one of these, so a page
    that calls several apps' services catches ``Refused`` once and shows ``str(refused)``."""
