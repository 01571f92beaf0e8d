"""Staff accounts, their roles and teams. Referrers never need an account."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    CUSTOMER_SERVICE_OFFICER = "cso", "Customer service officer"
    SCREENING_SOCIAL_WORKER = "screener", "Screening social worker"
    SOCIAL_WORKER = "social_worker", "Social worker (allocated cases)"
    TEAM_MANAGER = "manager", "Team manager"
    OUT_OF_HOURS_WORKER = "ooh", "Out-of-hours worker"
    DATA_PROTECTION_OFFICER = "dpo", "Data protection officer"
    ADMINISTRATOR = "admin", "Administrator"


class Team(models.Model):
    class Kind(models.TextChoices):
        CUSTOMER_SERVICE = "customer_service", "Customer Service Centre"
        SCREENING = "screening", "Screening (MASH)"
        ASSESSMENT = "assessment", "Assessment team"
        OUT_OF_HOURS = "out_of_hours", "Safeguarding Out of Hours Service"
        ALLEGATIONS = "allegations", "Allegations (LADO)"
        DATA_PROTECTION = "data_protection", "Data Protection Team"
        ADMINISTRATION = "administration", "Administration"

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CUSTOMER_SERVICE_OFFICER)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    # What a role may do at the front door (DEC-1, CON-2). Checked by the services, shown by the pages.
    @property
    def can_screen(self) -> bool:
        """A social worker with delegated authority to screen and propose a decision (§7, §10)."""
        return self.is_active and self.role in SCREENING_ROLES

    @property
    def is_manager(self) -> bool:
        """A team manager: authorises decisions and sharing without parental knowledge (DEC-1, CON-2)."""
        return self.is_active and self.role == Role.TEAM_MANAGER


# Groups of roles, each named once: the services check them and the permission matrix
# (frontdoor/access/matrix.py) builds its columns from them.
SCREENING_ROLES = frozenset(
    {Role.SCREENING_SOCIAL_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.OUT_OF_HOURS_WORKER}
)
"""Social workers with delegated authority to screen and propose a decision (§7, §10)."""
FRONT_DOOR_ROLES = SCREENING_ROLES | {Role.CUSTOMER_SERVICE_OFFICER}
"""The people whose work is children's records: they record, screen, decide and act on contacts."""
PATHWAY_ROLES = frozenset({Role.SCREENING_SOCIAL_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER})
"""Who records the steps of a child's pathway (screening social workers hold strategy discussions too)."""
REQUEST_ROLES = frozenset(
    {Role.CUSTOMER_SERVICE_OFFICER, Role.SCREENING_SOCIAL_WORKER, Role.SOCIAL_WORKER, Role.TEAM_MANAGER}
)
"""Who logs, routes and answers other agencies' information requests (§8)."""
