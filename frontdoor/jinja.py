"""The Jinja2 environment for Front Door's pages: GOV.UK Frontend macros plus Django's url and static."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChoiceLoader, Environment, PackageLoader, PrefixLoader, select_autoescape

from frontdoor.access.templating import GLOBALS as ACCESS_GLOBALS
from frontdoor.core import components
from frontdoor.core.dates import age, local_date, local_datetime, time_left
from frontdoor.core.govuk_forms import error_list, field_params
from frontdoor.core.staff import search_url
from frontdoor.core.words import label, queue_label
from frontdoor.policy.council import COUNCIL


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    # Django passes a loader for the template directories; the GOV.UK macros come after it.
    govuk = PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")})
    loader = ChoiceLoader([options.pop("loader"), govuk])
    # Escape HTML pages; plain-text emails (.txt) are not HTML and must not be escaped.
    options["autoescape"] = select_autoescape(["html", "xml"], default_for_string=True)
    # {% do rows.append(...) %}: the shared tables and summary lists are given their rows as data.
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.do"]
    env = Environment(loader=loader, **options)  # noqa: S701 (autoescape is set just above)
    env.globals.update(
        {
            "url": url,
            "static": static,
            "council": COUNCIL,
            "field_params": field_params,
            "form_errors": error_list,
            "now": timezone.now,
            "staff_search_url": search_url,  # the header's search box (issue 15)
            # The parameters of the shared tables and summary lists (frontdoor/templates/components/).
            "table_params": components.table,
            "summary_list_params": components.summary_list,
            "debug": settings.DEBUG,
            **ACCESS_GLOBALS,  # SEC-1: hidden(record), referrer_shown(contact)
        }
    )
    env.filters.update(
        {
            "local_datetime": local_datetime,
            "local_date": local_date,
            "age": age,
            "time_left": time_left,
            "queue_label": queue_label,
            "label": label,
        }
    )
    return env
