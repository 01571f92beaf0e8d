"""STA-2: print each parents' letter's readability (Flesch-Kincaid grade and reading age).

Builds every letter for a sample episode that has been through every step (made in a
transaction that is rolled back, so nothing is left in the database), or for ``--episode``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdoor.pathway import letters
from frontdoor.pathway.models import Episode, LetterKind


class Command(BaseCommand):
    help = "Print the reading age of every letter to parents (STA-2)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--episode", type=int, help="An episode's id (default: the first episode with a plan)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["episode"]:
            episode = Episode.objects.filter(pk=options["episode"]).first()
        else:
            episode = Episode.objects.filter(cp_plans__isnull=False).first() or Episode.objects.first()
        if episode is None:
            raise CommandError("No episode to write letters for: load the demo (manage.py load_demo) first")
        self.stdout.write(
            f"Letters for episode {episode.pk}; the limit is grade {letters.MAX_GRADE:g} "
            f"(reading age {letters.MAX_GRADE + 5:g})"
        )
        worst = 0.0
        for kind in LetterKind.values:
            letter = letters.build(episode, kind)
            grade = letter.grade()
            worst = max(worst, grade)
            words = len(letter.plain_text().split())
            self.stdout.write(
                f"{kind:20} Flesch-Kincaid grade {grade:4.1f}  reading age {grade + 5:4.1f}  "
                f"{words} words  {'ok' if grade <= letters.MAX_GRADE else 'TOO HARD'}"
            )
        if worst > letters.MAX_GRADE:
            raise CommandError(f"A letter is harder to read than grade {letters.MAX_GRADE:g}")
