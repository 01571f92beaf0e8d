"""Making returns (RET-1, RET-2): asking for one, making it in the background, handing it out.

``request_export`` records who asked for which return and enqueues ``tasks.make_export``;
``make_export`` streams the file to var/returns/ and keeps the Export row's progress up to
date, so the returns page can show it. Who may ask: ``can_make_returns`` (team managers).
Every request and every download is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from frontdoor.accounts.models import User
from frontdoor.audit.actions import Action
from frontdoor.audit.services import TASK_WORKER, record
from frontdoor.returns.models import Export, ExportKind, ExportStatus

FIRST_YEAR = 2015  # the census years the form offers start here


def can_make_returns(user: User) -> bool:
    """Returns hold every child's identifiers: team managers only (RET-1, RET-2, RET-3)."""
    return bool(user.is_manager)


def returns_dir() -> Path:
    path = Path(settings.VAR_DIR) / "returns"
    path.mkdir(parents=True, exist_ok=True)
    return path


def current_year(today: dt.date | None = None) -> int:
    """The collection year in progress (named by the year it ends): 2026 from April 2025."""
    today = today or timezone.localdate()
    return today.year + 1 if today.month >= 4 else today.year


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= current_year() + 1:
        raise ValueError(f"Choose a collection year between {FIRST_YEAR} and {current_year() + 1}")


def request_export(kind: str, year: int, *, actor: User) -> Export:
    if not can_make_returns(actor):
        raise PermissionDenied("Only a team manager may make returns")
    if kind not in ExportKind.values:
        raise ValueError(f"Unknown return {kind!r}")
    check_year(year)
    from frontdoor.returns.tasks import make_export

    with transaction.atomic(durable=True):
        export = Export.objects.create(kind=kind, year=year, requested_by=actor)
        record(actor, Action.RETURNS_EXPORT_REQUESTED, export, kind=kind, year=year)
        export_id = export.pk
        transaction.on_commit(lambda: make_export.enqueue(export_id))
    return export


def _progress(export_id: int) -> Callable[[int, int], None]:
    def update(done: int, total: int) -> None:
        Export.objects.filter(pk=export_id).update(done=done, total=total)

    return update


def make_export(export_id: int) -> str:
    """Make one requested return (run by the task worker); returns its status."""
    with transaction.atomic(durable=True):
        export = Export.objects.select_for_update().get(pk=export_id)
        if export.status != ExportStatus.WAITING:
            return str(export.status)
        export.status = ExportStatus.RUNNING
        export.save(update_fields=["status"])
    suffix = "xml" if export.kind == ExportKind.CENSUS else "xlsx"
    filename = f"{export.kind}-{export.year}-{export.pk}.{suffix}"
    path = returns_dir() / filename
    try:
        if export.kind == ExportKind.CENSUS:
            from frontdoor.returns.exports import export_census

            summary = export_census(export.year, path, progress=_progress(export.pk))
            problems = summary.problems
        else:
            from frontdoor.returns.annex_a import write_workbook

            write_workbook(export.year, path, progress=_progress(export.pk))
            problems = 0
    except Exception as error:  # noqa: BLE001 - the page must say it failed; the worker logs the rest
        with transaction.atomic(durable=True):
            Export.objects.filter(pk=export.pk).update(
                status=ExportStatus.FAILED, error=f"{type(error).__name__}: {error}", finished_at=timezone.now()
            )
            record(None, Action.RETURNS_EXPORT_FAILED, export, actor_label=TASK_WORKER, error=type(error).__name__)
        path.unlink(missing_ok=True)
        return str(ExportStatus.FAILED)
    with transaction.atomic(durable=True):
        Export.objects.filter(pk=export.pk).update(
            status=ExportStatus.READY, filename=filename, problems=problems, finished_at=timezone.now()
        )
        record(None, Action.RETURNS_EXPORT_READY, export, actor_label=TASK_WORKER, problems=problems)
    return str(ExportStatus.READY)


def download(export: Export, *, actor: User) -> Path:
    """The file of a ready export, for a manager; the download is audited."""
    if not can_make_returns(actor):
        raise PermissionDenied("Only a team manager may download returns")
    if export.status != ExportStatus.READY or not export.filename:
        raise FileNotFoundError("This return is not ready")
    path = returns_dir() / Path(export.filename).name
    if not path.exists():
        raise FileNotFoundError("This return's file is no longer there")
    with transaction.atomic(durable=True):
        record(actor, Action.RETURNS_EXPORT_DOWNLOADED, export, kind=export.kind, year=export.year)
    return path
