"""Allocation of a child's case (issue 15 part 3): a manager gives it to a team and a worker, moves it
with a reason, and open-case routing (INT-14) and information-request routing (INF-1) follow."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from frontdoor.accounts.models import Team
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import Contact
from frontdoor.pathway import services as pathway
from frontdoor.pathway.models import Episode
from frontdoor.pathway.services import PathwayRefused
from frontdoor.people.models import Involvement
from frontdoor.screening import services as screening
from frontdoor.sharing import facts
from tests.factories import make_contact, manager, referral_with_child, social_worker

pytestmark = pytest.mark.django_db


def _actions(episode: Episode) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="pathway.episode", object_id=str(episode.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def _assessment_team() -> Team:
    return Team.objects.get_or_create(name="Assessment team North", kind=Team.Kind.ASSESSMENT)[0]


def test_int14_inf1_allocating_an_episode_names_the_worker_on_the_childs_open_case_and_routing_follows() -> None:
    referral, episode = referral_with_child()
    boss = manager("boss")
    team = _assessment_team()
    worker = social_worker()
    worker.team = team
    worker.save()
    pathway.allocate(episode, actor=boss, worker=worker, team=team)
    episode.refresh_from_db()
    assert (episode.allocated_worker, episode.team) == (worker, team)
    assert "episode.allocated" in _actions(episode)
    # The child's open referral involvement now names the worker (PPL-1 history).
    open_case = Involvement.objects.get(person=episode.child, source_reference=referral.reference)
    assert open_case.allocated_worker == worker
    # INT-14: a new contact about the child goes to the worker's list.
    contact = make_contact()
    assert screening.route_to_allocated_worker(contact, episode.child, actor=None, how="test")
    assert Contact.objects.get(pk=contact.pk).allocated_to == worker
    # INF-1: an information request about the child is the worker's to answer.
    assert facts.case_of(episode.child).allocated_worker_id == worker.pk


def test_issue15_reallocation_needs_a_reason_and_is_audited_with_it() -> None:
    _, episode = referral_with_child()
    boss = manager("boss")
    first, second = social_worker("first"), social_worker("second")
    pathway.allocate(episode, actor=boss, worker=first)
    with pytest.raises(PathwayRefused, match="reason"):
        pathway.allocate(episode, actor=boss, worker=second)
    with pytest.raises(PathwayRefused, match="already allocated"):
        pathway.allocate(episode, actor=boss, worker=first)
    pathway.allocate(episode, actor=boss, worker=second, reason="First is on leave for a month")
    entry = AuditEntry.objects.filter(action="episode.reallocated").get()
    assert entry.reason == "First is on leave for a month"
    assert entry.detail["previous"] == "first" and entry.detail["worker"] == "second"
    assert Involvement.objects.filter(person=episode.child, end__isnull=True, allocated_worker=second).exists()
    assert not Involvement.objects.filter(allocated_worker=first).exists()


def test_issue15_only_a_manager_allocates_and_only_to_someone_who_can_hold_a_case() -> None:
    _, episode = referral_with_child()
    worker = social_worker()
    with pytest.raises(PathwayRefused, match="Only a team manager"):
        pathway.allocate(episode, actor=worker, worker=worker)
    cso = social_worker("cso")
    cso.role = "cso"
    cso.save()
    with pytest.raises(PathwayRefused, match="cannot hold a case"):
        pathway.allocate(episode, actor=manager("boss"), worker=cso)
    with pytest.raises(PathwayRefused, match="is not in"):
        pathway.allocate(episode, actor=manager("boss2"), worker=worker, team=_assessment_team())


def test_issue15_a_referral_is_allocated_as_a_whole() -> None:
    referral, episode = referral_with_child()
    worker = social_worker()
    made = pathway.allocate_referral(referral, actor=manager("boss"), worker=worker)
    assert [e.pk for e in made] == [episode.pk]
    assert Episode.objects.get(pk=episode.pk).allocated_worker == worker


def test_issue15_the_allocation_pages_are_for_managers_and_refusals_show_on_the_form() -> None:
    referral, episode = referral_with_child()
    boss, worker = manager("boss"), social_worker()
    client = Client()
    client.force_login(worker)
    assert client.get(reverse("pathway:allocate", args=[episode.pk])).status_code == 403
    client.force_login(boss)
    page = client.get(reverse("pathway:allocate", args=[episode.pk]))
    assert page.status_code == 200 and "Worker" in page.content.decode()
    done = client.post(
        reverse("pathway:allocate", args=[episode.pk]), {"team": str(worker.team_id), "worker": str(worker.pk)}
    )
    assert done.status_code == 302
    assert Episode.objects.get(pk=episode.pk).allocated_worker == worker
    other = social_worker("other")
    refused = client.post(
        reverse("pathway:allocate-referral", args=[referral.pk]), {"team": str(other.team_id), "worker": str(other.pk)}
    )
    assert refused.status_code == 400 and "Enter the reason" in refused.content.decode()
    moved = client.post(
        reverse("pathway:allocate-referral", args=[referral.pk]),
        {"team": str(other.team_id), "worker": str(other.pk), "reason": "Balancing caseloads"},
    )
    assert moved.status_code == 302
    assert Episode.objects.get(pk=episode.pk).allocated_worker == other
