"""Rewrite every person's blocking keys: run once after the matcher's key scheme changes
(a new ``matching.blocking_keys``), otherwise the services keep keys up to date.

    manage.py rebuild_person_keys [--batch 2000]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from frontdoor.people import index, matching
from frontdoor.people.models import Person, PersonKey


class Command(BaseCommand):
    help = "Rewrite the blocking keys of every person in the index (after a change of key scheme)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(Person.objects.filter(merged_into__isnull=True).order_by("pk").values_list("pk", flat=True))
        written = 0
        for start in range(0, len(ids), options["batch"]):
            chunk = ids[start : start + options["batch"]]
            records = index.records_for(chunk)
            with transaction.atomic():
                PersonKey.objects.filter(person_id__in=chunk).delete()
                keys = [
                    PersonKey(person_id=pk, key=k)
                    for pk, r in records.items()
                    for k in sorted({key[:64] for key in matching.blocking_keys(r)})
                ]
                PersonKey.objects.bulk_create(keys, batch_size=5000)
            written += len(keys)
        PersonKey.objects.filter(person__merged_into__isnull=False).delete()
        self.stdout.write(f"{written} keys written for {len(ids)} people.")
