"""bench/returns: the CIN census export and Annex A for 200,000 children with full histories.

Loads, into a throwaway PostgreSQL database, children with complete pathways in the 2025/26
collection year (episodes, assessments with factors, strategy discussions, Section 47
enquiries, initial and review conferences, child protection plans, CIN plans, closures, and
an older closed episode with a plan for some), by COPY. Then, in a fresh process each time so
that its peak memory is its own, it times the census export (`export_census`, streamed XML)
and the Annex A workbook (`write_workbook`, openpyxl write-only), first at --checkpoint
children and again at --children, and prints wall time, the exporting process's peak
resident memory (getrusage ru_maxrss) and the file sizes: memory must not grow with the
number of children.

    bench/returns [--children 200000] [--checkpoint 50000] [--seed 6]

Contacts are not loaded (bench/screening measures them): Annex A lists 1 and 2 are empty
here, lists 3 to 5 hold one row per referral, assessment and enquiry.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._common import DEFAULT_POSTGRES, ROOT, setup_and_migrate, throwaway_database

YEAR = 2026
START, END = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
MEMORY_GROWTH_LIMIT = 1.5  # the 200,000-child export may use at most 1.5 times the 50,000-child one


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


class Loader:
    """Rows for each table, with ids given here so that the rows can refer to each other."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.ids: dict[str, int] = {}
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def add(self, table: str, row: dict[str, Any]) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        new_id = self.ids[table]
        row["id"] = new_id
        self.rows.setdefault(table, []).append(row)
        return new_id

    def child(self, worker: int, team: int) -> None:
        rng = self.rng
        born = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(17 * 365))
        person = self.add(
            "person",
            {
                "kind": "child",
                "given_name": f"Child{self.ids.get('person', 0) + 1}",
                "surname": "Bench",
                "sex": rng.choice(["male", "female"]),
                "date_of_birth": born,
            },
        )
        self.add(
            "details",
            {
                "person_id": person,
                "ethnicity": rng.choice(["WBRI", "MWBC", "AIND", "BAFR", "WOTH"]),
                "disabilities": json.dumps(rng.choice([["NONE"], ["LD"], ["NONE"], ["AUT", "COMM"]])),
                "upn_unknown": "UN5",
            },
        )
        if rng.random() < 0.2:  # an older closed episode, with a plan: NumberOfPreviousCPP 1
            old = self.add("episode", self._episode(person, dt.date(2023, 2, 1), worker, team, dt.date(2023, 12, 1)))
            self.add(
                "cpplan",
                {
                    "episode_id": old,
                    "started_on": dt.date(2023, 3, 1),
                    "ended_on": dt.date(2023, 12, 1),
                    "initial_category": "NEG",
                    "latest_category": "NEG",
                },
            )
        referred = _weekday(START + dt.timedelta(days=rng.randrange(350)))
        closed = _weekday(referred + dt.timedelta(days=120)) if rng.random() < 0.5 else None
        if closed and closed > END:
            closed = None
        episode = self.add("episode", self._episode(person, referred, worker, team, closed))
        started = _weekday(referred + dt.timedelta(days=1))
        authorised = _weekday(referred + dt.timedelta(days=30))
        done = authorised <= END
        due = referred + dt.timedelta(days=63)
        self.add(
            "assessment",
            {
                "episode_id": episode,
                "started_on": started,
                "due_on": due,
                "child_seen_on": started,
                "completed_on": authorised if done else None,
                "authorised_on": authorised if done else None,
                "factors": json.dumps(["3B", "16A"] if done else []),
            },
        )
        if rng.random() < 0.3 and started <= END:
            held = dt.datetime.combine(started, dt.time(10), tzinfo=dt.UTC)
            sd = self.add(
                "strategy",
                {
                    "episode_id": episode,
                    "held_at": held,
                    "outcome": "s47",
                    "recorded_by_id": worker,
                    "participants": "[]",
                    "notes": "",
                    "recorded_at": held,
                },
            )
            target = _weekday(started + dt.timedelta(days=21))
            icpc = _weekday(started + dt.timedelta(days=14)) if rng.random() < 0.7 else None
            if icpc and icpc > END:
                icpc = None
            s47 = self.add(
                "s47",
                {
                    "episode_id": episode,
                    "strategy_discussion_id": sd,
                    "started_on": started,
                    "completed_on": icpc or target,
                    "icpc_required": icpc is not None,
                    "icpc_target": target,
                    "notes": "",
                    "outcome": "substantiated_icpc" if icpc else "not_substantiated",
                },
            )
            if icpc:
                self.add(
                    "conference",
                    {
                        "episode_id": episode,
                        "kind": "initial",
                        "held_on": icpc,
                        "section47_id": s47,
                        "plan_id": None,
                        "outcome": "plan",
                        "due_on": target,
                        "notes": "",
                    },
                )
                plan = self.add(
                    "cpplan",
                    {
                        "episode_id": episode,
                        "started_on": icpc,
                        "ended_on": None,
                        "initial_category": "NEG",
                        "latest_category": "EMO",
                    },
                )
                review = _weekday(icpc + dt.timedelta(days=84))
                if review <= END and (closed is None or review <= closed):
                    self.add(
                        "conference",
                        {
                            "episode_id": episode,
                            "kind": "review",
                            "held_on": review,
                            "section47_id": None,
                            "plan_id": plan,
                            "outcome": "plan_continues",
                            "due_on": review,
                            "notes": "",
                        },
                    )
                if closed:
                    self.rows["cpplan"][-1]["ended_on"] = closed
        elif done and rng.random() < 0.5:
            plan_start = _weekday(authorised + dt.timedelta(days=1))
            if plan_start <= END:
                self.add(
                    "cinplan",
                    {
                        "episode_id": episode,
                        "started_on": plan_start,
                        "ended_on": closed if closed and closed >= plan_start else None,
                    },
                )

    def _episode(
        self, person: int, referred: dt.date, worker: int, team: int, closed: dt.date | None
    ) -> dict[str, Any]:
        return {
            "child_id": person,
            "referral_id": None,
            "referral_date": referred,
            "referral_source": "2A",
            "primary_need": "N1",
            "team_id": team,
            "allocated_worker_id": worker,
            "closed_on": closed,
            "closure_reason": "RC7" if closed else "",
            "closed_by_id": None,
            "referral_nfa": False,
            "created_at": dt.datetime.combine(referred, dt.time(9), tzinfo=dt.UTC),
        }


def _tables() -> dict[str, Any]:
    from frontdoor.pathway import models as m
    from frontdoor.people.models import Person

    return {
        "person": Person,
        "details": m.ChildDetails,
        "episode": m.Episode,
        "assessment": m.Assessment,
        "strategy": m.StrategyDiscussion,
        "s47": m.Section47,
        "cpplan": m.ChildProtectionPlan,
        "conference": m.Conference,
        "cinplan": m.CINPlan,
    }


def copy_rows(loader: Loader) -> dict[str, int]:
    """COPY every table's rows (each column the model has: unset ones get the field's default)."""
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        raw = cursor.connection
        for key, model in _tables().items():
            rows = loader.rows.get(key, [])
            fields = model._meta.concrete_fields
            columns = [f.column for f in fields]
            defaults = {f.column: f.get_default() for f in fields}
            for f in fields:
                if f.get_internal_type() == "JSONField":
                    defaults[f.column] = json.dumps(defaults[f.column])
            table = model._meta.db_table
            with (
                raw.cursor() as cur,
                cur.copy(f'COPY "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN') as copy,
            ):  # noqa: E501
                for row in rows:
                    copy.write_row([row[c] if c in row else defaults[c] for c in columns])
            last = max(1, loader.ids.get(key, 0))
            with raw.cursor() as cur:
                cur.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), {last})")
            counts[table] = len(rows)
            loader.rows[key] = []  # the rows are in the database now
    return counts


def load(children: int, worker: int, team: int, loader: Loader, batch: int = 10_000) -> tuple[float, dict[str, int]]:
    """Generate and COPY ``children`` more children, ``batch`` at a time (memory stays small)."""
    began = time.perf_counter()
    counts: dict[str, int] = {}
    for first in range(0, children, batch):
        for _ in range(min(batch, children - first)):
            loader.child(worker, team)
        for table, n in copy_rows(loader).items():
            counts[table] = counts.get(table, 0) + n
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - began, counts


def export_in_child(what: str, out: Path) -> dict[str, Any]:
    """Run one export in a new process (its peak memory is then its own) and return its figures."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.returns", "export", what, str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=os.environ.copy(),
    )
    if done.returncode != 0:
        raise RuntimeError(f"the {what} export failed:\n{done.stderr[-3000:]}")
    if os.environ.get("BENCH_PROFILE"):
        print(done.stderr[-12000:], file=sys.stderr)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def export_here(what: str, out: Path) -> None:
    """The child process: set up Django, export, print seconds, peak memory and what was written."""
    import django

    django.setup()
    profile = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    began = time.perf_counter()
    if what == "census":
        from frontdoor.returns.exports import export_census

        summary = export_census(YEAR, out)
        written: Any = {"children": summary.children, "problems": summary.problems}
    else:
        from frontdoor.returns.annex_a import write_workbook

        written = write_workbook(YEAR, out)
    seconds = time.perf_counter() - began
    if profile is not None:
        import pstats

        profile.disable()
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "bytes": out.stat().st_size, "written": written}))


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/returns", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--children", type=int, default=200_000, help="children with a 2025/26 episode in the end")
    parser.add_argument("--checkpoint", type=int, default=50_000, help="children at the first measurement")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", DEFAULT_POSTGRES),
        help="PostgreSQL server (a throwaway database is made on it and dropped)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.checkpoint <= args.children:
        parser.error("need 0 < --checkpoint <= --children")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["export"]:
        export_here(argv[1], Path(argv[2]))
        return 0
    args = _parse(argv)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "frontdoor.settings",
        "FRONTDOOR_LOG_LEVEL": "WARNING",
        "FRONTDOOR_DEBUG": "0",
        "FRONTDOOR_SECRET_KEY": "bench-returns-not-secret",
    }
    with throwaway_database(args.postgres, "bench_returns", env) as database:
        return _run(args, database)


def _figures(label: str, result: dict[str, Any]) -> str:
    return (
        f"  {label:<28} {result['seconds']:7.1f} s   peak {result['peak_mb']:6.0f} MB   "
        f"file {result['bytes'] / 1e6:7.1f} MB   {result['written']}"
    )


def _run(args: argparse.Namespace, database: str) -> int:
    migrated, pg = setup_and_migrate()
    from frontdoor.accounts.models import Role, Team, User

    print(f"bench/returns: {pg} (database {database}), {os.cpu_count()} CPUs; migrated in {migrated:.1f} s", flush=True)
    team = Team.objects.create(name="Assessment Team", kind=Team.Kind.ASSESSMENT)
    worker = User.objects.create_user(username="bench-sw", role=Role.SOCIAL_WORKER, team=team)
    loader = Loader(args.seed)
    results: dict[int, dict[str, dict[str, Any]]] = {}
    loaded = 0
    with tempfile.TemporaryDirectory() as folder:
        for target in sorted({args.checkpoint, args.children}):
            seconds, counts = load(target - loaded, worker.pk, team.pk, loader)
            loaded = target
            print(
                f"Loaded {target:,} children in total ({seconds:.1f} s for this step: "
                f"{', '.join(f'{k} {v:,}' for k, v in counts.items())} rows)",
                flush=True,
            )
            census = export_in_child("census", Path(folder) / f"census-{target}.xml")
            annex = export_in_child("annex_a", Path(folder) / f"annex-{target}.xlsx")
            results[target] = {"census": census, "annex_a": annex}
            print(f"{target:,} children:")
            print(_figures("CIN census XML", census))
            print(_figures("Annex A workbook (lists 1-5)", annex), flush=True)
    good = True
    if args.checkpoint < args.children:
        for what in ("census", "annex_a"):
            small, big = results[args.checkpoint][what]["peak_mb"], results[args.children][what]["peak_mb"]
            ratio = big / small
            ok = ratio <= MEMORY_GROWTH_LIMIT
            good &= ok
            print(
                f"Peak memory of the {what} export: {small:.0f} MB at {args.checkpoint:,} children, {big:.0f} MB at "
                f"{args.children:,} ({ratio:.2f}x; goal at most {MEMORY_GROWTH_LIMIT}x): {'met' if ok else 'MISSED'}"
            )
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
