"""What intake tells other apps, so that intake need not know them (the apps above intake
connect their receivers in their ``AppConfig.ready()``; docs/decisions/0021-dependency-order.md)."""

from django.dispatch import Signal

# Sent after a new contact is committed, with `contact`. Receivers must not fail the
# submission: it is already durable and acknowledged (INT-15); `submit_contact` logs and
# swallows their errors.
contact_arrived = Signal()

# Sent inside the transaction that makes a contact final (or reclassifies it) as an allegation
# against someone who works with children (SEC-1, SEC-5, LADO-2), with `contact` and `actor`.
# Its receiver (the access app's) restricts the contact in that same transaction, so the contact
# is never committed unrestricted; an error in it rolls the contact back. Intake refuses to save
# an allegation when no receiver is connected (fail closed).
allegation_recorded = Signal()

# Asked by the status page (ACK-2) with `contact`: what the referrer is told of the outcome. A
# receiver answers with the words, or "" before a decision (screening's, which decides).
referrer_outcome = Signal()

# Asked with `domain` when the receiving mail server does not vouch for an email's sender (issue
# 13): a receiver answers with why the domain is trusted (partners': "The address of a partner
# organisation (...)"), or "" when it is not.
trusted_sender = Signal()
