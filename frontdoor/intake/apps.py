from typing import Any

from django.apps import AppConfig


def _match_written_confirmation(sender: object, contact: Any, **kwargs: Any) -> None:
    """INT-12: a written contact that arrives may confirm a professional's phone contact."""
    from frontdoor.intake.services import match_written_confirmation

    match_written_confirmation(contact)


class IntakeConfig(AppConfig):
    name = "frontdoor.intake"
    label = "intake"
    verbose_name = "Intake: contacts, channels and acknowledgements"

    def ready(self) -> None:
        from frontdoor.intake.signals import contact_arrived

        contact_arrived.connect(_match_written_confirmation, dispatch_uid="intake.match_written_confirmation")
