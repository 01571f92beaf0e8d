from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "frontdoor.sharing"
    label = "sharing"
    verbose_name = "Sharing: consent and information requests"
