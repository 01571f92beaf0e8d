"""Find people recorded twice in the person index, for a member of staff to review.

Walks the blocking keys (``PersonKey``): only people who share a key are compared, never
every pair. Each pair is scored by the same matcher as the screening pages; pairs at or
above the threshold, whose given names set them apart from a twin as ``decide()`` asks
(``Matcher.same_person``), are written as ``DuplicateSuspect`` rows, reviewed at
/staff/people/duplicates/ ("Merge" or "Not the same person"). Nothing is merged here.

    manage.py dedupe_people [--min-score 0.5] [--max-block 200]

See docs/people.md for running the same job at the scale of tens of millions of records.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Count

from frontdoor.people import index, matching, services
from frontdoor.people.models import DuplicateStatus, DuplicateSuspect, PersonKey

BATCH = 2000  # pairs scored per batch (their people are loaded in a fixed number of queries)


def candidate_pairs(max_block: int) -> tuple[set[tuple[int, int]], int]:
    """Pairs of people sharing at least one blocking key, and how many keys were too common
    to use (a key shared by more than ``max_block`` people says little and costs a lot)."""
    counts = list(PersonKey.objects.values("key").annotate(n=Count("id")).filter(n__gte=2))
    usable = [row["key"] for row in counts if row["n"] <= max_block]
    skipped = sum(1 for row in counts if row["n"] > max_block)
    pairs: set[tuple[int, int]] = set()
    for start in range(0, len(usable), 500):
        rows = (
            PersonKey.objects.filter(key__in=usable[start : start + 500])
            .order_by("key", "person_id")
            .values_list("key", "person_id")
        )
        for _, group in itertools.groupby(rows.iterator(), key=lambda r: r[0]):
            members = [person_id for _, person_id in group]
            pairs.update(itertools.combinations(members, 2))
    return pairs, skipped


def score_pairs(pairs: set[tuple[int, int]], min_score: float) -> Iterator[tuple[int, int, matching.Candidate]]:
    matcher = index.matcher()
    decided = set(
        DuplicateSuspect.objects.exclude(status=DuplicateStatus.OPEN).values_list("person_a_id", "person_b_id")
    )
    ordered = sorted(p for p in pairs if p not in decided)
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start : start + BATCH]
        records = index.records_for(sorted({pk for pair in batch for pk in pair}))
        for a, b in batch:
            if a not in records or b not in records:
                continue  # merged since the keys were read
            candidate = matcher.score(records[a], records[b])
            if matcher.same_person(candidate, min_score):
                yield a, b, candidate


class Command(BaseCommand):
    help = "Find people recorded twice in the person index and list them for review (nothing is merged)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--min-score",
            type=float,
            default=None,
            help="Lowest score to list (default: the matcher's decision threshold).",
        )
        parser.add_argument(
            "--max-block", type=int, default=200, help="Ignore blocking keys shared by more people than this."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        min_score = options["min_score"]
        if min_score is None:
            min_score = index.matcher().threshold
        pairs, skipped = candidate_pairs(options["max_block"])
        found = list(score_pairs(pairs, min_score))
        created = services.record_duplicate_suspects(found)
        open_count = DuplicateSuspect.objects.filter(status=DuplicateStatus.OPEN).count()
        self.stdout.write(
            f"{len(pairs)} pairs sharing a blocking key compared ({skipped} keys too common to use); "
            f"{len(found)} scored {min_score:.2f} or more, {created} new. "
            f"{open_count} waiting for review at /staff/people/duplicates/."
        )
