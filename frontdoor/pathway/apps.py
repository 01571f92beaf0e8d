from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "frontdoor.pathway"
    label = "pathway"
    verbose_name = "Pathway: strategy discussions, enquiries, assessments, conferences, plans and closure"

    def ready(self) -> None:
        from frontdoor.pathway.receivers import open_episodes
        from frontdoor.screening.signals import referral_made

        referral_made.connect(open_episodes, dispatch_uid="pathway.open_episodes")
