"""SEC-2: the audit log is a hash chain; `manage.py verify_audit` finds edits, deletions and insertions."""

from __future__ import annotations

import io
import itertools
import threading
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections

from frontdoor.accounts.models import Role, User
from frontdoor.audit import services as audit
from frontdoor.audit.chain import GENESIS, entry_hash
from frontdoor.audit.models import AuditChainHead, AuditEntry

TABLE = AuditEntry._meta.db_table


def verify_audit() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def write_entries(actor: User, count: int) -> list[AuditEntry]:
    return [audit.record(actor, "contact.viewed", actor, reason=f"look {i}", n=i, path=("a", i)) for i in range(count)]


@pytest.mark.django_db
def test_sec2_each_entry_is_hashed_with_the_one_before(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.SCREENING_SOCIAL_WORKER)
    first, second, third = write_entries(user, 3)
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert first.prev_hash == GENESIS and second.prev_hash == first.hash and third.prev_hash == second.hash
    stored: dict[str, Any] = dict(AuditEntry.objects.values().get(pk=second.pk))
    assert entry_hash(stored, stored["prev_hash"]) == second.hash  # the stored row, read back, hashes the same
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (3, third.hash)


@pytest.mark.django_db
def test_sec2_an_untouched_log_verifies_clean(make_user) -> None:  # type: ignore[no-untyped-def]
    write_entries(make_user(Role.SCREENING_SOCIAL_WORKER), 12)
    code, out, err = verify_audit()
    print(out)
    assert code == 0 and err == ""
    assert "Checked 12 audit entries" in out and "is whole" in out


@pytest.mark.django_db
def test_sec2_verify_reports_an_entry_edited_with_raw_sql(make_user) -> None:  # type: ignore[no-untyped-def]
    entries = write_entries(make_user(Role.SCREENING_SOCIAL_WORKER), 6)
    target = entries[3]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["nothing to see", target.pk])  # noqa: S608
    code, out, err = verify_audit()
    print(out, err)
    assert code == 1
    assert "Checked 6 audit entries" in out and "1 problem(s)" in out
    assert f"EDITED: Entry {target.seq} (id {target.pk}) was changed" in err


@pytest.mark.django_db
def test_sec2_verify_reports_a_deleted_entry_and_a_cut_at_the_end(make_user) -> None:  # type: ignore[no-untyped-def]
    entries = write_entries(make_user(Role.SCREENING_SOCIAL_WORKER), 6)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [entries[2].pk])  # noqa: S608
    code, out, err = verify_audit()
    assert code == 1 and "Checked 5 audit entries" in out
    assert f"DELETED: Entries 3 are missing (deleted) before entry 4 (id {entries[3].pk})" in err
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [entries[5].pk])  # noqa: S608
    code, out, err = verify_audit()
    assert code == 1 and "Checked 4 audit entries" in out
    assert "Entries 6 are missing (deleted) at the end of the log" in err


@pytest.mark.django_db
def test_sec2_verify_reports_an_inserted_entry(make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user(Role.SCREENING_SOCIAL_WORKER)
    entries = write_entries(user, 3)
    # A forger who knows the algorithm appends a well-hashed entry behind Front Door's back.
    fields = {"seq": 4, "at": entries[-1].at, "actor_id": user.pk, "actor_label": user.username,
              "action": "contact.viewed", "object_type": "accounts.user", "object_id": str(user.pk),
              "reason": "", "detail": {}}  # fmt: skip
    AuditEntry.objects.create(**fields, prev_hash=entries[-1].hash, hash=entry_hash(fields, entries[-1].hash))
    code, out, err = verify_audit()
    assert code == 1 and "Checked 4 audit entries" in out
    assert "INSERTED: The log ends at entry 4 but the chain head records entry 3" in err
    # And one slipped between two entries (the later ones renumbered to make room) breaks their hashes.
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET seq = seq + 10 WHERE seq >= 2")  # noqa: S608
    code, _out, err = verify_audit()
    assert code == 1 and "DELETED: Entries 2 to 11 are missing" in err and "EDITED: Entry 12" in err


@pytest.mark.django_db(transaction=True)
def test_sec2_concurrent_appends_stay_one_chain() -> None:
    """Eight threads, each with its own database connection, append at once: one line, no fork."""
    user = User.objects.create_user(username="busy", password="x" * 12, role=Role.SCREENING_SOCIAL_WORKER)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def worker() -> None:
        try:
            start.wait()
            write_entries(user, 15)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 121))
    code, out, _err = verify_audit()
    assert code == 0 and "Checked 120 audit entries" in out


@pytest.mark.django_db(transaction=True)
def test_sec2_the_migration_chains_entries_written_before_the_chain() -> None:
    """Back to the audit log before the chain, entries written the old way, then forward: all chained."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("audit")
    executor.migrate([("audit", "0001_initial")])
    try:
        with connection.cursor() as cursor:
            for day in range(1, 6):
                cursor.execute(
                    f"INSERT INTO {TABLE} (at, actor_label, action, object_type, object_id, reason, detail) "  # noqa: S608
                    "VALUES (%s, 'task worker', 'contact.acknowledged', 'intake.contact', %s, '', %s)",
                    [f"2026-01-0{day} 10:00:00.123456+00:00", str(day), '{"by": ["email", 1]}'],
                )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5] and [e.object_id for e in entries] == ["1", "2", "3", "4", "5"]
    assert entries[0].prev_hash == GENESIS and all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    code, out, _err = verify_audit()
    assert code == 0 and "Checked 5 audit entries" in out
    audit.record(None, "contact.acknowledged", entries[0], actor_label="task worker")  # carries on from the head
    code, out, _err = verify_audit()
    assert code == 0 and "Checked 6 audit entries" in out
