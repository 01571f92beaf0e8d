"""bench/api: contacts per second submitted through the partner API (POST /api/v1/contacts).

Measures, through the real HTTP stack under gunicorn on a fresh PostgreSQL database, a partner
system's submission of a complete contact (one child, one parent, the school's details; its
acknowledgement queued in the outbox), each with its own Idempotency-Key, at 20 concurrent
clients, side by side with the same server's minimal one-row view (frontdoor/bench_views.py),
in ABBA blocks. Prints both throughputs, their ratio and p50/p95 latency, then checks in the
database that every successful request made exactly one contact of that organisation, and
that a retry of an idempotency key made none.

    bench/api [--requests 400] [--concurrency 20] [--workers 5] [--rounds 2]
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from bench._common import (
    DEFAULT_POSTGRES,
    free_port,
    gunicorn,
    gunicorn_version,
    percentile,
    server_env,
    setup_and_migrate,
    throwaway_database,
)

API_URL = "/api/v1/contacts"
ONE_ROW_URL = "/bench/one-row/"


def _contact() -> dict[str, Any]:
    from tests.partners.conftest import school_contact

    return school_contact()


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def ms(self, p: float) -> float:
        return percentile(self.latencies, p) * 1000

    def add(self, other: Phase) -> None:
        self.latencies += other.latencies
        self.failures += other.failures
        self.elapsed += other.elapsed


class Client:
    """One keep-alive connection, with the partner's token."""

    def __init__(self, port: int, token: str) -> None:
        self.port, self.token = port, token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Content-Type": "application/json", **headers}
        for attempt in (1, 2):
            try:
                self.conn.request("POST", url, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                if response.will_close:
                    self.conn.close()
                return response.status, data
            except (ConnectionError, http.client.BadStatusLine):
                self.conn.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def submit(self, key: str, body: bytes) -> str | None:
        status, data = self.post(API_URL, body, {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key})
        return None if status == 201 else f"{status} {data[:200]!r}"

    def one_row(self, _: str, __: bytes) -> str | None:
        status, data = self.post(ONE_ROW_URL, b"", {})
        return None if status == 204 else f"{status} {data[:200]!r}"


def _run_phase(name: str, port: int, token: str, keys: list[str], body: bytes, concurrency: int) -> Phase:
    work: queue.SimpleQueue[str] = queue.SimpleQueue()
    for key in keys:
        work.put(key)
    results = [Phase(name) for _ in range(concurrency)]
    start = threading.Barrier(concurrency + 1)

    def run(result: Phase) -> None:
        client = Client(port, token)
        send = client.submit if name == "api" else client.one_row
        start.wait()
        while True:
            try:
                key = work.get_nowait()
            except queue.Empty:
                break
            began = time.perf_counter()
            try:
                problem = send(key, body)
            except Exception as error:  # count it, keep going
                problem = f"{type(error).__name__}: {error}"
            if problem is None:
                result.latencies.append(time.perf_counter() - began)
            else:
                result.failures.append(problem)
        client.conn.close()

    threads = [threading.Thread(target=run, args=(r,), daemon=True) for r in results]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    total = Phase(name, elapsed=time.perf_counter() - began)
    for r in results:
        total.add(r)
    return total


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/api", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=400, help="timed API submissions (and as many one-row writes)")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"], help="gunicorn worker class")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument("--rounds", type=int, default=2, help="blocks per kind, in the order one-row, API, API, ...")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", DEFAULT_POSTGRES))
    args = parser.parse_args(argv)
    if args.requests < 2 * args.rounds or args.concurrency < 1:
        parser.error("need --requests of at least 2 x rounds and --concurrency of at least 1")
    if args.worker_class == "sync":
        args.threads = 1
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    env = {**server_env(), "FRONTDOOR_BENCH_VIEWS": "1", "FRONTDOOR_API_RATE": "1000000/m"}
    with throwaway_database(args.postgres, "bench_api", env) as database:
        return _run(args, env, database)


def _run(args: argparse.Namespace, env: dict[str, str], database: str) -> int:
    migrated, pg_version = setup_and_migrate()
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    from frontdoor.accounts.models import Role, User
    from frontdoor.intake.models import Contact, OutboundEmail
    from frontdoor.partners import services
    from frontdoor.partners.models import PartnerSubmission

    admin = User.objects.create_user(username="bench-admin", password=None, role=Role.ADMINISTRATOR)
    organisation = services.create_organisation(
        actor=admin, name="Bench Primary School", organisation_type="school", contact_email="it@bench.example"
    )
    token = services.issue_token(
        organisation, actor=admin, name="bench", scopes=["contacts:write", "contacts:read"]
    ).secret
    body = json.dumps(_contact()).encode()
    port = free_port()
    per_block = args.requests // args.rounds
    print(
        f"bench/api: {pg_version}, database {database} (migrated in {migrated:.1f} s), gunicorn "
        f"{gunicorn_version()} {args.workers} x {args.worker_class} on port {port}, {args.concurrency} clients, "
        f"{per_block * args.rounds} API submissions and as many one-row writes in {args.rounds} ABBA rounds"
    )
    totals = {"api": Phase("api"), "one_row": Phase("one_row")}
    with gunicorn(args, env, port):
        # Warm up: every worker imports, connects and answers both kinds once or more.
        _run_phase(
            "api", port, token, [f"warm-{uuid.uuid4()}" for _ in range(args.concurrency)], body, args.concurrency
        )
        _run_phase("one_row", port, token, ["-"] * args.concurrency, b"", args.concurrency)
        warm_contacts = Contact.objects.count()
        order = ["one_row", "api", "api", "one_row"] * math.ceil(args.rounds / 2)
        keys_made: list[str] = []
        for name in order[: 2 * args.rounds]:
            keys = [str(uuid.uuid4()) for _ in range(per_block)] if name == "api" else ["-"] * per_block
            if name == "api":
                keys_made += keys
            totals[name].add(_run_phase(name, port, token, keys, body, args.concurrency))
        # A retry of every tenth key: answered from the first result, no new contact (INT-15).
        retry = Client(port, token)
        retried = [retry.submit(key, body) for key in keys_made[::10]]
        retry.conn.close()

    api, one = totals["api"], totals["one_row"]
    for phase, label in ((one, "minimal one-row view"), (api, "API contact submission")):
        print(
            f"  {label:<26} {phase.rate():8.1f} /s   p50 {phase.ms(0.5):7.1f} ms   p95 {phase.ms(0.95):7.1f} ms   "
            f"ok {len(phase.latencies)}, failed {len(phase.failures)}"
        )
    ratio = api.rate() / one.rate() if one.rate() else math.nan
    print(f"  ratio API / one-row: {ratio:.2f}")
    made = Contact.objects.count() - warm_contacts
    submitted = PartnerSubmission.objects.filter(organisation=organisation).count() - warm_contacts
    acks = OutboundEmail.objects.filter(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT).count() - warm_contacts
    ok = (
        made == len(api.latencies) == submitted == acks
        and not api.failures
        and not one.failures
        and all(r is None for r in retried)
    )
    print(
        f"  check: {made} contacts made for {len(api.latencies)} successful submissions, {submitted} recorded as "
        f"the organisation's, {acks} acknowledgements queued; {len(retried)} idempotent retries, "
        f"{sum(r is not None for r in retried)} refused, no new contact: {'OK' if ok else 'FAILED'}"
    )
    for problem in (api.failures + one.failures)[:5]:
        print(f"  failure: {problem}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
