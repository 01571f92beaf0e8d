"""The demonstration's information requests (frontdoor/demo/information_requests.py): one in each state a user meets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from frontdoor.accounts.models import User
from frontdoor.demo.load import load_demo
from frontdoor.sharing.models import Disclosure, InformationRequest, RequestStatus

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 30, tzinfo=dt.UTC)


def test_the_demo_has_requests_in_each_state_and_loading_again_adds_none() -> None:
    load_demo(60, now=NOW)
    statuses = set(InformationRequest.objects.values_list("status", flat=True))
    assert {
        RequestStatus.ANSWERED,
        RequestStatus.AWAITING_APPROVAL,
        RequestStatus.DECIDED,
        RequestStatus.HELD,
        RequestStatus.WITH_DATA_PROTECTION,
    } <= statuses, statuses
    assert Disclosure.objects.filter(kind=Disclosure.Kind.ANSWER).count() == 1
    count = InformationRequest.objects.count()
    load_demo(60, now=NOW)
    assert InformationRequest.objects.count() == count
    manager = Client()
    manager.force_login(User.objects.get(username="manager"))
    waiting = InformationRequest.objects.get(status=RequestStatus.AWAITING_APPROVAL)
    assert waiting.reference in manager.get("/staff/requests/mine/").content.decode()
    dpo = Client()
    dpo.force_login(User.objects.get(username="dpo"))
    with_dpt = InformationRequest.objects.get(status=RequestStatus.WITH_DATA_PROTECTION)
    assert with_dpt.reference in dpo.get("/staff/requests/mine/").content.decode()
