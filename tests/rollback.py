"""A block that tests roll back at its end, in which the services' durable commands may still run.

Services' top-level commands are ``@transaction.atomic(durable=True)``: Django refuses to nest
one inside another atomic block, except inside a block that the test framework itself opened
(``TestCase`` marks its own blocks so). A test that visits many pages and rolls each visit back
opens such a block with this, and marks it the same way.
"""

from __future__ import annotations

from django.db import transaction
from django.db.transaction import Atomic


def rolled_back_block() -> Atomic:
    block = transaction.atomic()
    setattr(block, "_from_testcase", True)  # noqa: B010 - the test's own block, as django.test.TestCase marks its blocks
    return block
