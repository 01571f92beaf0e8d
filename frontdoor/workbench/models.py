"""Notifications (issue 15 part 4): something a member of staff should know about a record.

A notification names the contact or the person of the index it is about, so it is read only
through the one visibility rule (``Notification.objects.visible_to(user)``): a notification
about a restricted record is never shown to someone who may not read that record, even if it
was made for them before the record was restricted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from frontdoor.core.visibility import VisibleQuerySet


class NotificationKind(models.TextChoices):
    URGENT_CONTACT = "urgent_contact", "Urgent contact"
    NEW_CONTACT = "new_contact", "New contact or information about your case"
    ALLOCATED = "allocated", "Case allocated to you"
    SENT_BACK = "sent_back", "Proposal sent back"
    AUTHORISED = "authorised", "Decision authorised"
    DEADLINE = "deadline", "Deadline due tomorrow"


class NotificationRows(VisibleQuerySet["Notification"]):
    contact_fields = ("contact_id",)
    person_fields = ("person_id",)


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    text = models.CharField(max_length=300)
    href = models.CharField(max_length=300, help_text="The page of the record it is about.")
    contact = models.ForeignKey("intake.Contact", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=160, help_text="What it is about, once per recipient (safe to repeat).")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationRows.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="workbench_notification_once")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for user {self.recipient_id}"
