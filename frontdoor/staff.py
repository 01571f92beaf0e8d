"""What every staff page shares: the header's service name and navigation, and flash messages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse

from frontdoor.access.matrix import allowed
from frontdoor.access.templating import CURRENT_REQUEST
from frontdoor.accounts.models import User


def navigation(path: str = "", user: Any = None) -> list[dict[str, Any]]:
    """The staff header's links; given a user, only the pages their role may use (SEC-1)."""
    items = [
        ("intake:staff-home", "Contacts"),
        ("screening:queue", "Queue"),
        ("screening:mine", "My list"),
        ("screening:referrals", "Referrals"),
        ("screening:deadlines", "Deadlines"),
        ("requests:queue", "Information requests"),
        ("pathway:episodes", "Pathways"),
        ("intake:staff-step", "Record a contact"),
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
        ("accounts:logout", "Sign out"),
    ]
    result = []
    if user is None and CURRENT_REQUEST.get() is not None:  # the signed-in user of this request
        user = getattr(CURRENT_REQUEST.get(), "user", None)
    if user is not None:  # the permission matrix decides the links too
        items = [(name, label) for name, label in items if allowed(user, name)]
    for name, label in items:
        href = reverse(name, args=["arrival"]) if name == "intake:staff-step" else reverse(name)
        result.append({"href": href, "text": label, "active": path == href})
    return result


def _first_page(items: list[dict[str, Any]]) -> str:
    signed_out = reverse("accounts:logout")
    return next((str(item["href"]) for item in items if item["href"] != signed_out), signed_out)


def home_url(user: Any) -> str:
    """Where a member of staff starts: the first page of the header their role may use (the
    contacts list for most; the audit log for the data protection officer; SEC-1)."""
    return _first_page(navigation(user=user))


def staff_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    links = navigation(request.path, user)
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
    assert isinstance(user, User)  # noqa: S101 - the access middleware lets only signed-in staff reach staff pages
    return user
