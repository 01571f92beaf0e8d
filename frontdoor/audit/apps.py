from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "frontdoor.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from frontdoor.audit import checks  # noqa: F401 - registers the audit key's deploy checks
