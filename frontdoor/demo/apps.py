from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demonstration's app: no models and no pages, only its management commands (load_demo,
    load_demo_channels, demo_code). No runtime app imports it."""

    name = "frontdoor.demo"
    label = "demo"
    verbose_name = "Demonstration: the fictional council, its contacts and channels"
