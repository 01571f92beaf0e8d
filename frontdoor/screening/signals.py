"""What screening tells other apps, so that it need not know them (the apps above screening
connect their receivers in their ``AppConfig.ready()``; docs/decisions/0021-dependency-order.md)."""

from django.dispatch import Signal

# Sent inside the transaction that authorises a decision making a referral, with `referral` and
# `actor`, after the referral is saved. Receivers run in that transaction (pathway's opens one
# episode per linked child, STA-1): an error rolls the authorisation back.
referral_made = Signal()

# Sent inside the transaction that sends a contact to the allocated worker of a child whose case
# is open (INT-14), with `contact`, `worker` and `person`. Receivers run in that transaction (the
# workbench's tells the worker, and for an urgent contact alerts the worker and their team's
# manager at once).
contact_routed_to_worker = Signal()

# Sent inside the transaction in which a manager sends a proposed decision back or authorises it,
# with `decision`, `authorised` (True or False) and `actor` (the workbench's tells the proposer).
decision_reviewed = Signal()

# Sent inside the transaction in which a manager allocates a contact to a team and a worker, with
# `contact`, `worker` (or None) and `actor` (the workbench's tells the worker).
contact_allocated = Signal()
