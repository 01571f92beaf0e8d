"""bench/workbench: the staff header's search and the Contacts page (issue 15 parts 1 and 2).

On a fresh PostgreSQL database it loads, untimed but reported, ``--contacts`` contacts (as
bench/screening loads them, by COPY) and a synthetic person index of ``--people`` people with
their blocking keys (as bench/matching loads it). Then, through the real HTTP stack under
gunicorn, signed in through the sign-in form as a screener, it times sequential GETs of:

- the header search by a whole reference typed without hyphens, by part of a reference, by a
  surname alone ("partial name"), by a misspelt first name and surname, by a date of birth;
- the Contacts page's first page and a late page (page ``--late-page``, or four fifths of the way).

It prints p50/p95/max of each (goal: p95 under 100 ms; the issue's full size is 200,000 contacts
and 1,000,000 people: ``--contacts 200000 --people 1000000``). Bounded by default.

    bench/workbench [--people 20000] [--contacts 20000] [--open 5000] [--requests 50]

Exits 1 when a page's p95 is 100 ms or more or a request fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time

from bench import screening as screening_bench
from bench._common import (
    DEFAULT_POSTGRES,
    free_port,
    gunicorn,
    gunicorn_version,
    server_env,
    setup_and_migrate,
    throwaway_database,
)
from bench.screening import Page, report_pages, time_pages

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _misspelt(rng: random.Random, name: str) -> str:
    """One letter changed, not the first (a typing slip; the matcher allows for it)."""
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name))
    return name[:i] + rng.choice([c for c in LETTERS if c != name[i].lower()]) + name[i + 1 :]


def load_people(n: int, seed: int) -> list[tuple[str, str, str]]:
    """The synthetic index, loaded with its keys; (given name, surname, date of birth) of each."""
    from bench.matching import load_index
    from bench.matching_data import synthetic_index_rows
    from frontdoor.demo import synthetic

    began = time.perf_counter()
    rows = synthetic_index_rows(synthetic.generate_population(n, seed))
    loaded = load_index(rows)
    from django.db import connection

    connection.ensure_connection()
    autocommit = connection.get_autocommit()
    connection.set_autocommit(True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.set_autocommit(autocommit)
    print(f"people: {loaded.people:,} with {loaded.keys:,} keys in {time.perf_counter() - began:.0f} s", flush=True)
    return [(r.given_name, r.surname, r.date_of_birth) for r in rows if r.surname and r.given_name]


def _whole_reference_in(url: str, body: bytes) -> bool:
    """The contact whose reference was typed (``fd7kq2x9pd``) is in the answer (as ``FD-7KQ2-X9PD``)."""
    code = url.rsplit("=", 1)[1].upper().removeprefix("FD")
    return f"FD-{code[:4]}-{code[4:]}".encode() in body


def _dob(text: str) -> str:
    day = dt.date.fromisoformat(text)
    return f"{day.day}/{day.month}/{day.year}"


def pages(open_refs: list[str], people: list[tuple[str, str, str]], contacts: int, late: int) -> list[Page]:
    search = "/staff/search/?q="
    born = [p for p in people if p[2]]
    return [
        Page(
            "search: whole reference, no hyphens",
            lambda r: search + r.choice(open_refs).replace("-", "").lower(),
            _whole_reference_in,
        ),
        Page("search: part of a reference", lambda r: search + r.choice(open_refs)[3:7].lower()),
        Page("search: surname only", lambda r: search + r.choice(people)[1]),
        Page(
            "search: misspelt first name and surname",
            lambda r: search + "+".join(_misspelt(r, n) for n in r.choice(people)[:2]),
        ),
        Page("search: date of birth", lambda r: search + _dob(r.choice(born)[2])),
        Page("contacts page: first page", lambda _r: "/staff/"),
        Page(f"contacts page: page {late}", lambda _r: f"/staff/?page={late}"),
    ]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/workbench", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=20_000, help="people in the person index")
    parser.add_argument("--contacts", type=int, default=20_000, help="contacts loaded")
    parser.add_argument("--open", type=int, default=5_000, help="of which open")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page kind")
    parser.add_argument("--warm", type=int, default=5, help="untimed requests per page kind first")
    parser.add_argument("--late-page", type=int, default=0, help="the Contacts page's late page (0: 4/5 of the way)")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn worker processes (requests are sequential)")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", DEFAULT_POSTGRES),
        help="PostgreSQL server (a throwaway database is made on it and dropped)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.open <= args.contacts or args.people < 100 or args.requests < 1:
        parser.error("need 0 < --open <= --contacts, --people of at least 100 and --requests of at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    env = server_env()
    with throwaway_database(args.postgres, "frontdoor_workbench_bench", env) as database:
        migrated, pg = setup_and_migrate()
        print(
            f"bench/workbench: {pg} (database {database}), {os.cpu_count()} CPUs; migrated in {migrated:.1f} s",
            flush=True,
        )
        staff, loaded = screening_bench.load(args.contacts, args.open, args.seed)
        screening_bench.describe_load(loaded)
        people = load_people(args.people, args.seed)
        del staff
        late = args.late_page or max(1, (args.contacts // 50) * 4 // 5)
        timed = pages(loaded.open_refs, people, args.contacts, late)
        port = free_port()
        with gunicorn(args, env, port):
            began = time.perf_counter()
            time_pages(port, timed, args.requests, args.warm, args.seed)
            print(
                f"\npages: gunicorn {gunicorn_version()}, {args.workers} {args.worker_class} worker(s), "
                f"FRONTDOOR_DEBUG=0; {args.warm} untimed then {args.requests} timed GETs per page kind, in turn, "
                f"in {time.perf_counter() - began:.0f} s",
                end="",
            )
        return 0 if report_pages(timed) else 1


if __name__ == "__main__":
    sys.exit(main())
