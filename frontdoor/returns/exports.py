"""The census export itself (RET-1): record -> checks -> XML file, streamed.

Used by the background task (services.make_export), the management command
(`manage.py cin_census`) and bench/returns.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from frontdoor.returns.census import ChildRow, Header, default_header, write_census
from frontdoor.returns.quality import problems
from frontdoor.returns.source import CHUNK, census_rows, count_children


@dataclass
class Summary:
    children: int
    problems: int


def export_census(
    year: int,
    path: Path,
    *,
    header: Header | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk: int = CHUNK,
) -> Summary:
    """Write the census for ``year`` to ``path`` (atomically: a temporary file, then renamed)."""
    total = count_children(year)
    found = 0

    def rows() -> Iterator[ChildRow]:
        nonlocal found
        for done, child in enumerate(census_rows(year, chunk), start=1):
            found += len(problems(child, year))
            if progress is not None and (done % chunk == 0 or done == total):
                progress(done, total)
            yield child

    if progress is not None:
        progress(0, total)
    partial = path.with_name(path.name + ".part")
    with open(partial, "w", encoding="utf-8") as out:
        count = write_census(out, header or default_header(year), rows())
    os.replace(partial, path)
    return Summary(children=count, problems=found)
