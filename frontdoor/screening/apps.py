from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "frontdoor.screening"
    label = "screening"
    verbose_name = "Screening: the queue, the screening record, the decision and its authorisation"

    def ready(self) -> None:
        from frontdoor.intake.signals import contact_arrived, referrer_outcome
        from frontdoor.people.signals import contact_person_linked
        from frontdoor.screening.receivers import referrer_outcome as outcome
        from frontdoor.screening.receivers import route_open_case, route_open_case_on_link

        contact_arrived.connect(route_open_case, dispatch_uid="screening.route_open_case")
        contact_person_linked.connect(route_open_case_on_link, dispatch_uid="screening.route_open_case_on_link")
        referrer_outcome.connect(outcome, dispatch_uid="screening.referrer_outcome")

        # The counts beside the header's lists (issue 15), each through the visibility rule.
        from frontdoor.core.staff import register_count
        from frontdoor.screening.services import my_list_count, queue_count

        register_count("screening:queue", queue_count)
        register_count("screening:mine", my_list_count)
