from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "frontdoor.access"
    label = "access"
    verbose_name = "Access control: restricted records and break-glass"

    def ready(self) -> None:
        """Give every record's queryset the one visibility rule (frontdoor/visibility.py)."""
        from frontdoor import visibility
        from frontdoor.access.records import Visibility

        visibility.register(Visibility.for_user)
