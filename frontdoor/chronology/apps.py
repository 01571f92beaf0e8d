from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "frontdoor.chronology"
    label = "chronology"
    verbose_name = "A child's chronology and case notes"
