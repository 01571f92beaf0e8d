"""What the person index tells other apps, so that it need not know them (the apps above
people connect their receivers in their ``AppConfig.ready()``; docs/decisions/0021-dependency-order.md)."""

from django.dispatch import Signal

# Sent after a member of staff has linked a contact's person to a person of the index (the link
# is committed), with `contact_person` and `actor`. A receiver answers True when it acted on the
# link (screening's: a child whose case is open sends the contact to the allocated worker, INT-14).
contact_person_linked = Signal()
