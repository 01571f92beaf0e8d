from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "frontdoor.access"
    label = "access"
    verbose_name = "Access control: restricted records and break-glass"

    def ready(self) -> None:
        """Give every record's queryset the one visibility rule (frontdoor/core/visibility.py),
        and the staff header the permission matrix (frontdoor/core/staff.py); restrict an
        allegation as intake saves it (intake's ``allegation_recorded``)."""
        from frontdoor.access.matrix import allowed
        from frontdoor.access.receivers import restrict_allegation_on_arrival
        from frontdoor.access.records import Visibility
        from frontdoor.core import staff, visibility
        from frontdoor.intake.signals import allegation_recorded

        visibility.register(Visibility.for_user)
        staff.register(allowed)
        allegation_recorded.connect(restrict_allegation_on_arrival, dispatch_uid="access.restrict_allegation")
