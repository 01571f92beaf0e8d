"""The workbench's services: ``commands`` make notifications and alerts and mark them read;
``queries`` read caseloads, workload and notifications through the visibility rule."""

from frontdoor.workbench.services.commands import (
    alert_urgent_contact,
    duty_managers,
    mark_read,
    notify,
    notify_deadlines_due_tomorrow,
)
from frontdoor.workbench.services.queries import (
    CaseloadRow,
    WorkerLoad,
    Workload,
    caseload,
    notifications_for,
    unread_count,
    workload,
)

__all__ = [
    "CaseloadRow",
    "WorkerLoad",
    "Workload",
    "alert_urgent_contact",
    "caseload",
    "duty_managers",
    "mark_read",
    "notifications_for",
    "notify",
    "notify_deadlines_due_tomorrow",
    "unread_count",
    "workload",
]
