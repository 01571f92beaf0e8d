"""What every staff page shares: the header's service name and navigation, and flash messages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse

from frontdoor.accounts.models import User


def navigation(path: str = "") -> list[dict[str, Any]]:
    items = [
        ("intake:staff-home", "Contacts"),
        ("screening:queue", "Queue"),
        ("screening:mine", "My list"),
        ("screening:referrals", "Referrals"),
        ("screening:deadlines", "Deadlines"),
        ("pathway:episodes", "Pathways"),
        ("intake:staff-step", "Record a contact"),
        ("people:search", "Search people"),
        ("people:duplicates", "Possible duplicates"),
        ("returns:index", "Returns"),
        ("accounts:logout", "Sign out"),
    ]
    result = []
    for name, label in items:
        href = reverse(name, args=["arrival"]) if name == "intake:staff-step" else reverse(name)
        result.append({"href": href, "text": label, "active": path == href})
    return result


def staff_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "flash": list(messages.get_messages(request)),
        "service_name": "Front Door (staff)",
        "service_url": reverse("intake:staff-home"),
        "navigation": navigation(request.path),
        **extra,
    }


def staff_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required guarantees a signed-in user
    return user
