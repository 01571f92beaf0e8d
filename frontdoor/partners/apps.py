from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "frontdoor.partners"
    label = "partners"
    verbose_name = "Partner agencies: the API for their systems"
