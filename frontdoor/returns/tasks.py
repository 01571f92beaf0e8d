"""Background tasks of returns, run by the task worker (`manage.py run_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def make_export(export_id: int) -> str:
    """Make one requested return (RET-1, RET-2); see frontdoor.returns.services.make_export."""
    from frontdoor.returns import services

    return services.make_export(export_id)
