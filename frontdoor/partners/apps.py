from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "frontdoor.partners"
    label = "partners"
    verbose_name = "Partner agencies: the API for their systems"

    def ready(self) -> None:
        from frontdoor.intake.signals import trusted_sender
        from frontdoor.partners.receivers import partner_domain

        trusted_sender.connect(partner_domain, dispatch_uid="partners.partner_domain")
