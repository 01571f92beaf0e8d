from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "frontdoor.people"
    label = "people"
    verbose_name = "People: the person index, relationships and history"
