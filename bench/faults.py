"""bench/faults: nothing accepted is lost, and nothing is done twice, while the service is
being broken (issue 5, INT-15, SEC-4, ACK-1).

Against a production server on a fresh PostgreSQL database (gunicorn and the task worker, as
scripts/run.sh runs them), 20 concurrent clients each send referrals through the real public
form, every one with a PDF attached, while at random moments

- the web server (gunicorn's master and workers) is killed with SIGKILL and started again,
- the task worker is killed with SIGKILL and started again,
- the loopback SMTP server (aiosmtpd, in this process) is stopped for a while,
- every connection to the database is cut (pg_terminate_backend on this database only: the
  machine's shared PostgreSQL server is never restarted), as a database restart does.

Clients retry as a person in a browser would, on the same journey: a page that fails is
loaded or sent again; before adding the child or the document again they look whether it is
already there; a send that failed is sent again from the same check-your-answers page.

Afterwards it checks in the database and the SMTP server's mailbox that every reference any
client was shown exists with its attachment, that every contact has exactly one
acknowledgement delivered (by Message-ID) and that no referral was stored twice, and prints
submitted, confirmed, stored, acknowledged, duplicates and lost. Exit status 1 when lost or
duplicates is not zero, or when a contact has no acknowledgement.

    bench/faults [--referrals 1000] [--concurrency 20] [--web-kills 4] [--worker-kills 4]
                 [--db-restarts 2] [--smtp-down-seconds 15] [--seed N]

The rate limits (SEC-3) are raised for the run (all clients share one address) and the
minimum-time spam check is off (the clients answer in well under its 15 s); both are said in
the output.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import psycopg

from bench._common import (
    DEFAULT_POSTGRES,
    ROOT,
    Browser,
    free_port,
    gunicorn_version,
    server_env,
    setup_and_migrate,
    throwaway_database,
)

CONFIRMATION = re.compile(r"/sent/(FD-[0-9A-Z]{4}-[0-9A-Z]{4})/$")
INTERRUPTED = b"There is a problem with what your browser sent"  # frontdoor/errors.py, for a 400
RETRY_FOR_SECONDS = 180.0  # how long a client keeps trying one page before giving up


# The service's processes ----------------------------------------------------------------------


class Process:
    """A command run in its own process group, so that SIGKILL takes all its processes at once."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_path: str) -> None:
        self.name, self.command, self.env = name, command, env
        self.log = open(log_path, "ab")  # noqa: SIM115 - kept open across restarts
        self.proc: subprocess.Popen[bytes] | None = None
        self.kills = 0

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.kills += 1

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def wait_for_web(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the web server did not answer within {timeout} s")


# A referrer -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    number: int
    filename: str
    submitted: bool = False
    reference: str = ""  # the reference the client was shown
    retries: int = 0
    error: str = ""


@dataclass
class Shared:
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: int = 0


class GaveUp(Exception):
    pass


class Referrer:
    """One person's browser, sending one referral through the real pages and retrying as a person would."""

    def __init__(self, port: int, outcome: Outcome, pdf: bytes, pages: dict[str, dict[str, Any]]) -> None:
        self.browser = Browser(port)
        self.browser.conn.timeout = 30
        self.outcome = outcome
        self.pdf = pdf
        self.pages = pages

    def _try(self, method: str, url: str, data: dict[str, Any] | None = None) -> tuple[int, dict[str, str], bytes]:
        """One request, again and again while the server is unreachable or answers 5xx."""
        deadline = time.monotonic() + RETRY_FOR_SECONDS
        delay = 0.2
        while True:
            try:
                if method == "GET":
                    status, headers, body = self.browser.request("GET", url)
                elif url.endswith("/documents/"):
                    status = self.browser.post_file(url, "document", self.outcome.filename, self.pdf, "application/pdf")
                    headers, body = {}, b""
                else:
                    status, headers, body = self.browser.post_form(url, data or {})
                # Django answers 400 when the session could not be saved (the database went away
                # mid-request); the page says to go back and try again, so the person does.
                interrupted = status == 400 and (INTERRUPTED in body or url.endswith("/documents/"))
                if status < 500 and not interrupted:
                    return status, headers, body
                error = f"HTTP {status}"
            except (OSError, http.client.HTTPException) as exc:
                error = f"{type(exc).__name__}"
                self.browser.conn.close()
            if time.monotonic() > deadline:
                raise GaveUp(f"{method} {url}: {error}")
            self.outcome.retries += 1
            time.sleep(delay * random.uniform(0.5, 1.5))  # noqa: S311 - a person's hesitation
            delay = min(delay * 2, 3.0)
            if method == "POST" and url.endswith(("/children/new/", "/documents/")) and self._already_there(url):
                return 302, {}, b""  # the earlier attempt did arrive: the person sees it on the page and moves on

    def _already_there(self, url: str) -> bool:
        listing = "/report/children/" if "children" in url else "/report/documents/"
        try:
            status, _, body = self.browser.request("GET", listing)
        except (OSError, http.client.HTTPException):
            self.browser.conn.close()
            return False
        marker = b"Bench" if "children" in url else self.outcome.filename.encode()
        return status == 200 and marker in body

    def _step(self, url: str, data: dict[str, Any]) -> None:
        status, _, body = self._try("POST", url, data)
        if status != 302:
            raise GaveUp(f"POST {url} answered {status}: {body[:300]!r}")

    def run(self) -> None:
        pages, n = self.pages, self.outcome.number
        status, _, _ = self._try("GET", "/report/danger/")
        for slug in ("danger", "about-you", "your-details", "request-type", "hub"):
            self._step(f"/report/{slug}/", pages[slug])
        child = {
            "born": "yes",
            "given_names": "Bench",
            "family_name": "Smith",
            "sex": "female",
            "address": f"{n} Elm Road, Northtown",
            "postcode": "ns1 2ab",
        }
        self._step("/report/children/new/", child)
        concern = {**pages["concern"], "concern": f"{pages['concern']['concern']} Bench referral {n}."}
        self._step("/report/concern/", concern)
        for slug in ("family", "parents"):
            self._step(f"/report/{slug}/", pages[slug])
        self._step("/report/documents/", {})
        status, _, body = self._try("GET", "/report/check/")
        key = re.search(rb'name="submission_key" value="([0-9a-f-]{36})"', body)
        started = re.search(rb'name="fd_started" value="([^"]+)"', body)
        if status != 200 or key is None or started is None:
            raise GaveUp(f"check-your-answers answered {status} without a submission key")
        self.outcome.submitted = True
        form = {"submission_key": key.group(1).decode(), "fd_started": started.group(1).decode()}
        status, headers, _ = self._try("POST", "/report/check/", form)  # sent again, same journey, until answered
        location = headers.get("location", "")
        found = CONFIRMATION.search(location)
        if status != 302 or found is None:
            raise GaveUp(f"sending answered {status} {location!r}")
        status, _, body = self._try("GET", location)
        if status == 200 and found.group(1).encode() in body:
            self.outcome.reference = found.group(1)  # shown to the person
        else:
            raise GaveUp(f"the confirmation page answered {status}")


def client_loop(port: int, jobs: list[Outcome], shared: Shared, pdf: bytes, pages: dict[str, dict[str, Any]]) -> None:
    while True:
        with shared.lock:
            if not jobs:
                return
            outcome = jobs.pop()
        referrer = Referrer(port, outcome, pdf, pages)
        try:
            referrer.run()
        except GaveUp as exc:
            outcome.error = str(exc)
        finally:
            referrer.browser.close()
            with shared.lock:
                shared.done += 1


# Chaos ----------------------------------------------------------------------------------------


@dataclass
class Chaos:
    web: Process
    worker: Process
    smtp: Any
    port: int
    postgres: str
    database: str
    rng: random.Random
    events: list[str] = field(default_factory=list)
    began: float = field(default_factory=time.monotonic)
    db_cuts: int = 0
    smtp_outages: int = 0
    outages: list[threading.Thread] = field(default_factory=list)

    def say(self, what: str) -> None:
        line = f"  {time.monotonic() - self.began:6.1f} s  {what}"
        self.events.append(line)
        print(line, flush=True)

    def kill_web(self) -> None:
        self.web.kill()
        pause = self.rng.uniform(0.2, 2.0)
        self.say(f"web server killed (SIGKILL), restarting in {pause:.1f} s")
        time.sleep(pause)
        self.web.start()
        wait_for_web(self.port)

    def kill_worker(self) -> None:
        self.worker.kill()
        pause = self.rng.uniform(0.2, 3.0)
        self.say(f"task worker killed (SIGKILL), restarting in {pause:.1f} s")
        time.sleep(pause)
        self.worker.start()

    def cut_database(self) -> None:
        with psycopg.connect(self.postgres.rstrip("/") + "/postgres", autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (self.database,),
            ).fetchall()
        self.db_cuts += 1
        self.say(f"database connections cut (pg_terminate_backend): {len(rows)}")

    def smtp_outage(self, seconds: float) -> None:
        self.smtp.stop()
        self.smtp_outages += 1
        self.say(f"SMTP server stopped for {seconds:.0f} s")
        time.sleep(seconds)
        self.smtp.start()
        self.say("SMTP server started again")


def run_chaos(chaos: Chaos, args: argparse.Namespace, shared: Shared, total: int, stop: threading.Event) -> None:
    """Fire each fault when the clients' progress passes its randomly chosen point."""
    plan: list[tuple[float, str]] = []
    plan += [(chaos.rng.uniform(0.05, 0.75), "web") for _ in range(args.web_kills)]
    plan += [(chaos.rng.uniform(0.05, 0.75), "worker") for _ in range(args.worker_kills)]
    plan += [(chaos.rng.uniform(0.05, 0.75), "db") for _ in range(args.db_restarts)]
    if args.smtp_down_seconds > 0:
        plan.append((chaos.rng.uniform(0.2, 0.6), "smtp"))
    plan.sort()
    for point, fault in plan:
        while not stop.is_set() and shared.done < point * total:
            time.sleep(0.05)
        if stop.is_set():
            return
        if fault == "smtp":  # in its own thread, so the other faults go on meanwhile
            outage = threading.Thread(target=chaos.smtp_outage, args=(args.smtp_down_seconds,), daemon=True)
            outage.start()
            chaos.outages.append(outage)
        else:
            {"web": chaos.kill_web, "worker": chaos.kill_worker, "db": chaos.cut_database}[fault]()


# Main -----------------------------------------------------------------------------------------


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/faults", description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--web-kills", type=int, default=4)
    parser.add_argument("--worker-kills", type=int, default=4)
    parser.add_argument("--db-restarts", type=int, default=2)
    parser.add_argument("--smtp-down-seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (scripts/run.sh: 2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (scripts/run.sh: 4)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--drain-seconds", type=float, default=180.0, help="how long to wait for the last emails")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", DEFAULT_POSTGRES))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    env = server_env()
    with throwaway_database(args.postgres, "bench_faults", env) as database:
        return _run(args, env, database, seed)


def _run(args: argparse.Namespace, env: dict[str, str], database: str, seed: int) -> int:
    from tests.intake.smtp import LoopbackSMTP

    rng = random.Random(seed)
    _, pg_version = setup_and_migrate()
    smtp = LoopbackSMTP(free_port()).start()
    port = free_port()
    env.update(
        FRONTDOOR_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        FRONTDOOR_EMAIL_HOST=smtp.host,
        FRONTDOOR_EMAIL_PORT=str(smtp.port),
        FRONTDOOR_PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        FRONTDOOR_OUTBOX_LEASE_SECONDS="15",  # longer than EMAIL_TIMEOUT (10 s), as in production
        FRONTDOOR_OUTBOX_BACKOFF_BASE="1",
        FRONTDOOR_OUTBOX_BACKOFF_MAX="8",
        FRONTDOOR_RATELIMIT_PUBLIC_SEND="1000000/m",
        FRONTDOOR_RATELIMIT_PUBLIC_UPLOAD="1000000/m",
        FRONTDOOR_RATELIMIT_STATUS_LOOKUP="1000000/m",
        FRONTDOOR_SPAM_MIN_SECONDS="0",
        FRONTDOOR_CONN_MAX_AGE="60",
    )
    log_dir = ROOT / "var" / "bench-faults"
    log_dir.mkdir(parents=True, exist_ok=True)
    web = Process(
        "web",
        [
            sys.executable,
            "-m",
            "gunicorn",
            "frontdoor.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--graceful-timeout",
            "10",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env,
        str(log_dir / "web.log"),
    )
    worker = Process(
        "worker",
        [sys.executable, "manage.py", "run_worker", "--interval", "0.1", "--sweep-interval", "1"],
        env,
        str(log_dir / "worker.log"),
    )
    from bench.intake import _pages, _pdf

    pages, pdf = _pages(), _pdf()
    print(
        f"bench/faults: {args.referrals} referrals with a PDF each through the public form, {args.concurrency} "
        f"clients; gunicorn {gunicorn_version()} ({args.workers} workers x {args.threads} threads, gthread) and "
        f"the task worker on {pg_version} (database {database}); seed {seed}.\n"
        f"Faults at random moments: web server SIGKILL x{args.web_kills}, worker SIGKILL x{args.worker_kills}, "
        f"database connections cut x{args.db_restarts}, SMTP server down {args.smtp_down_seconds:.0f} s.\n"
        "Rate limits raised to 1,000,000/min for the run (one client address); minimum-time spam check off.",
        flush=True,
    )
    web.start()
    worker.start()
    wait_for_web(port)
    outcomes = [Outcome(n, f"letter-{n:04d}.pdf") for n in range(1, args.referrals + 1)]
    shared = Shared(outcomes=outcomes)
    jobs = list(reversed(outcomes))
    chaos = Chaos(web, worker, smtp, port, args.postgres, database, rng)
    stop = threading.Event()
    began = time.monotonic()
    chaos_thread = threading.Thread(target=run_chaos, args=(chaos, args, shared, len(outcomes), stop), daemon=True)
    chaos_thread.start()
    clients = [
        threading.Thread(target=client_loop, args=(port, jobs, shared, pdf, pages), daemon=True)
        for _ in range(args.concurrency)
    ]
    try:
        for t in clients:
            t.start()
        for t in clients:
            t.join()
        sent_seconds = time.monotonic() - began
        stop.set()
        chaos_thread.join(timeout=30)
        for outage in chaos.outages:
            outage.join(timeout=args.smtp_down_seconds + 5)
        if not worker.alive():
            worker.start()
        smtp.start()
        drained = _drain(args.drain_seconds)
        print(
            f"  {time.monotonic() - chaos.began:6.1f} s  all clients done after {sent_seconds:.1f} s; "
            f"outbox {'drained' if drained else 'NOT drained'}",
            flush=True,
        )
    finally:
        stop.set()
        worker.stop()
        web.stop()
    time.sleep(0.5)
    messages = smtp.messages
    smtp.stop()
    return _verify(outcomes, messages, chaos, hashlib.sha256(pdf).hexdigest())


def _drain(seconds: float) -> bool:
    from django.db import close_old_connections

    from frontdoor.intake.models import OutboundEmail

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        close_old_connections()
        if not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists():
            return True
        time.sleep(0.5)
    return False


def _verify(outcomes: list[Outcome], messages: list[Any], chaos: Chaos, pdf_sha: str) -> int:
    from django.db import close_old_connections

    from frontdoor.intake.models import Attachment, Contact, OutboundEmail

    close_old_connections()
    submitted = sum(o.submitted for o in outcomes)
    shown = {o.reference: o for o in outcomes if o.reference}
    contacts = {c.reference: c for c in Contact.objects.only("id", "reference", "concern", "submission_key")}
    attachments: dict[int, list[tuple[str, str]]] = {}
    for contact_id, filename, sha in Attachment.objects.filter(contact__isnull=False).values_list(
        "contact_id", "filename", "sha256"
    ):
        attachments.setdefault(contact_id, []).append((filename, sha))
    lost: list[str] = []
    for reference, outcome in shown.items():
        contact = contacts.get(reference)
        if contact is None:
            lost.append(f"{reference}: shown to client {outcome.number}, not in the database")
        elif (outcome.filename, pdf_sha) not in attachments.get(contact.id, []):
            lost.append(f"{reference}: its document {outcome.filename} is missing")
    # A submitted referral that was never confirmed but is stored is not lost; one neither is.
    markers = Counter(m.group(1) for c in contacts.values() if (m := re.search(r"Bench referral (\d+)\.", c.concern)))
    for o in outcomes:
        if o.submitted and not o.reference and markers[str(o.number)] == 0:
            lost.append(f"referral {o.number}: sent, never confirmed, not stored ({o.error})")
    duplicates = sum(count - 1 for count in markers.values() if count > 1)
    extra_documents = sum(max(0, len(files) - 1) for files in attachments.values())

    acks_by_reference: dict[str, set[str]] = {}
    copies: Counter[str] = Counter()
    for received in messages:
        body = received.body
        found = re.search(r"Reference number: (FD-[0-9A-Z]{4}-[0-9A-Z]{4})", body)
        if found is None:
            continue
        acks_by_reference.setdefault(found.group(1), set()).add(str(received.message["Message-ID"]))
        copies[found.group(1)] += 1
    acknowledged = sum(1 for ref in contacts if len(acks_by_reference.get(ref, set())) == 1)
    unacknowledged = [ref for ref in contacts if ref not in acks_by_reference]
    several_ids = [ref for ref, ids in acks_by_reference.items() if len(ids) > 1]
    resent = sum(n - 1 for n in copies.values() if n > 1)
    not_sent = OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).count()
    retries = sum(o.retries for o in outcomes)
    gave_up = [o for o in outcomes if o.error]

    print()
    print(
        f"faults: web server killed {chaos.web.kills}x, worker killed {chaos.worker.kills}x, "
        f"database cut {chaos.db_cuts}x, SMTP outages {chaos.smtp_outages}; client retries {retries}"
    )
    print(f"submitted     {submitted:6d}  (referrals whose client pressed Send)")
    print(f"confirmed     {len(shown):6d}  (references shown to a client)")
    print(f"stored        {len(contacts):6d}  (contacts in the database)")
    print(f"acknowledged  {acknowledged:6d}  (contacts with exactly one acknowledgement, by Message-ID)")
    print(f"duplicates    {duplicates:6d}  (referrals stored more than once)")
    print(f"lost          {len(lost):6d}  (shown but missing, or missing a document; or sent and never stored)")
    print(
        f"also: documents stored twice {extra_documents}; acknowledgement copies re-sent with the same Message-ID "
        f"{resent}; contacts without an acknowledgement {len(unacknowledged)}; outbox messages not sent {not_sent}; "
        f"clients that gave up {len(gave_up)}"
    )
    for line in (lost + [f"gave up: referral {o.number}: {o.error}" for o in gave_up])[:10]:
        print("  " + line)
    ok = not lost and not duplicates and not unacknowledged and not several_ids and submitted == len(outcomes)
    ok = ok and len(shown) == submitted and len(contacts) == len(shown)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
