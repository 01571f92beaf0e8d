"""What the benchmarks share: a throwaway PostgreSQL database, gunicorn on a free port, and a
minimal browser (http.client with a cookie jar). Used by bench/intake and bench/screening."""

from __future__ import annotations

import argparse
import http.client
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432"


# A browser: one connection, a cookie jar ------------------------------------------------------


class Browser:
    """http.client with keep-alive where the server offers it and a minimal cookie jar."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, url: str, body: bytes = b"", content_type: str = ""
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = self.origin
            headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
        while True:
            reused = self.conn.sock is not None
            try:
                self.conn.request(method, url, body=body if method == "POST" else None, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (ConnectionError, http.client.BadStatusLine):
                # Retry once, only when the server closed an idle keep-alive connection as we reused it.
                self.conn.close()
                if not reused:
                    raise
        if response.will_close:
            self.conn.close()  # http.client reopens on the next request
        for value in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def post_form(self, url: str, data: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.request("POST", url, urllib.parse.urlencode(fields).encode())

    def post_file(self, url: str, name: str, filename: str, content: bytes, content_type: str) -> int:
        boundary = "bench" + secrets.token_hex(12)
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        status, _, _ = self.request("POST", url, b"".join(parts), f"multipart/form-data; boundary={boundary}")
        return status

    def close(self) -> None:
        self.conn.close()


# Database and server ---------------------------------------------------------------------------


def _admin(base_url: str, statement: str, database: str) -> None:
    """CREATE or DROP the throwaway database (`statement` has a {} for its quoted name)."""
    from psycopg import sql

    with psycopg.connect(base_url.rstrip("/") + "/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(database)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def gunicorn(args: argparse.Namespace, env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "frontdoor.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--backlog",
        "256",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    if getattr(args, "config", None):
        command += ["-c", args.config]  # a gunicorn config file, e.g. bench/audit's hook
    log = tempfile.TemporaryFile()
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120  # a shared machine can be slow to start 5 workers
        while True:
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited while starting")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 120 s")
            time.sleep(0.1)
        yield server
    except BaseException:
        log.seek(0)
        tail = log.read()[-3000:].decode(errors="replace")
        if tail:
            print(f"--- gunicorn's log ---\n{tail}", file=sys.stderr)
        raise
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()


def gunicorn_version() -> str:
    from importlib.metadata import version

    return version("gunicorn")


@contextmanager
def throwaway_database(postgres: str, prefix: str, env: dict[str, str]) -> Iterator[str]:
    """Make a PostgreSQL database on the server `postgres`, point DATABASE_URL (and the other
    variables of `env`) at it, and drop it at the end, on error, and on SIGTERM or SIGHUP too.
    Yields the database's name; Django is not set up yet."""
    database = f"{prefix}_{os.getpid()}"
    env["DATABASE_URL"] = f"{postgres.rstrip('/')}/{database}"
    os.environ.update(env)

    def interrupted(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")  # so that gunicorn is stopped and the database dropped

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    _admin(postgres, "CREATE DATABASE {}", database)
    try:
        yield database
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - Django may not even be set up; dropping the database is what matters
            pass
        _admin(postgres, "DROP DATABASE IF EXISTS {} WITH (FORCE)", database)


def setup_and_migrate() -> tuple[float, str]:
    """django.setup() on the throwaway database and migrate it: (seconds migrating, PostgreSQL version)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the rate limits' cache (SEC-3)
    migrated = time.perf_counter() - began
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        row = cursor.fetchone()
    return migrated, " ".join(str(row[0]).split()[:2]) if row else "PostgreSQL"


def server_env() -> dict[str, str]:
    """The environment of the benchmark and its gunicorn: production settings, its own secret key
    (the server and this process sign sessions alike), no real email."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "frontdoor.settings",
        "FRONTDOOR_DEBUG": "0",
        "FRONTDOOR_SECURE_COOKIES": "0",  # plain HTTP on loopback
        "FRONTDOOR_CONN_MAX_AGE": "600",
        "FRONTDOOR_SECRET_KEY": secrets.token_urlsafe(50),
        "FRONTDOOR_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "FRONTDOOR_LOG_LEVEL": "WARNING",
        # The throwaway database's audit checkpoints (SEC-6) are not the demo's var/audit-checkpoints.log.
        "FRONTDOOR_AUDIT_CHECKPOINT_FILE": str(Path(tempfile.gettempdir()) / f"frontdoor-bench-{os.getpid()}.log"),
        # Every benchmark client comes from one address: the SEC-3 rate limits are raised.
        "FRONTDOOR_RATELIMIT_PUBLIC_SEND": "1000000/m",
        "FRONTDOOR_RATELIMIT_PUBLIC_UPLOAD": "1000000/m",
        "FRONTDOOR_RATELIMIT_STATUS_LOOKUP": "1000000/m",
    }


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank percentile (p in 0..1) of `values`; NaN when there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]
