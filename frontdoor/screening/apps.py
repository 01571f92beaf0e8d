from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "frontdoor.screening"
    label = "screening"
    verbose_name = "Screening: the queue, the screening record, the decision and its authorisation"

    def ready(self) -> None:
        from frontdoor.intake.signals import contact_arrived
        from frontdoor.screening.receivers import route_open_case

        contact_arrived.connect(route_open_case, dispatch_uid="screening.route_open_case")
