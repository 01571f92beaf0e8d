"""A return being made in the background (RET-1, RET-2): who asked, how far it has got, its file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ExportKind(models.TextChoices):
    CENSUS = "census", "Children in Need census (XML)"
    ANNEX_A = "annex_a", "Ofsted Annex A lists 1 to 5 (Excel workbook)"


class ExportStatus(models.TextChoices):
    WAITING = "waiting", "Waiting to start"
    RUNNING = "running", "Being made"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Failed"


class Export(models.Model):
    kind = models.CharField(max_length=8, choices=ExportKind.choices)
    year = models.PositiveSmallIntegerField(help_text="The collection year, named by the year it ends.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=8, choices=ExportStatus.choices, default=ExportStatus.WAITING)
    total = models.PositiveIntegerField(default=0, help_text="Children (census) or rows (Annex A) to write.")
    done = models.PositiveIntegerField(default=0)
    problems = models.PositiveIntegerField(default=0, help_text="Data-quality problems found while exporting.")
    filename = models.CharField(max_length=200, blank=True, help_text="Under var/returns/.")
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.READY:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
