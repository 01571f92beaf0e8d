"""`manage.py cin_census --year 2026 --out FILE`: the CIN census XML for a collection year (RET-1)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdoor.returns.census import collection_year
from frontdoor.returns.exports import export_census
from frontdoor.returns.services import check_year


class Command(BaseCommand):
    help = "Write the Children in Need census XML for a collection year (1 April to 31 March) to a file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="the year the collection year ends, e.g. 2026")
        parser.add_argument("--out", required=True, help="the XML file to write")
        parser.add_argument("--la-code", default="", help="the council's three-digit DfE LA number (<LEA>)")

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        try:
            check_year(year)
        except ValueError as error:
            raise CommandError(str(error)) from error
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"There is no folder {out.parent}")
        from frontdoor.returns.census import default_header

        header = default_header(year)
        if options["la_code"]:
            header.la_code = options["la_code"]
        start, end = collection_year(year)
        began = time.perf_counter()
        summary = export_census(year, out, header=header)
        self.stdout.write(
            f"Wrote {summary.children} children ({start:%d %B %Y} to {end:%d %B %Y}) to {out} "
            f"in {time.perf_counter() - began:.1f} s; {summary.problems} data-quality problems "
            "(see the returns data-quality page)."
        )
