from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "frontdoor.workbench"
    label = "workbench"
    verbose_name = "Workbench: caseloads, workload and notifications"

    def ready(self) -> None:
        # The lower apps' events (their signals.py) become notifications; the staff header shows
        # the bell through the hook core gives it (frontdoor.core.staff.register_bell).
        from frontdoor.core import staff
        from frontdoor.workbench import receivers
        from frontdoor.workbench.services import queries

        receivers.connect()
        staff.register_bell(queries.unread_count)
