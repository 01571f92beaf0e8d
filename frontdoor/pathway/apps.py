from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "frontdoor.pathway"
    label = "pathway"
    verbose_name = "Pathway: strategy discussions, enquiries, assessments, conferences, plans and closure"
