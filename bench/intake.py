"""bench/intake: submissions per second of the request that commits a complete contact.

Measures, through the real HTTP stack under gunicorn on a fresh PostgreSQL database, the
POST of the check-your-answers page that commits a complete contact (three children, five
other people, an attachment, the acknowledgement in the outbox), at 20 concurrent referrers,
side by side with a minimal view on the same server that writes one row
(frontdoor/bench_views.py). Prints both throughputs, their ratio and p50/p95 latency, then
checks in the database that every successful request committed everything.

    bench/intake [--requests 400] [--concurrency 20] [--workers 5] [--worker-class sync]

Nothing here is timed except the submissions and the one-row writes. One journey is answered
through the real pages (danger ... documents ... check); the others are copies of its session
(Journey.save's shape, read back from the session table) with a new journey key and their own
uploaded PDF, written straight to the session store, because answering several hundred
journeys page by page would take longer than the measurement itself.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import io
import math
import os
import pstats
import queue
import re
import secrets
import sys
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench._common import (
    DEFAULT_POSTGRES,
    Browser,
    free_port,
    gunicorn,
    gunicorn_version,
    server_env,
    setup_and_migrate,
    throwaway_database,
)

CONFIRMATION = re.compile(r"^/sent/FD-[0-9A-Z]{4}-[0-9A-Z]{4}/$")
CHECK_URL = "/report/check/"
ONE_ROW_URL = "/bench/one-row/"

GOAL_RATIO = 0.5
GOAL_P95_MS = 150.0


# The answers ------------------------------------------------------------------------------


def _pages() -> dict[str, dict[str, Any]]:
    from tests.intake.answers import PROFESSIONAL_SCHOOL

    return PROFESSIONAL_SCHOOL  # a school's DSL: referrer email given, hub consulted (not returned)


def _children() -> list[dict[str, Any]]:
    from tests.intake.answers import CHILD_NAMED

    sister = {
        **CHILD_NAMED,
        "given_names": "Amber",
        "date_of_birth-year": "2016",
        "sex": "female",
        "nhs_number": "",
        "school": "Northtown Academy",
    }
    brother = {
        **CHILD_NAMED,
        "given_names": "Leo",
        "date_of_birth-day": "12",
        "date_of_birth-year": "2022",
        "nhs_number": "",
        "school": "Little Acorns Nursery",
    }
    return [CHILD_NAMED, sister, brother]


def _people() -> list[dict[str, Any]]:
    from tests.intake.answers import PARENT

    return [
        PARENT,
        {
            "role": "household",
            "given_names": "Gary",
            "family_name": "Hughes",
            "relationship_to_child": "Mum's partner",
            "lives_with_child": "yes",
            "age_description": "about 35",
        },
        {
            "role": "alleged_perpetrator",
            "given_names": "Dean",
            "family_name": "Price",
            "relationship_to_child": "Family friend",
            "description": "Visits most weekends, drives a white van",
        },
        {
            "role": "extended_family",
            "given_names": "Maureen",
            "family_name": "Smith",
            "relationship_to_child": "Grandmother",
            "address": "3 Oak Close, Northtown",
            "postcode": "ns1 2ab",
        },
        {
            "role": "other",
            "given_names": "Priya",
            "family_name": "Patel",
            "relationship_to_child": "Neighbour",
            "description": "Lives next door and has seen the children alone at night",
        },
    ]


def _pdf() -> bytes:
    """A small real PDF (a scanned-letter stand-in), a few KB."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_compression(False)
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for i in range(40):
        pdf.cell(0, 6, f"Line {i + 1}: Jayden arrived without breakfast again and said there was no food at home.")
        pdf.ln()
    return bytes(pdf.output())


def _answer_through_pages(port: int, pdf: bytes) -> tuple[str, str]:
    """One complete journey through the real pages, as a referrer's browser would; (session key, journey key)."""
    browser = Browser(port)

    def ok(url: str, data: dict[str, Any]) -> None:
        status, headers, body = browser.post_form(url, data)
        if status != 302:
            errors = re.findall(rb'<a href="#[^"]*">([^<]+)</a>', body.split(b"govuk-error-summary", 1)[-1])[:5]
            raise RuntimeError(f"POST {url} answered {status}, not 302: {[e.decode() for e in errors]} {data}")

    pages = _pages()
    status, _, _ = browser.request("GET", "/report/danger/")
    assert status == 200 and "csrftoken" in browser.cookies, (status, browser.cookies)
    for slug in ("danger", "about-you", "your-details", "request-type", "hub"):
        ok(f"/report/{slug}/", pages[slug])
    for child in _children():
        ok("/report/children/new/", child)
    for person in _people():
        ok("/report/people/new/", person)
    for slug in ("concern", "family", "parents"):
        ok(f"/report/{slug}/", pages[slug])
    if browser.post_file("/report/documents/", "document", "letter.pdf", pdf, "application/pdf") != 302:
        raise RuntimeError("the PDF upload was refused")
    status, _, body = browser.request("GET", CHECK_URL)
    match = re.search(rb'name="submission_key" value="([0-9a-f-]{36})"', body)
    if status != 200 or match is None:
        raise RuntimeError(f"check-your-answers answered {status} without a submission key")
    browser.close()
    return browser.cookies["sessionid"], match.group(1).decode()


# Prepared referrers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Referrer:
    session_key: str
    journey_key: str
    csrf: str


def _clone_journeys(template_session_key: str, n: int, pdf: bytes) -> list[Referrer]:
    """n copies of a complete journey's session, each with its own key and its own uploaded PDF."""
    import hashlib
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from frontdoor.intake.models import Attachment

    store = SessionStore()
    template = store.decode(Session.objects.get(session_key=template_session_key).session_data)
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    sessions, attachments, referrers = [], [], []
    digest = hashlib.sha256(pdf).hexdigest()
    for _ in range(n):
        data = copy.deepcopy(template)
        key = str(uuid.uuid4())
        data["journey:public"].update(key=key, started_at=timezone.now().isoformat())
        session_key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        sessions.append(Session(session_key=session_key, session_data=store.encode(data), expire_date=expires))
        attachments.append(
            Attachment(
                journey_key=uuid.UUID(key),
                filename="letter.pdf",
                content_type="application/pdf",
                size=len(pdf),
                sha256=digest,
                data=pdf,
            )
        )
        # Django accepts the 32-character secret itself as the form token (the cookie holds it unmasked).
        referrers.append(Referrer(session_key, key, get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)))
    Session.objects.bulk_create(sessions, batch_size=500)
    Attachment.objects.bulk_create(attachments, batch_size=200)
    return referrers


# The timed part --------------------------------------------------------------------------------


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    failures: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)  # seconds of CPU: server, postgres, client

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def requests(self) -> int:
        return self.ok + len(self.failures)

    def rate(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(p * len(ordered)) - 1)] * 1000

    def add(self, other: Phase) -> None:
        self.latencies += other.latencies
        self.failures += other.failures
        self.elapsed += other.elapsed
        for k, v in other.cpu.items():
            self.cpu[k] = self.cpu.get(k, 0.0) + v

    def cpu_ms(self, part: str) -> float:
        return self.cpu.get(part, math.nan) / self.requests * 1000 if self.requests else math.nan


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> tuple[int, float] | None:
    """(parent pid, user + system CPU seconds) of a process, from /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


@dataclass
class Meter:
    """CPU used by the gunicorn workers, by this database's PostgreSQL backends and by this process."""

    server_pid: int
    database: str

    def snapshot(self) -> dict[str, float]:
        from django.db import connection

        server = 0.0
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                found = _cpu_seconds(int(entry.name))
                if found is not None and found[0] == self.server_pid:
                    server += found[1]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [self.database]
            )
            backends = [row[0] for row in cursor.fetchall()]
        postgres = sum(found[1] for pid in backends if (found := _cpu_seconds(pid)) is not None)
        return {"server": server, "postgres": postgres, "client": time.process_time()}


def _submit(browser: Browser, referrer: Referrer) -> str | None:
    browser.cookies = {"sessionid": referrer.session_key, "csrftoken": referrer.csrf}
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": referrer.csrf, "submission_key": referrer.journey_key})
    status, headers, data = browser.request("POST", CHECK_URL, body.encode())
    location = headers.get("location", "")
    if status == 302 and CONFIRMATION.match(location):
        return None
    return f"{status} {location or data[:200]!r}"


def _one_row(browser: Browser, _: object) -> str | None:
    browser.cookies = {}
    status, _headers, data = browser.request("POST", ONE_ROW_URL)
    return None if status == 204 else f"{status} {data[:200]!r}"


def _run_phase(name: str, port: int, jobs: list[Any], concurrency: int, meter: Meter) -> Phase:
    """Each of `concurrency` clients takes the next job until none are left; every request is timed."""
    work: queue.SimpleQueue[Any] = queue.SimpleQueue()
    for job in jobs:
        work.put(job)
    send = _submit if name == "full" else _one_row
    results = [Phase(name) for _ in range(concurrency)]
    start = threading.Barrier(concurrency + 1)

    def client(result: Phase) -> None:
        browser = Browser(port)
        start.wait()
        while True:
            try:
                job = work.get_nowait()
            except queue.Empty:
                break
            began = time.perf_counter()
            try:
                problem = send(browser, job)
            except Exception as error:  # count it, keep going
                problem = f"{type(error).__name__}: {error}"
                browser.close()
            if problem is None:
                result.latencies.append(time.perf_counter() - began)
            else:
                result.failures.append(problem)
        browser.close()

    threads = [threading.Thread(target=client, args=(r,), daemon=True) for r in results]
    for t in threads:
        t.start()
    before = meter.snapshot()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    total = Phase(name, elapsed=time.perf_counter() - began)
    after = meter.snapshot()
    total.cpu = {k: after[k] - before[k] for k in before}
    for r in results:
        total.latencies += r.latencies
        total.failures += r.failures
    return total


# In-process: query count and profile ---------------------------------------------------------


def _in_process_submit(referrer: Referrer) -> int:
    from django.test import Client

    client = Client()
    client.cookies["sessionid"] = referrer.session_key
    response = client.post(CHECK_URL, {"submission_key": referrer.journey_key})
    return response.status_code


def _count_queries(referrer: Referrer) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        status = _in_process_submit(referrer)
    if status != 302:
        raise RuntimeError(f"in-process submission answered {status}")
    return [q["sql"] for q in captured.captured_queries]


def _profile(referrers: list[Referrer]) -> None:
    """Where one submission's time goes, with nothing else running: database round trips, then Python."""
    from django.db import connection

    half = len(referrers) // 2
    waited = [0.0]

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            waited[0] += time.perf_counter() - began

    wall, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(timed):
        for referrer in referrers[:half]:
            _in_process_submit(referrer)
    wall, cpu = (time.perf_counter() - wall) / half * 1000, (time.process_time() - cpu) / half * 1000
    db = waited[0] / half * 1000
    print(
        f"\nprofile: {half} submissions in-process (test client, one at a time, server stopped): {wall:.1f} ms each, "
        f"{cpu:.1f} ms of it CPU in Django's process, {db:.1f} ms inside cursor.execute (round trips, PostgreSQL "
        f"work, commits; includes psycopg's own CPU)"
    )
    # Timed by CPU (time.process_time), not the wall clock: on a shared machine the wall clock
    # mostly measures other people's load and PostgreSQL's commits; the CPU is what this request costs.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for referrer in referrers[half:]:
        _in_process_submit(referrer)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    print(f"(cProfile below counts CPU seconds of {len(referrers) - half} submissions)")
    ours = r"frontdoor|django/(db|template|core/handlers|contrib|middleware)|ratelimit|otp|axes"
    stats.sort_stats("cumulative").print_stats(ours, 60)
    stats.sort_stats("cumulative").print_stats(r"/frontdoor/", 30)  # Front Door's own code only
    stats.sort_stats("tottime").print_stats(20)
    print(out.getvalue())


# The run ----------------------------------------------------------------------------------------


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/intake", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=400, help="timed full submissions (and as many one-row writes)")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"], help="gunicorn worker class")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread)")
    parser.add_argument(
        "--rounds", type=int, default=2, help="blocks per kind, in the order minimal, full, full, minimal, ... (ABBA)"
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", DEFAULT_POSTGRES),
        help="PostgreSQL server (a throwaway database is made on it and dropped)",
    )
    parser.add_argument("--show-queries", action="store_true", help="print the SQL of one submission")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="after the run, cProfile N submissions in-process and print where the time goes",
    )
    args = parser.parse_args(argv)
    if args.concurrency < 1 or args.workers < 1 or args.rounds < 1 or args.requests < 2 * args.rounds:
        parser.error("need --concurrency, --workers and --rounds of at least 1, and --requests of at least 2 x rounds")
    if args.worker_class == "sync":
        args.threads = 1
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    env = {**server_env(), "FRONTDOOR_BENCH_VIEWS": "1"}
    with throwaway_database(args.postgres, "frontdoor_bench", env) as database:
        return _run(args, env, database)


def _run(args: argparse.Namespace, env: dict[str, str], database: str) -> int:
    migrated, pg_version = setup_and_migrate()

    full_n, concurrency, rounds = args.requests, args.concurrency, max(1, args.rounds)
    warm_full = concurrency
    profile_n = max(0, args.profile)
    pdf = _pdf()
    port = free_port()
    with gunicorn(args, env, port) as server:
        meter = Meter(server.pid, database)
        began = time.perf_counter()
        template_session, first_key = _answer_through_pages(port, pdf)
        # The journey answered through the pages is itself one of the timed referrers.
        referrers = [Referrer(template_session, first_key, secrets.token_hex(16))]
        referrers += _clone_journeys(template_session, full_n + warm_full + 1 + profile_n - 1, pdf)
        prepared = time.perf_counter() - began

        query_referrer = referrers.pop()
        profile_referrers = [referrers.pop() for _ in range(profile_n)]
        warm_referrers = [referrers.pop() for _ in range(warm_full)]
        timed = referrers
        queries = _count_queries(query_referrer)

        # Warm up every worker (imports, templates, database connections); not counted.
        warm_min = _run_phase("minimal", port, [None] * (2 * concurrency), concurrency, meter)
        warm = _run_phase("full", port, warm_referrers, concurrency, meter)

        minimal, full = Phase("minimal"), Phase("full")
        blocks: list[Phase] = []
        per_block = [len(timed) * i // rounds for i in range(rounds + 1)]
        order = [("minimal", "full") if i % 2 == 0 else ("full", "minimal") for i in range(rounds)]
        for i, pair in enumerate(order):
            for kind in pair:
                if kind == "full":
                    block = _run_phase("full", port, timed[per_block[i] : per_block[i + 1]], concurrency, meter)
                    full.add(block)
                else:
                    block = _run_phase("minimal", port, [None] * (per_block[i + 1] - per_block[i]), concurrency, meter)
                    minimal.add(block)
                blocks.append(block)

    workers = f"{args.workers} {args.worker_class} worker(s)" + (
        f" x {args.threads} threads" if args.worker_class == "gthread" else ""
    )
    print(
        f"bench/intake: gunicorn {gunicorn_version()} with {workers} on 127.0.0.1:{port}, {pg_version} "
        f"(database {database}), {os.cpu_count()} CPUs, {concurrency} concurrent clients"
    )
    print(
        f"setup: migrated in {migrated:.1f} s; {len(timed) + warm_full + 1 + profile_n} journeys prepared in "
        f"{prepared:.1f} s (1 through the pages, the rest copied into the session store), each with "
        f"3 children, 5 other people, 1 PDF ({len(pdf)} bytes), referrer email"
    )
    print(f"queries in one full submission request (in-process, CaptureQueriesContext): {len(queries)}")
    if args.show_queries:
        for i, sql in enumerate(queries, 1):
            print(f"  {i:2d}. {sql[:110]}")
    print(
        f"warm-up (not counted): {warm_min.requests} one-row, {warm.requests} full "
        f"({len(warm_min.failures) + len(warm.failures)} failures)"
    )
    print("blocks: " + ", ".join(f"{b.name} {b.rate():.0f}/s" for b in blocks))
    print()
    print(f"{'':24}{'':>9}{'':>9}{'':>9}{'':>9}{'':>9}{'':>9}{'CPU ms per request':>28}")
    print(
        f"{'':24}{'requests':>9}{'failures':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
        f"{'gunicorn':>10}{'postgres':>9}{'client':>9}"
    )
    for phase, label in ((minimal, "minimal (one row)"), (full, "full submission")):
        print(
            f"{label:24}{phase.requests:9d}{len(phase.failures):9d}{phase.rate():9.1f}"
            f"{phase.percentile(0.5):9.1f}{phase.percentile(0.95):9.1f}{phase.percentile(1.0):9.1f}"
            f"{phase.cpu_ms('server'):10.1f}{phase.cpu_ms('postgres'):9.1f}{phase.cpu_ms('client'):9.1f}"
        )
    ratio = full.rate() / minimal.rate() if minimal.rate() else math.nan
    p95 = full.percentile(0.95)
    print()
    print(f"ratio full/minimal: {ratio:.2f} (goal >= {GOAL_RATIO}: {'met' if ratio >= GOAL_RATIO else 'MISSED'})")
    print(
        f"p95 full submission: {p95:.1f} ms (goal < {GOAL_P95_MS:.0f} ms: {'met' if p95 < GOAL_P95_MS else 'MISSED'})"
    )
    for phase in (warm_min, warm, minimal, full):
        for problem in phase.failures[:10]:
            print(f"  failure ({phase.name}): {problem}")

    ok = _verify(full.ok + warm.ok + 1, minimal.ok + warm_min.ok) and not (
        full.failures or minimal.failures or warm.failures or warm_min.failures
    )
    if profile_n:
        _profile(profile_referrers)
    return 0 if ok else 1


def _verify(submissions: int, one_rows: int) -> bool:
    """Everything each successful submission promised is in the database, and nothing more."""
    from django.db.models import Count

    from frontdoor.audit.actions import Action
    from frontdoor.audit.models import AuditEntry
    from frontdoor.intake.models import Attachment, Contact, ContactPerson, OutboundEmail

    contacts = Contact.objects.count()
    people = ContactPerson.objects.count()
    per_contact = set(Contact.objects.annotate(n=Count("people")).values_list("n", flat=True))
    linked = Attachment.objects.filter(contact__isnull=False).count()
    outbox = OutboundEmail.objects.filter(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT).count()
    audited = AuditEntry.objects.filter(action=Action.CONTACT_CREATED).count()
    rows = AuditEntry.objects.filter(action=Action.BENCH_ONE_ROW).count()
    try:
        from django_tasks_db.models import DBTaskResult

        tasks = DBTaskResult.objects.filter(task_path__endswith=".deliver_email").count()
        follow_ups = DBTaskResult.objects.filter(task_path__endswith=".follow_up_arrival").count()
    except ImportError:  # pragma: no cover
        tasks = follow_ups = submissions
    checks = [
        ("contacts", contacts, submissions),
        ("people", people, 8 * submissions),
        ("attachments linked", linked, submissions),
        ("acknowledgements in the outbox", outbox, submissions),
        ("delivery tasks enqueued", tasks, submissions),
        ("arrival follow-up tasks enqueued", follow_ups, submissions),
        ("contact.created audit entries", audited, submissions),
        ("one-row writes", rows, one_rows),
    ]
    print()
    print(f"database check (successful submissions including warm-up and in-process: {submissions}):")
    good = per_contact <= {8}
    for name, got, want in checks:
        good &= got == want
        print(f"  {name:34}{got:7d}  expected {want:6d}  {'ok' if got == want else 'MISMATCH'}")
    print(f"  people per contact: {sorted(per_contact)}  {'ok' if per_contact <= {8} else 'MISMATCH'}")
    return good


if __name__ == "__main__":
    sys.exit(main())
