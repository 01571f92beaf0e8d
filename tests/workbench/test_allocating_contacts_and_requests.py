"""Allocating a contact and an information request to a team and a worker (issue 15 part 3): managers
only, a reason to move one, audited, in the worker's list, and the worker told (part 4)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.accounts.models import Role, Team
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Contact
from frontdoor.screening import services as screening
from frontdoor.screening.services import ScreeningRefused
from frontdoor.sharing import services as sharing
from frontdoor.sharing.models import InformationRequest
from frontdoor.sharing.services import RequestRefused
from frontdoor.workbench import services as workbench
from frontdoor.workbench.models import NotificationKind
from tests.factories import log, make_contact, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def north() -> Team:
    return Team.objects.create(name="Assessment North", kind=Team.Kind.ASSESSMENT)


def test_issue15_a_manager_allocates_a_contact_to_a_worker_who_finds_it_in_their_list(north: Team) -> None:
    boss = staff(Role.TEAM_MANAGER, "owen", north)
    priya, sam = staff(Role.SOCIAL_WORKER, "priya", north), staff(Role.SOCIAL_WORKER, "sam", north)
    contact = make_contact()
    with pytest.raises(ScreeningRefused, match="Only a team manager"):
        screening.allocate_contact(contact, actor=priya, worker=priya, team=north)
    screening.allocate_contact(contact, actor=boss, worker=priya, team=north)
    assert list(screening.my_list(actor=priya)) == [Contact.objects.get(pk=contact.pk)]
    assert workbench.notifications_for(priya).get().kind == NotificationKind.ALLOCATED
    with pytest.raises(ScreeningRefused, match="Enter the reason"):
        screening.allocate_contact(contact, actor=boss, worker=sam, team=north)
    screening.allocate_contact(contact, actor=boss, worker=sam, team=north, reason="Priya is in court all week")
    entries = AuditEntry.objects.filter(action="contact.allocated").order_by("id")
    assert [e.detail["worker"] for e in entries] == ["priya", "sam"]
    assert entries.last().reason == "Priya is in court all week"  # type: ignore[union-attr]
    assert list(screening.my_list(actor=sam)) == [Contact.objects.get(pk=contact.pk)]


def test_issue15_a_manager_allocates_an_information_request_to_a_worker(north: Team) -> None:
    boss = staff(Role.TEAM_MANAGER, "owen", north)
    priya = staff(Role.SOCIAL_WORKER, "priya", north)
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "jade")
    request = log(cso)
    sharing.claim_request(request, actor=cso)
    with pytest.raises(RequestRefused, match="Only a team manager"):
        sharing.allocate_request(request, actor=priya, worker=priya, team=north)
    sharing.allocate_request(request, actor=boss, worker=priya, team=north)
    found = InformationRequest.objects.get(pk=request.pk)
    assert (found.allocated_to, found.team, found.claimed_by) == (priya, north, None)
    assert found in sharing.my_requests(actor=priya)
    note = workbench.notifications_for(priya).get()
    assert note.href == reverse("requests:request", args=[request.reference])
    assert AuditEntry.objects.filter(action="information_request.allocated").count() == 1


def test_issue15_the_allocation_pages_of_a_contact_and_a_request_are_for_managers(north: Team) -> None:
    boss = staff(Role.TEAM_MANAGER, "owen", north)
    priya = staff(Role.SOCIAL_WORKER, "priya", north)
    contact = make_contact()
    request = log(boss)
    client = Client()
    client.force_login(priya)
    assert client.get(reverse("screening:allocate", args=[contact.reference])).status_code == 403
    assert client.get(reverse("requests:allocate", args=[request.reference])).status_code == 403
    client.force_login(boss)
    page = client.get(reverse("screening:contact", args=[contact.reference])).content.decode()
    assert "Allocate to a team and worker" in page
    answer = {"team": str(north.pk), "worker": str(priya.pk)}
    assert client.post(reverse("screening:allocate", args=[contact.reference]), answer).status_code == 302
    assert Contact.objects.get(pk=contact.pk).allocated_to == priya
    assert client.post(reverse("requests:allocate", args=[request.reference]), answer).status_code == 302
    assert InformationRequest.objects.get(pk=request.pk).allocated_to == priya
    nobody = {"team": str(north.pk), "worker": "none"}
    refused = client.post(reverse("requests:allocate", args=[request.reference]), nobody)
    assert refused.status_code == 400 and "Enter the reason" in refused.content.decode()
