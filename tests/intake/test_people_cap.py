"""Issue 13: a contact recorded by staff names a bounded number of children and other people,
with a message that says what to do instead."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.intake.answers import CHILD_NAMED

pytestmark = pytest.mark.django_db


def test_issue13_staff_entry_caps_the_children_on_one_contact(staff_client: Client, settings: SettingsWrapper) -> None:
    settings.FRONTDOOR_MAX_CHILDREN_PER_CONTACT = 3
    for _ in range(3):
        assert staff_client.post("/staff/record/children/new/", CHILD_NAMED).status_code == 302
    response = staff_client.post("/staff/record/children/new/", CHILD_NAMED)
    assert response.status_code == 400
    assert (
        "A contact can name up to 3 children. Send a separate contact for the other children"
        in response.content.decode()
    )
    # Changing a child already added is still allowed.
    assert staff_client.post("/staff/record/children/0/", CHILD_NAMED).status_code == 302
