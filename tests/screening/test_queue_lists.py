"""Issue 15 part 2 (LST-2): the queues and My list say who and what each contact is about (the
child's name, or "Unnamed child, about 8", and age; red or green; immediate protection; the
first line of the worry; the time left), order and filter as the URL says, and the header
counts what waits; restricted contacts masked in the rows and left out of the counts (SEC-1)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from frontdoor.access import services as access
from frontdoor.accounts.models import User
from frontdoor.intake.models import Contact
from frontdoor.policy.calendar import LONDON
from frontdoor.screening import services
from tests.factories import JAYDEN, make_contact, manager, screener

pytestmark = pytest.mark.django_db


def get(user: User, path: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def listed(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"FD-[0-9A-Z]{4}-[0-9A-Z]{4}", html.split("<main", 1)[1])))


@pytest.mark.usefixtures("office_hours")
def test_issue15_queue_rows_say_who_and_what_with_the_time_left() -> None:
    worker = screener("sw")
    now = timezone.now()
    named = make_contact(received_at=now, concern="Jayden came to school hungry.\nHe said there is no food.")
    unnamed = make_contact(
        received_at=now,
        form_type="red",
        immediate_danger=True,
        people=[{"role": "child", "age_description": "8"}],
        concern="A girl of about 8 was seen alone at the station late at night. Staff called the "
        "police, who took her to the family's address.",
    )
    screening = get(worker, "/staff/screening/")
    born, today = JAYDEN["date_of_birth"], timezone.localdate()
    assert isinstance(born, dt.date)
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    assert f"Jayden Smith (age {age})" in screening
    assert "Jayden came to school hungry." in screening and "He said there is no food" not in screening
    assert "Green form" in screening and " left" in screening
    fast = get(worker, f"/staff/screening/?queue={unnamed.queue}")
    assert "Unnamed child, about 8" in fast and "Immediate protection" in fast and "Red form" in fast
    assert "A girl of about 8 was seen alone at the station late at night." in fast
    assert "Staff called the police" not in fast  # the first sentence only
    assert named.reference in screening


def test_issue15_queue_sorts_and_filters_by_the_days_received_in_the_url() -> None:
    worker = screener("sw")
    early = make_contact(received_at=dt.datetime(2026, 11, 16, 10, tzinfo=LONDON))
    late = make_contact(received_at=dt.datetime(2026, 11, 17, 10, tzinfo=LONDON))
    red = make_contact(received_at=dt.datetime(2026, 11, 18, 10, tzinfo=LONDON), form_type="red")
    assert listed(get(worker, "/staff/screening/?queue=screening&sort=newest"))[:3] == [
        red.reference,
        late.reference,
        early.reference,
    ]
    assert listed(get(worker, "/staff/screening/?queue=screening&sort=oldest"))[:3] == [
        early.reference,
        late.reference,
        red.reference,
    ]
    assert listed(get(worker, "/staff/screening/?queue=screening&sort=red"))[0] == red.reference
    dated = get(worker, "/staff/screening/?queue=screening&received_from=17/11/2026&received_to=17/11/2026")
    assert listed(dated) == [late.reference]
    assert 'name="queue" value="screening"' in dated  # the queue is kept when filtering


def test_issue15_counts_in_the_navigation_leave_out_restricted_contacts() -> None:
    worker, other, boss = screener("sw"), screener("other"), manager("boss")
    mine = make_contact()
    services.claim(mine, actor=worker)
    make_contact()
    secret = make_contact(people=[{"role": "child", "given_names": "Zebedee", "family_name": "Quartermain"}])
    access.restrict(Contact.objects.get(pk=secret.pk), "The family of a member of staff", actor=boss)
    html = get(worker, "/staff/screening/")
    assert "Queue (2)" in html and "My list (1)" in html  # the restricted one is not counted for them
    assert "Queue (3)" in get(boss, "/staff/screening/")  # the manager named on it counts it
    other_page = get(other, "/staff/screening/")
    assert "My list (0)" in other_page
    assert secret.reference in listed(other_page) and "Zebedee" not in other_page  # masked in the rows
    mine_page = get(worker, "/staff/screening/mine/")
    assert listed(mine_page) == [mine.reference]
