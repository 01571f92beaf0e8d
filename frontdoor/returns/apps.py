from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "frontdoor.returns"
    label = "returns"
    verbose_name = "Returns: the CIN census, Annex A and managers' charts"
