"""What the pathway tells other apps, so that it need not know them (the apps above pathway
connect their receivers in their ``AppConfig.ready()``; docs/decisions/0021-dependency-order.md)."""

from django.dispatch import Signal

# Sent inside the transaction that allocates (or re-allocates) a child's episode, with `episode`,
# `worker` (the new allocated worker, or None), `previous` (the worker before, or None), `reason`
# and `actor`. Receivers run in that transaction (the workbench's tells the worker it is theirs):
# an error rolls the allocation back.
episode_allocated = Signal()
