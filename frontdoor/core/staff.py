"""What every staff page shares: the header's service name and navigation, flash messages,
and the "You cannot use this page" answer.

The header shows only the pages the user's role may use. Which those are is the permission
matrix's to say (``frontdoor.access.matrix.allowed``); the access app sits above every app, so
it registers the matrix here when it is ready (``frontdoor.access.apps``), as it registers the
visibility rule. Until it is registered no page is offered (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from markupsafe import Markup

from frontdoor.core import visibility
from frontdoor.core.requests import CURRENT_REQUEST

if TYPE_CHECKING:  # annotations only: accounts sits above core
    from frontdoor.accounts.models import User

_allowed: Callable[[Any, str], bool] | None = None
_bell: Callable[[Any], int] | None = None


def register(allowed: Callable[[Any, str], bool]) -> None:
    """The access app gives the permission matrix's rule (a user and a URL name -> may they use it)."""
    global _allowed  # noqa: PLW0603 - one matrix for the process, set once at start-up
    _allowed = allowed


def register_bell(count: Callable[[Any], int]) -> None:
    """The workbench gives the bell's count (a user -> their unread notifications they may read)."""
    global _bell  # noqa: PLW0603 - one count for the process, set once at start-up
    _bell = count


BELL_PAGE = "workbench:notifications"


def bell(user: Any) -> Markup:
    """The header's notifications link ("the bell"): its name and the number of unread notifications
    the user may read, as a red tag. No icon: the header carries no images (no crown, no logo)."""
    count = _bell(user) if _bell is not None and user is not None else 0
    unread = Markup(
        ' <strong class="govuk-tag govuk-tag--red fd-bell-count">{}<span class="govuk-visually-hidden"> unread</span>'
        "</strong>"
    ).format(count)
    return Markup("Notifications") + (unread if count else Markup(""))


def allowed(user: Any, name: str) -> bool:
    return _allowed is not None and _allowed(user, name)


_counts: dict[str, Callable[[Any, Any], int]] = {}


def register_count(name: str, count: Callable[[Any, Any], int]) -> None:
    """A higher app gives the number shown beside a header link (issue 15: "Queue (12)"):
    a function of the user and what the visibility rule hides from them, so that a count never
    includes a record the user may not see (SEC-1). Registered in the app's ``ready()``."""
    _counts[name] = count


def _with_count(name: str, label: str, user: Any) -> str:
    count = _counts.get(name)
    request = CURRENT_REQUEST.get()
    if count is None or user is None or request is None or not getattr(user, "is_authenticated", False):
        return label
    return f"{label} ({count(user, visibility.for_request(request))})"


def navigation(path: str = "", user: Any = None, *, counts: bool = False) -> list[dict[str, Any]]:
    """The staff header's links; given a user, only the pages their role may use (SEC-1); with
    ``counts``, the number of items waiting beside the lists that have one (issue 15)."""
    items = [
        ("intake:staff-home", "Contacts"),
        ("screening:queue", "Queue"),
        ("screening:mine", "My list"),
        ("workbench:caseload", "My caseload"),
        ("workbench:workload", "Workload"),
        ("screening:referrals", "Referrals"),
        ("screening:deadlines", "Deadlines"),
        ("requests:queue", "Information requests"),
        ("pathway:episodes", "Pathways"),
        ("intake:staff-record", "Record a contact"),
        ("intake:staff-phone", "Phone call"),
        ("intake:staff-inbound", "Mailbox"),
        ("people:search", "Search people"),
        ("people:duplicates", "Possible duplicates"),
        ("audit:search", "Audit log"),
        ("access:break-glass-uses", "Break-glass uses"),
        ("partners:organisations", "Partner organisations"),
        ("users:list", "Staff accounts"),
        ("admin:index", "Reference data"),
        ("returns:index", "Returns"),
        (BELL_PAGE, "Notifications"),
        ("accounts:logout", "Sign out"),
    ]
    result = []
    if user is None and CURRENT_REQUEST.get() is not None:  # the signed-in user of this request
        user = getattr(CURRENT_REQUEST.get(), "user", None)
    if user is not None:  # the permission matrix decides the links too
        items = [(name, label) for name, label in items if allowed(user, name)]
    for name, label in items:
        href = reverse(name, args=["arrival"]) if name == "intake:staff-step" else reverse(name)
        text = _with_count(name, label, user) if counts else label
        item: dict[str, Any] = {"href": href, "text": text, "active": path == href}
        if name == BELL_PAGE:  # the bell, with its count (issue 15)
            item = {"href": href, "html": bell(user), "active": path == href}
        result.append(item)
    return result


def search_url() -> str:
    """Where the header's search box sends its search (issue 15): for the signed-in user of
    this request whom the permission matrix lets search; "" (no box) for anyone else."""
    request = CURRENT_REQUEST.get()
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not allowed(user, "search:results"):
        return ""
    return reverse("search:results")


def _first_page(items: list[dict[str, Any]]) -> str:
    signed_out = reverse("accounts:logout")
    return next((str(item["href"]) for item in items if item["href"] != signed_out), signed_out)


def home_url(user: Any) -> str:
    """Where a member of staff starts: the first page of the header their role may use (the
    contacts list for most; the audit log for the data protection officer; SEC-1)."""
    return _first_page(navigation(user=user))


def staff_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    links = navigation(request.path, user, counts=True)
    signed_in = user is not None and user.is_authenticated
    return {
        "flash": list(messages.get_messages(request)),
        "service_name": "Front Door (staff)",
        "service_url": _first_page(links) if signed_in else reverse("intake:staff-home"),
        "navigation": links,
        **extra,
    }


def staff_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, get_user_model())  # noqa: S101 - the access middleware lets only signed-in staff reach staff pages
    return user


def staff_page_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    """The staff header for a signed-in user; nothing more for anyone else."""
    if request.user.is_authenticated:
        return staff_context(request, **extra)
    return extra


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request,
        "access/forbidden.html",
        staff_page_context(request, page_title="You cannot use this page", message=message),
        status=403,
    )
