"""The sign-in page has a title of its own, so a browser tab, history and a screen reader say
what the page is (GOV.UK: "<page> - <service>"), rather than only the service's name."""

from __future__ import annotations

import re

import pytest
from django.test import Client


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found, "the page has no <title>"
    return " ".join(found.group(1).split())


@pytest.mark.django_db
def test_sign_in_page_is_titled_sign_in() -> None:
    response = Client().get("/accounts/sign-in/")
    assert response.status_code == 200
    assert _title(response.content.decode()).startswith("Sign in - ")


@pytest.mark.django_db
def test_sign_in_page_with_a_mistake_is_titled_error_sign_in() -> None:
    response = Client().post("/accounts/sign-in/", {"username": "", "password": ""})
    assert response.status_code == 400 or response.status_code == 200
    title = _title(response.content.decode())
    assert title.startswith("Error: Sign in - "), title
