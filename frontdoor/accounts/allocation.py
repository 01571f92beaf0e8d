"""The allocation form every owner of a record uses (issue 15): a team, a worker in it (or nobody
yet), and the reason when a record moves. The services that allocate stay with each record's app
(pathway's episodes and referrals, screening's contacts, sharing's information requests)."""

from __future__ import annotations

from typing import Any

from django import forms

from frontdoor.accounts.models import PATHWAY_ROLES, Team, User
from frontdoor.core.govuk_forms import long_text, radios

NOBODY = "none"


class AllocateForm(forms.Form):
    team = radios([], label="Team", error_messages={"required": "Select the team"})
    worker = radios([], label="Worker", required=False)
    reason = long_text(
        "Reason for moving it",
        rows=3,
        max_length=2000,
        help_text="Needed when it moves from one worker or team to another",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teams = {str(t.pk): t for t in Team.objects.order_by("name")}
        self.workers = {
            str(w.pk): w
            for w in User.objects.filter(is_active=True, role__in=list(PATHWAY_ROLES))
            .select_related("team")
            .order_by("team__name", "first_name", "last_name", "username")
        }
        team_field, worker_field = self.fields["team"], self.fields["worker"]
        assert isinstance(team_field, forms.ChoiceField) and isinstance(worker_field, forms.ChoiceField)  # noqa: S101
        team_field.choices = [(pk, t.name) for pk, t in self.teams.items()]
        worker_field.choices = [(NOBODY, "Nobody yet (the team holds it)")] + [
            (pk, w.display_name) for pk, w in self.workers.items()
        ]
        worker_field.item_hints = {  # type: ignore[attr-defined]
            pk: f"{w.team.name if w.team else 'No team'}; {w.get_role_display()}" for pk, w in self.workers.items()
        }

    def chosen(self) -> tuple[Team, User | None]:
        """The team and the worker (None for nobody yet) of a valid form."""
        data = self.cleaned_data
        worker = data.get("worker") or NOBODY
        return self.teams[data["team"]], None if worker == NOBODY else self.workers[worker]

    @staticmethod
    def initial_for(team: Team | None, worker: User | None) -> dict[str, str]:
        return {"team": str(team.pk) if team else "", "worker": str(worker.pk) if worker else NOBODY}


def chosen(data: dict[str, Any]) -> tuple[Team, User | None]:
    """The team and the worker of an ``AllocateForm``'s cleaned data (for pages given only the data)."""
    worker = data.get("worker") or NOBODY
    team = Team.objects.get(pk=int(data["team"]))
    return team, None if worker == NOBODY else User.objects.select_related("team").get(pk=int(worker))
