"""SEC-6: administration inside the chain. Accounts, roles, teams, activation, second-factor resets
and unlocks are changed on Front Door's own pages, each change audited in the hash chain with who,
what and why; an administrator cannot change their own role or team nor switch themselves off;
the last active administrator cannot be removed; no page shows a second factor's secret; the
Django admin keeps reference data only."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.contrib import admin as django_admin
from django.db import DatabaseError, connection
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.accounts import services
from frontdoor.accounts.models import Role, Team, User
from frontdoor.audit.models import AuditEntry
from tests.conftest import PASSWORD, confirmed_device, second_factor_code

pytestmark = pytest.mark.django_db

REASON = "Moved to the allegations team from Monday (email from J Bloggs, 3 December)"


def administrator(username: str = "root") -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=Role.ADMINISTRATOR,
        first_name=username.title(),
        last_name="Admin",
        is_staff=True,
    )
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return str(response.content.decode())


def test_sec6_the_accounts_list_is_paged_and_shows_role_team_second_factor_and_lock(make_user) -> None:  # type: ignore[no-untyped-def]
    root = administrator()
    for n in range(55):
        make_user(Role.SOCIAL_WORKER, username=f"sw{n:02d}")
    confirmed_device(User.objects.get(username="sw00"))
    first = client_for(root).get("/staff/users/")
    html = text(first)
    assert first.status_code == 200 and "56 accounts" in html and "Page 1 of 2" in html
    assert "sw00" in html and "Social worker (allocated cases)" in html and "Customer Service Centre" in html
    assert "Set up" in html and "Not set up" in html
    second = text(client_for(root).get("/staff/users/?page=2"))
    assert "sw54" in second and "sw00" not in second


def test_sec6_an_administrator_adds_an_account_audited_and_it_signs_in_to_enrol() -> None:
    root = administrator()
    lado = Team.objects.create(name="Allegations (LADO)", kind=Team.Kind.ALLEGATIONS)
    client = client_for(root)
    form = {
        "username": "jbloggs",
        "first_name": "Jo",
        "last_name": "Bloggs",
        "email": "jo@council.example",
        "role": Role.SCREENING_SOCIAL_WORKER,
        "team": str(lado.pk),
    }
    refused = client.post("/staff/users/new/", form)  # no reason given
    assert refused.status_code == 400 and "Enter why you are making this change" in text(refused)
    assert not User.objects.filter(username="jbloggs").exists()
    made = client.post("/staff/users/new/", {**form, "reason": "New starter in the LADO team"})
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    password = re.search(r'id="first-password"[^>]*value="([^"]+)"', text(made))
    assert password is not None
    user = User.objects.get(username="jbloggs")
    assert (user.role, user.team) == (Role.SCREENING_SOCIAL_WORKER, lado)
    assert not user.is_staff and not user.is_superuser
    entry = AuditEntry.objects.get(action="account.created")
    assert (entry.actor, entry.object_id, entry.reason) == (root, str(user.pk), "New starter in the LADO team")
    assert entry.detail["role"] == Role.SCREENING_SOCIAL_WORKER and entry.detail["team"] == "Allegations (LADO)"
    assert password.group(1) not in str(entry.detail)  # the password is not in the log
    signed_in = Client().post("/accounts/sign-in/", {"username": "jbloggs", "password": password.group(1)})
    assert signed_in["Location"].startswith("/accounts/sign-in/set-up-code/")  # they enrol a second factor
    again = client.post("/staff/users/new/", {**form, "reason": "again"})
    assert again.status_code == 400 and "An account with that username exists already" in text(again)


def test_sec6_changing_a_role_and_team_is_audited_with_before_after_and_why(officer: User) -> None:
    root = administrator()
    lado = Team.objects.create(name="Allegations (LADO)", kind=Team.Kind.ALLEGATIONS)
    client = client_for(root)
    page = client.get(f"/staff/users/{officer.pk}/role/")
    assert page.status_code == 200 and "Why are you making this change?" in text(page)
    missing = client.post(
        f"/staff/users/{officer.pk}/role/", {"role": Role.SCREENING_SOCIAL_WORKER, "team": str(lado.pk)}
    )
    assert missing.status_code == 400 and "Enter why you are making this change" in text(missing)
    officer.refresh_from_db()
    assert officer.role == Role.CUSTOMER_SERVICE_OFFICER
    assert not AuditEntry.objects.filter(action="account.role_changed").exists()
    done = client.post(
        f"/staff/users/{officer.pk}/role/",
        {"role": Role.SCREENING_SOCIAL_WORKER, "team": str(lado.pk), "reason": REASON},
    )
    assert done["Location"] == f"/staff/users/{officer.pk}/"
    officer.refresh_from_db()
    assert (officer.role, officer.team) == (Role.SCREENING_SOCIAL_WORKER, lado)
    entry = AuditEntry.objects.get(action="account.role_changed")
    assert (entry.actor, entry.object_type, entry.object_id, entry.reason) == (
        root,
        "accounts.user",
        str(officer.pk),
        REASON,
    )
    assert entry.detail == {
        "username": officer.username,
        "role_before": "cso",
        "role": "screener",
        "team_before": "Customer Service Centre",
        "team": "Allegations (LADO)",
    }
    assert "is now Screening social worker, Allegations (LADO)" in text(client.get(done["Location"]))


def test_sec6_an_administrator_cannot_give_themselves_a_role_or_the_lado_team_nor_switch_themselves_off() -> None:
    root = administrator()
    lado = Team.objects.create(name="Allegations (LADO)", kind=Team.Kind.ALLEGATIONS)
    client = client_for(root)
    own = text(client.get(f"/staff/users/{root.pk}/"))
    assert "This is your own account" in own and f"/staff/users/{root.pk}/role/" not in own
    refused = client.post(
        f"/staff/users/{root.pk}/role/",
        {"role": Role.ADMINISTRATOR, "team": str(lado.pk), "reason": "I need to see the allegations"},
    )
    assert refused.status_code == 400
    assert "You cannot change your own role or team. Ask another administrator" in text(refused)
    off = client.post(f"/staff/users/{root.pk}/activation/", {"reason": "leaving"})
    assert off.status_code == 400 and "You cannot switch off your own account" in text(off)
    root.refresh_from_db()
    assert root.team is None and root.is_active
    with pytest.raises(services.AccountError):
        services.change_role(root, actor=root, role=Role.SCREENING_SOCIAL_WORKER, team=lado, reason="no")
    assert not AuditEntry.objects.filter(action__in=["account.role_changed", "account.deactivated"]).exists()
    # A second administrator can, and it is audited as theirs.
    other = administrator("second")
    services.change_role(root, actor=other, role=Role.ADMINISTRATOR, team=lado, reason=REASON)
    assert AuditEntry.objects.get(action="account.role_changed").actor == other


def test_sec6_the_last_active_administrator_cannot_be_removed() -> None:
    """Two administrators remove each other: the first change stands, the second is refused (its
    actor is checked again on the row as it now is), so one administrator is always left."""
    first, second = administrator("first"), administrator("second")
    stale_second = User.objects.get(pk=second.pk)  # as the second's request loaded them
    services.change_role(second, actor=first, role=Role.CUSTOMER_SERVICE_OFFICER, team=None, reason="left the team")
    second.refresh_from_db()
    assert (second.role, second.is_staff, second.is_superuser) == (Role.CUSTOMER_SERVICE_OFFICER, False, False)
    with pytest.raises(services.AccountError, match="Only an administrator"):
        services.set_active(first, actor=stale_second, active=False, reason="revenge")
    with pytest.raises(services.AccountError, match="Only an administrator"):
        services.change_role(first, actor=stale_second, role=Role.CUSTOMER_SERVICE_OFFICER, team=None, reason="revenge")
    first.refresh_from_db()
    assert services.is_administrator(first)
    # The guard itself, for any other way the last one could go.
    with pytest.raises(services.AccountError, match="last active administrator"):
        services._keeps_an_administrator(first)
    # The administrator who was removed no longer reaches the accounts pages.
    assert client_for(second).get("/staff/users/").status_code == 403


def test_sec6_switching_an_account_off_ends_its_sessions_and_is_audited(officer: User) -> None:
    root = administrator()
    theirs = client_for(officer)
    assert theirs.get("/staff/").status_code == 200
    response = client_for(root).post(f"/staff/users/{officer.pk}/activation/", {"reason": "Left the council"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.is_active
    assert theirs.get("/staff/")["Location"].startswith("/accounts/sign-in/")
    entry = AuditEntry.objects.get(action="account.deactivated")
    assert (entry.actor, entry.object_id, entry.reason) == (root, str(officer.pk), "Left the council")
    client_for(root).post(f"/staff/users/{officer.pk}/activation/", {"reason": "Came back"})
    officer.refresh_from_db()
    assert officer.is_active and AuditEntry.objects.get(action="account.activated").reason == "Came back"


def test_sec6_resetting_a_second_factor_on_the_page_is_audited_and_they_enrol_again(officer: User) -> None:
    root = administrator()
    theirs = client_for(officer)
    assert theirs.get("/staff/").status_code == 200
    client = client_for(root)
    assert client.post(f"/staff/users/{officer.pk}/second-factor/", {}).status_code == 400
    assert TOTPDevice.objects.filter(user=officer).exists()
    done = client.post(f"/staff/users/{officer.pk}/second-factor/", {"reason": "Lost phone, checked by call"})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists() and not StaticDevice.objects.filter(user=officer)
    entry = AuditEntry.objects.get(action="account.second_factor_reset")
    assert (entry.actor, entry.object_id, entry.reason) == (root, str(officer.pk), "Lost phone, checked by call")
    # Their open session was verified with the removed app: it must set one up again.
    assert theirs.get("/staff/")["Location"].startswith("/accounts/sign-in/set-up-code/")


def test_sec6_unlocking_on_the_page_is_audited(officer: User) -> None:
    root = administrator()
    for attempt in range(5):
        Client().post("/accounts/sign-in/", {"username": officer.username, "password": f"wrong-{attempt}"})
    client = client_for(root)
    assert "Locked out" in text(client.get("/staff/users/"))
    assert f"/staff/users/{officer.pk}/unlock/" in text(client.get(f"/staff/users/{officer.pk}/"))
    assert client.post(f"/staff/users/{officer.pk}/unlock/", {"reason": "Rang the helpdesk"}).status_code == 302
    entry = AuditEntry.objects.get(action="account.unlocked")
    assert (entry.actor, entry.reason) == (root, "Rang the helpdesk") and entry.detail["attempts"] >= 1
    confirmed_device(officer)
    signed = Client().post("/accounts/sign-in/", {"username": officer.username, "password": PASSWORD})
    assert signed["Location"].startswith("/accounts/sign-in/code/")


def test_sec6_no_page_shows_a_second_factor_secret(officer: User) -> None:
    """The key is shown while enrolling only: never on the accounts pages nor the admin site."""
    root = administrator()
    root.is_superuser = True
    root.save()
    device = confirmed_device(officer)
    second_factor_code(officer.username)
    key = services.key_text(device).replace(" ", "")
    client = client_for(root)
    pages = [
        "/staff/users/",
        f"/staff/users/{officer.pk}/",
        f"/staff/users/{officer.pk}/second-factor/",
        f"/staff/users/{officer.pk}/role/",
        "/admin/",
        "/admin/accounts/",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        body = text(response).replace(" ", "")
        assert device.key not in body and key not in body and "otpauth://" not in body, path
    # django-otp's and django-axes' admin pages, and the accounts in the admin, are gone.
    for path in (
        "/admin/otp_totp/totpdevice/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        "/admin/otp_static/staticdevice/",
        "/admin/accounts/user/",
        "/admin/axes/accessattempt/",
        "/admin/auth/group/",
    ):
        assert client.get(path).status_code in (403, 404), path


def test_sec6_the_django_admin_keeps_reference_data_only() -> None:
    registered = {model._meta.label for model in django_admin.site._registry}
    assert registered == {"accounts.Team", "django_tasks_database.DBTaskResult"}
    root = administrator()
    root.is_superuser = True
    root.save()
    lado = Team.objects.create(name="Allegations (LADO)", kind=Team.Kind.ALLEGATIONS)
    client = client_for(root)
    # A team's kind (which decides what its members see) is fixed once the team exists.
    client.post(f"/admin/accounts/team/{lado.pk}/change/", {"name": "Renamed", "kind": Team.Kind.SCREENING})
    lado.refresh_from_db()
    assert (lado.name, lado.kind) == ("Renamed", Team.Kind.ALLEGATIONS)
    assert client.post(f"/admin/accounts/team/{lado.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Team.objects.filter(pk=lado.pk).exists()


def test_sec6_only_administrators_reach_the_accounts_pages(officer: User, make_user) -> None:  # type: ignore[no-untyped-def]
    for role in Role.values:
        if role == Role.ADMINISTRATOR:
            continue
        user = make_user(role, username=f"{role}-x")
        assert client_for(user).get("/staff/users/").status_code == 403, role
        assert (
            client_for(user)
            .post(f"/staff/users/{officer.pk}/role/", {"role": Role.ADMINISTRATOR, "reason": "x"})
            .status_code
            == 403
        ), role
    assert Client().get("/staff/users/")["Location"].startswith("/accounts/sign-in/")
    officer.refresh_from_db()
    assert officer.role == Role.CUSTOMER_SERVICE_OFFICER


@pytest.mark.django_db(transaction=True)
def test_sec6_two_administrators_removing_each_other_at_once_leave_one() -> None:
    """Under concurrency too: both changes start together; the administrators are locked in one
    order, so the second waits for the first and then finds its actor is no longer one."""
    first, second = administrator("first"), administrator("second")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def remove(actor: User, target: User) -> None:
        try:
            barrier.wait(timeout=10)
            services.set_active(target, actor=actor, active=False, reason="one of us must go")
            outcomes.append("done")
        except services.AccountError:
            outcomes.append("refused")
        except DatabaseError:  # SQLite refuses the second writer outright ("database is locked")
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=remove, args=pair) for pair in ((first, second), (second, first))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["done", "refused"]
    assert User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).count() == 1
    assert AuditEntry.objects.filter(action="account.deactivated").count() == 1
