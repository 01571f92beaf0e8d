from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "frontdoor.access"
    label = "access"
    verbose_name = "Access control: restricted records and break-glass"
