"""bench/audit: staff page reads per second with read auditing on, and off.

Every staff page that shows a record writes an audit entry (SEC-2), keyed and sealed later
(SEC-6, docs/decisions/0018). This measures what that costs. On a fresh PostgreSQL database
with a few hundred contacts, two gunicorn servers run side by side on the same database: one
as in production, the other with the access middleware's audit write turned into a no-op
(a gunicorn hook in this file patches it in that server's workers only; the service itself
has no switch to turn read auditing off). Concurrent clients, signed in through the real
sign-in pages as a screener (password and TOTP code), GET random contact pages, in ABBA
blocks (on, off, off, on) so both servers see the same machine. Prints reads per second,
p50/p95 and server CPU per read for each, and the ratio (goal: audited at least 0.8 of the
unaudited rate); then checks that the audited server wrote one entry per read and the other none.

    bench/audit [--contacts 300] [--requests 600] [--concurrency 10] [--workers 3] [--rounds 2]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench._common import (
    DEFAULT_POSTGRES,
    Browser,
    free_port,
    gunicorn,
    gunicorn_version,
    percentile,
    server_env,
    setup_and_migrate,
    throwaway_database,
)

GOAL_RATIO = 0.8
SCREENER = "bench-reader"
READ_ACTION = "contact.viewed"


# The gunicorn hook of the unaudited server (loaded with `-c bench/audit.py`) -------------------


def post_worker_init(worker: Any) -> None:
    """In this server's workers only: the access middleware still checks access, but writes no read entry."""
    from frontdoor.access.middleware import AccessMiddleware

    AccessMiddleware._write = staticmethod(lambda request, rule, record: None)  # type: ignore[method-assign]


# Data -------------------------------------------------------------------------------------------


def _load(contacts: int) -> list[str]:
    """A screener (signed in with bench/screening's password) and contacts made by the intake service."""
    from bench.screening import PASSWORD
    from frontdoor.accounts.models import Role
    from tests.factories import make_contact, staff

    user = staff(Role.SCREENING_SOCIAL_WORKER, SCREENER)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return [make_contact().reference for _ in range(contacts)]


def _sign_in(port: int) -> Browser:
    from bench.screening import sign_in

    return sign_in(port, SCREENER)


# Timing -----------------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0

    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else math.nan

    def cpu_ms(self) -> float:
        return self.cpu / len(self.latencies) * 1000 if self.latencies else math.nan


def _server_cpu(pid: int) -> float:
    from bench.intake import _cpu_seconds

    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            found = _cpu_seconds(int(entry.name))
            if found is not None and found[0] == pid:
                total += found[1]
    return total


def _block(phase: Phase, port: int, pid: int, cookies: dict[str, str], refs: list[str], n: int, clients: int) -> None:
    jobs = list(range(n))
    lock = threading.Lock()
    rng = random.Random(n * port)

    def client() -> None:
        browser = Browser(port)
        browser.cookies = dict(cookies)
        while True:
            with lock:
                if not jobs:
                    break
                jobs.pop()
                url = f"/staff/contacts/{rng.choice(refs)}/"
            began = time.perf_counter()
            try:
                status, _, body = browser.request("GET", url)
            except OSError as error:
                status, body = 0, str(error).encode()
                browser.close()
            ms = (time.perf_counter() - began) * 1000
            with lock:
                if status == 200 and url.split("/")[3].encode() in body:
                    phase.latencies.append(ms)
                else:
                    phase.failures.append(f"{status} {url} {body[:120]!r}")
        browser.close()

    cpu, began = _server_cpu(pid), time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.seconds += time.perf_counter() - began
    phase.cpu += _server_cpu(pid) - cpu


# The run ----------------------------------------------------------------------------------------


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/audit", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--contacts", type=int, default=300, help="contacts in the database")
    parser.add_argument("--requests", type=int, default=600, help="timed page reads on each server")
    parser.add_argument("--concurrency", type=int, default=10, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers per server")
    parser.add_argument("--rounds", type=int, default=2, help="ABBA blocks: on, off, off, on, ...")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", DEFAULT_POSTGRES),
        help="PostgreSQL server (a throwaway database is made on it and dropped)",
    )
    args = parser.parse_args(argv)
    if min(args.contacts, args.concurrency, args.workers, args.rounds) < 1 or args.requests < 2 * args.rounds:
        parser.error("need positive sizes and --requests of at least 2 x rounds")
    args.worker_class, args.threads = "sync", 1
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    env = server_env()
    with throwaway_database(args.postgres, "frontdoor_bench_audit", env) as database:
        return _run(args, env, database)


def _run(args: argparse.Namespace, env: dict[str, str], database: str) -> int:
    migrated, pg_version = setup_and_migrate()
    began = time.perf_counter()
    refs = _load(args.contacts)
    loaded = time.perf_counter() - began
    from frontdoor.audit.models import AuditEntry

    on_port, off_port = free_port(), free_port()
    with gunicorn(args, env, on_port) as on_server:
        off_args = argparse.Namespace(**vars(args), config=str(Path(__file__).resolve()))  # its post_worker_init
        with gunicorn(off_args, env, off_port) as off_server:
            cookies = _sign_in(on_port).cookies
            on, off = Phase("audited"), Phase("not audited")
            servers = {"audited": (on, on_port, on_server.pid), "not audited": (off, off_port, off_server.pid)}
            warm = Phase("warm-up")
            for _phase, port, pid in servers.values():
                _block(warm, port, pid, cookies, refs, 4 * args.concurrency, args.concurrency)
            before = AuditEntry.objects.filter(action=READ_ACTION).count()
            per_block = args.requests // args.rounds
            order: list[str] = []
            for i in range(args.rounds):
                order += ["audited", "not audited"] if i % 2 == 0 else ["not audited", "audited"]
            blocks = []
            for name in order:
                phase, port, pid = servers[name]
                block = Phase(name)
                _block(block, port, pid, cookies, refs, per_block, args.concurrency)
                blocks.append(f"{name} {block.rate():.0f}/s")
                phase.latencies += block.latencies
                phase.failures += block.failures
                phase.seconds += block.seconds
                phase.cpu += block.cpu
            written = AuditEntry.objects.filter(action=READ_ACTION).count() - before

    print(
        f"bench/audit: gunicorn {gunicorn_version()}, 2 servers of {args.workers} sync worker(s) on one database, "
        f"{pg_version} (database {database}), {os.cpu_count()} CPUs, {args.concurrency} concurrent clients"
    )
    print(
        f"setup: migrated in {migrated:.1f} s; {len(refs)} contacts loaded in {loaded:.1f} s; "
        f"warm-up {len(warm.latencies)} reads ({len(warm.failures)} failures), not counted"
    )
    print("blocks: " + ", ".join(blocks))
    print()
    print(
        f"{'staff contact page reads':28}{'reads':>7}{'failures':>9}{'reads/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'server CPU ms/read':>20}"
    )
    for phase in (on, off):
        print(
            f"{phase.name:28}{len(phase.latencies):7d}{len(phase.failures):9d}{phase.rate():9.1f}"
            f"{percentile(phase.latencies, 0.5):9.1f}{percentile(phase.latencies, 0.95):9.1f}{phase.cpu_ms():20.2f}"
        )
    ratio = on.rate() / off.rate() if off.rate() else math.nan
    print()
    verdict = "met" if ratio >= GOAL_RATIO else "MISSED"
    print(f"ratio audited/not audited: {ratio:.2f} (goal >= {GOAL_RATIO}: {verdict})")
    print(
        f"read entries written: {written} for {len(on.latencies)} audited reads "
        f"({'ok' if written == len(on.latencies) else 'WRONG'}); the unaudited server wrote none"
    )
    for phase in (on, off):
        for problem in phase.failures[:10]:
            print(f"  failure ({phase.name}): {problem}")
    ok = written == len(on.latencies) and not (on.failures or off.failures)
    return 0 if ok and ratio >= GOAL_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
