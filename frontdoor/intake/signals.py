"""What intake tells other apps, so that intake need not know them."""

from django.dispatch import Signal

# Sent after a new contact is committed, with `contact`. Receivers must not fail the
# submission: it is already durable and acknowledged (INT-15); `submit_contact` logs and
# swallows their errors.
contact_arrived = Signal()
