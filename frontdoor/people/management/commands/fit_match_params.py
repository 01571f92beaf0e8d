"""Fit the matcher to this council's own index and the people named in its contacts, without
labels (``fitting.fit_to_data``, docs/decisions/0006-matching-benchmark.md), and write the
parameters to a file. Point ``FRONTDOOR_MATCH_PARAMS`` at it and restart to use them.

    manage.py fit_match_params var/match-params.json [--queries 5000] [--batch 2000]
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.intake.models import ContactPerson
from frontdoor.people import fitting, index, matching
from frontdoor.people.models import Person


class Command(BaseCommand):
    help = "Fit the person matcher to this index and its contacts' people (no labels); write the parameters."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="where to write the parameters (JSON)")
        parser.add_argument("--queries", type=int, default=5000, help="contact people to sample (default 5000)")
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(Person.objects.filter(merged_into__isnull=True).order_by("pk").values_list("pk", flat=True))
        if len(ids) < 100:
            raise CommandError(f"The index has {len(ids)} people: too few to fit anything (at least 100).")
        records: list[matching.PersonRecord] = []
        for start in range(0, len(ids), options["batch"]):
            records += index.records_for(ids[start : start + options["batch"]]).values()
            self.stdout.write(f"Read {len(records):,} of {len(ids):,} people", ending="\r")
        named = list(ContactPerson.objects.exclude(given_names="", family_name="").values_list("pk", flat=True))
        chosen = random.Random(1).sample(named, min(options["queries"], len(named)))  # noqa: S311 - sampling
        queries = [index.query_of(cp) for cp in ContactPerson.objects.filter(pk__in=chosen)]
        if len(queries) < 50:
            raise CommandError(f"Only {len(queries)} named people in contacts: too few to fit (at least 50).")
        self.stdout.write(f"\nFitting to {len(records):,} people and {len(queries):,} descriptions...")

        def candidates_of(query: matching.PersonRecord) -> list[matching.PersonRecord]:
            found = index.candidate_ids(matching.query_keys(query))
            return list(index.records_for(found).values()) if found else []

        params = fitting.fit_to_data(records, queries, candidates_of, log=self.stdout.write)
        options["out"].write_text(json.dumps(params, indent=1), encoding="utf-8")
        self.stdout.write(f"Written to {options['out']}. Set {matching.PARAMS_ENV}={options['out']} and restart.")
