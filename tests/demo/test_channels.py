"""Issue 8's demonstration data loads through the real services, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from frontdoor.intake.models import Contact, ContactStatus, InboundMessage, WrittenConfirmation
from tests.arrivals import run_arrival_follow_ups

pytestmark = pytest.mark.django_db


def test_load_demo_channels_shows_each_channel_once() -> None:
    call_command("load_demo", contacts=2, stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo_channels", stdout=out)
    assert "loaded" in out.getvalue()
    run_arrival_follow_ups()  # the task worker's part: matching the written confirmation (INT-12)
    assert InboundMessage.objects.filter(kind="contact").count() == 1
    assert InboundMessage.objects.filter(kind="auto_reply").count() == 1
    assert Contact.objects.filter(status=ContactStatus.DRAFT).count() == 1
    link = WrittenConfirmation.objects.get()
    assert link.phone_contact.channel == "phone" and link.written_contact.channel == "api"
    call_command("load_demo_channels", stdout=out)
    assert "already" in out.getvalue() and InboundMessage.objects.count() == 2
