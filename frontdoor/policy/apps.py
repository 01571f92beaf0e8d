from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "frontdoor.policy"
    label = "policy"
    verbose_name = "The procedure as code"
