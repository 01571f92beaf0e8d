"""Issue 15 part 2 (LST-1): the Contacts page (/staff/) is a list that works: newest first (today's
contacts first), paged with GOV.UK pagination, sortable, filtered by team, queue, channel, status
and the days received, with the filters in the URL; restricted contacts masked (SEC-1)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from frontdoor.access import services as access
from frontdoor.accounts.models import Role, User
from frontdoor.core import lists
from frontdoor.intake.models import Contact
from frontdoor.policy.calendar import LONDON
from frontdoor.screening import services as screening
from tests.factories import make_contact, manager, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def cso() -> User:
    user = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    staff(Role.SCREENING_SOCIAL_WORKER, "screener")  # the screening team the contacts are routed to
    return user


def page(user: User, query: str = "") -> str:
    response = Client()
    response.force_login(user)
    answer = response.get(f"/staff/{query}")
    assert answer.status_code == 200
    return answer.content.decode()


def references(html: str) -> list[str]:
    """The contact references of the main list, in order (the list after 'All contacts')."""
    listed = html.split("All contacts", 1)[1]
    return list(dict.fromkeys(re.findall(r"FD-[0-9A-Z]{4}-[0-9A-Z]{4}", listed)))


def test_issue15_newest_first_so_todays_contacts_come_first_and_pages(
    cso: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)
    october = make_contact(received_at=dt.datetime(2026, 10, 5, 10, tzinfo=LONDON))
    november = make_contact(received_at=dt.datetime(2026, 11, 17, 10, tzinfo=LONDON))
    today = make_contact(received_at=timezone.now())
    first = page(cso)
    assert references(first)[:2] == [today.reference, november.reference]
    assert "3 contacts, newest first" in first
    assert "govuk-pagination" in first and "Page 1 of 2" in first
    second = page(cso, "?page=2")
    assert october.reference in references(second) and today.reference not in references(second)
    oldest = page(cso, "?sort=oldest")
    assert references(oldest)[:2] == [today.reference, october.reference]  # today's first, whatever the order


def test_issue15_filters_by_channel_queue_status_team_and_dates_are_kept_in_the_url(
    cso: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lists, "PAGE_SIZE", 1)
    phone = [make_contact(received_at=dt.datetime(2026, 11, d, 10, tzinfo=LONDON)) for d in (16, 17)]
    Contact.objects.filter(pk__in=[c.pk for c in phone]).update(channel="phone")
    online = make_contact(received_at=dt.datetime(2026, 11, 18, 10, tzinfo=LONDON))
    html = page(cso, "?channel=phone")
    assert references(html) == [phone[1].reference]
    assert "channel=phone&amp;page=2" in html  # the next page keeps the filter
    assert 'value="phone" selected' in html
    assert references(page(cso, "?channel=phone&page=2")) == [phone[0].reference]
    dated = page(cso, "?received_from=17/11/2026&received_to=17 November 2026")
    assert references(dated) == [phone[1].reference]
    assert references(page(cso, "?received_from=2026-11-18")) == [online.reference]
    assert references(page(cso, "?status=decided")) == []
    assert "No contacts match these filters" in page(cso, "?status=decided")
    assert references(page(cso, "?queue=lado")) == []
    assert references(page(cso, f"?queue={online.queue}&channel=online")) == [online.reference]
    team = online.team
    assert team is not None
    assert online.reference in references(page(cso, f"?team={team.pk}&channel=online"))


def test_issue15_a_wrong_date_in_a_filter_is_answered_with_a_message(cso: User) -> None:
    make_contact()
    html = page(cso, "?received_from=31/2/2026&received_to=yesterday")
    assert "There is a problem" in html and "Enter a real date, like 27/3/2026" in html
    assert 'href="#received_from"' in html
    html = page(cso, "?received_from=18/11/2026&received_to=17/11/2026")
    assert "must be on or after" in html


def test_issue15_sec1_restricted_contacts_are_listed_masked(cso: User) -> None:
    boss = manager("boss")
    zebedee = {"role": "child", "given_names": "Zebedee", "family_name": "Quartermain"}
    secret = make_contact(received_at=timezone.now(), people=[zebedee])
    access.restrict(Contact.objects.get(pk=secret.pk), "The family of a member of staff", actor=boss)
    html = page(cso)
    assert secret.reference in references(html) and "Restricted record" in html
    assert "Zebedee" not in html and "Quartermain" not in html
    assert "Zebedee Quartermain" in page(boss)


def test_issue15_filters_by_the_worker_a_contact_is_allocated_to_or_nobody(cso: User) -> None:
    """LST-1: "Allocated to" names a worker, or "Nobody"; the choice is kept in the URL."""
    boss = manager("boss")
    worker = staff(Role.SOCIAL_WORKER, "sally")
    held = make_contact(received_at=timezone.now())
    waiting = make_contact(received_at=timezone.now())
    assert worker.team is not None
    screening.allocate_contact(held, actor=boss, worker=worker, team=worker.team)
    mine = page(cso, f"?worker={worker.pk}")
    assert references(mine) == [held.reference]
    assert f'<option value="{worker.pk}" selected' in mine
    nobody = page(cso, "?worker=nobody")
    assert held.reference not in references(nobody) and waiting.reference in references(nobody)
    unknown = Client()
    unknown.force_login(cso)
    answer = unknown.get("/staff/?worker=99999")
    assert answer.status_code == 200 and "Select a valid choice" in answer.content.decode()
    assert held.reference in references(answer.content.decode())  # the other filters still apply
