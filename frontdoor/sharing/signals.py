"""What sharing tells other apps, so that it need not know them (the apps above sharing connect
their receivers in their ``AppConfig.ready()``; docs/decisions/0021-dependency-order.md)."""

from django.dispatch import Signal

# Sent inside the transaction in which a manager allocates an information request to a team and a
# worker, with `request`, `worker` (or None) and `actor` (the workbench's tells the worker).
request_allocated = Signal()

# Sent inside the transaction that routes an information request about a child whose case is open
# to the case's allocated worker (INF-1), with `request` and `worker` (the workbench's tells them:
# new information about their case).
request_routed_to_worker = Signal()
