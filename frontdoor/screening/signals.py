"""What screening tells other apps, so that it need not know them (the apps above screening
connect their receivers in their ``AppConfig.ready()``; docs/decisions/0021-dependency-order.md)."""

from django.dispatch import Signal

# Sent inside the transaction that authorises a decision making a referral, with `referral` and
# `actor`, after the referral is saved. Receivers run in that transaction (pathway's opens one
# episode per linked child, STA-1): an error rolls the authorisation back.
referral_made = Signal()
