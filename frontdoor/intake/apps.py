from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "frontdoor.intake"
    label = "intake"
    verbose_name = "Intake: contacts, channels and acknowledgements"
