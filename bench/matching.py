"""bench/matching: how well and how fast Front Door's matcher finds people, through the database.

    bench/matching --index INDEX.csv --queries QUERIES.csv --answers OUT.csv [--truth TRUTH.csv]
                   [--database postgres|sqlite]
    bench/matching compare [--people 50000] [--queries 5000] [--seed 20261123]
    bench/matching speed [--people 1000000] [--queries 1000]
    bench/matching example DIR [--dataset uk|febrl4]   (writes index.csv, queries.csv, truth.csv)

The first form loads the index into a fresh database through the real models (Person,
PersonName, PersonAddress and the matcher's blocking keys as PersonKey rows), then answers
each query one at a time through the real path (``frontdoor.people.index.find_candidates``
then ``Matcher.decide`` at the default threshold), timing each. With a truth file it prints
precision, recall and F1 of "known" decisions (a wrong person is a false positive and a false
negative) and, when the truth has a ``kind`` column, the error rate of each kind.

``compare`` runs Front Door (through PostgreSQL) and Splink 5 (DuckDB) side by side on FEBRL4
and on a synthetic UK population; ``speed`` loads a million synthetic people into PostgreSQL
and times single queries. See docs/decisions/0006-matching-benchmark.md.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import datetime as dt
import math
import os
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg

from bench.matching_data import (
    FAMILY_KINDS,
    Answer,
    Dataset,
    Row,
    Truth,
    febrl4,
    parse_date,
    read_rows,
    read_truth,
    synthetic_uk,
    write_answers,
)

if TYPE_CHECKING:
    from frontdoor.people.matching import Candidate, Matcher, PersonRecord

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
GOAL_P95_MS = 25.0
GOAL_WRONG_FAMILY = 0.01
CHUNK = 50_000  # people per COPY / bulk_create round
LIMIT = 10  # candidates ranked per query, as the screening page asks for


def log(*parts: object) -> None:
    print(*parts, flush=True)


# A fresh database -------------------------------------------------------------------------------


def _admin(statement: str, database: str) -> None:
    from psycopg import sql

    with psycopg.connect(POSTGRES.rstrip("/") + "/postgres", autocommit=True) as conn:
        conn.execute(sql.SQL(statement).format(sql.Identifier(database)))


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """A throwaway PostgreSQL database (or SQLite file), migrated, with Django set up on it;
    dropped at the end, on error or on SIGTERM too. Yields a description."""

    def interrupted(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    tmp = tempfile.TemporaryDirectory(prefix="frontdoor-match-bench-")
    database = f"frontdoor_match_bench_{os.getpid()}"
    if kind == "postgres":
        url = f"{POSTGRES.rstrip('/')}/{database}"
        _admin("CREATE DATABASE {}", database)
    else:
        url = f"sqlite:///{tmp.name}/index.sqlite3"
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "frontdoor.settings",
            "FRONTDOOR_DEBUG": "0",
            "FRONTDOOR_VAR_DIR": str(ROOT / "var"),
            "FRONTDOOR_LOG_LEVEL": "WARNING",
        }
    )
    try:
        import django

        django.setup()
        from django.core.management import call_command

        began = time.perf_counter()
        call_command("migrate", verbosity=0)
        log(
            f"database: {kind} ({database if kind == 'postgres' else 'a temporary file'}), "
            f"migrated in {time.perf_counter() - began:.1f} s"
        )
        yield database if kind == "postgres" else "sqlite"
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 - Django may not be set up; dropping the database is what matters
            pass
        if kind == "postgres":
            _admin("DROP DATABASE IF EXISTS {} WITH (FORCE)", database)
        tmp.cleanup()


# Rows as the matcher's records ---------------------------------------------------------------------


SEX = {
    "f": "female",
    "female": "female",
    "m": "male",
    "male": "male",
    "other": "other",
    "unknown": "unknown",
    "u": "unknown",
    "o": "other",
}


def _sex(value: str) -> str:
    return SEX.get(value.strip().lower(), "")


def query_record(row: Row) -> PersonRecord:
    from frontdoor.people.matching import PersonRecord

    return PersonRecord(
        person_id="",
        given_name=row.given_name,
        middle_names=row.middle_names,
        surname=row.surname,
        sex=_sex(row.sex),
        date_of_birth=parse_date(row.date_of_birth),
        postcodes=(row.postcode,) if row.postcode else (),
        nhs_number=row.nhs_number,
    )


@dataclass
class Stored:
    """One index row as it is stored: the Person's columns and what ``index.record_of`` reads
    back, so that its keys are the ones ``index.refresh_keys`` would write."""

    pk: int
    given_name: str
    middle_names: str
    surname: str
    sex: str
    date_of_birth: dt.date | None
    postcode: str
    nhs_number: str

    @classmethod
    def of(cls, pk: int, row: Row) -> Stored:
        return cls(
            pk=pk,
            given_name=row.given_name[:100],
            middle_names=row.middle_names[:200],
            surname=row.surname[:100],
            sex=_sex(row.sex),
            date_of_birth=parse_date(row.date_of_birth),
            postcode=row.postcode[:10],
            nhs_number=row.nhs_number.replace(" ", "")[:10],
        )

    def record(self) -> PersonRecord:
        from frontdoor.people.matching import PersonRecord

        return PersonRecord(
            person_id=str(self.pk),
            given_name=self.given_name,
            middle_names=self.middle_names,
            surname=self.surname,
            other_names=(),
            sex=self.sex,
            date_of_birth=self.date_of_birth,
            postcodes=(self.postcode,) if self.postcode else (),
            nhs_number=self.nhs_number,
            relatives=(),
        )


# Loading the index ---------------------------------------------------------------------------------


@dataclass
class Loaded:
    external: dict[int, str]  # Person pk -> the index file's person_id
    people: int
    keys: int
    seconds: float  # load and index, the whole of it
    index_seconds: float  # of which building indexes and constraints (PostgreSQL)
    complete: bool = True  # False when a deadline stopped the load early


def _field_columns(model: Any) -> list[tuple[str, str, Any]]:
    """(column, attname, default) of each concrete field, in table order."""
    out = []
    for f in model._meta.concrete_fields:
        default = f.get_default() if f.has_default() or not f.null else None
        out.append((f.column, f.attname, default))
    return out


def _adult_on(day: dt.date, born: dt.date | None) -> bool:
    if born is None:
        return True
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day)) >= 18


def _person_values(s: Stored, today: dt.date) -> dict[str, Any]:
    return {
        "id": s.pk,
        "kind": "adult" if _adult_on(today, s.date_of_birth) else "child",
        "given_name": s.given_name,
        "middle_names": s.middle_names,
        "surname": s.surname,
        "sex": s.sex,
        "date_of_birth": s.date_of_birth,
        "nhs_number": s.nhs_number,
    }


class _PostgresLoad:
    """COPY into the real tables, with their secondary indexes and constraints taken off first
    and put back (the same definitions, read from the catalogue) at the end."""

    TABLES = ("people_person", "people_personaddress", "people_personkey")

    def __init__(self) -> None:
        from django.db import connection

        connection.ensure_connection()
        self.conn: psycopg.Connection[Any] = connection.connection
        self.saved_constraints: list[tuple[str, str, str]] = []
        self.saved_indexes: list[str] = []
        self.before: list[tuple[str, str]] = []

    def signature(self) -> list[tuple[str, str]]:
        """Every index and constraint of the tables, to check that restore() put all back."""
        with self.conn.cursor() as cur:
            cur.execute(
                "select indexname, indexdef from pg_indexes where tablename = any(%s) "
                "union all select conname, pg_get_constraintdef(oid) from pg_constraint "
                "where conrelid = any(%s::regclass[]) order by 1",
                [list(self.TABLES), list(self.TABLES)],
            )
            return sorted((str(n), str(d)) for n, d in cur.fetchall())

    def strip(self) -> None:
        self.before = self.signature()
        with self.conn.cursor() as cur:
            for table in self.TABLES:
                cur.execute(
                    "select conname, pg_get_constraintdef(oid) from pg_constraint "
                    "where conrelid = %s::regclass and contype in ('f', 'u') order by contype desc",
                    [table],
                )
                for name, definition in cur.fetchall():
                    self.saved_constraints.append((table, name, definition))
                cur.execute(
                    "select indexname, indexdef from pg_indexes where tablename = %s and indexname not in "
                    "(select conname from pg_constraint where conrelid = %s::regclass)",
                    [table, table],
                )
                indexes = cur.fetchall()
                self.saved_indexes += [definition for _name, definition in indexes]
                for name, _definition in indexes:
                    cur.execute(f'drop index "{name}"')
            for table, name, _definition in self.saved_constraints:
                cur.execute(f'alter table "{table}" drop constraint "{name}"')
        self.conn.commit()

    def restore(self) -> None:
        with self.conn.cursor() as cur:
            for definition in self.saved_indexes:
                cur.execute(definition)
            # Unique constraints first (a foreign key may need one), then foreign keys.
            for table, name, definition in sorted(self.saved_constraints, key=lambda c: c[2].startswith("FOREIGN")):
                cur.execute(f'alter table "{table}" add constraint "{name}" {definition}')
            for table in self.TABLES:
                cur.execute(
                    f"select setval(pg_get_serial_sequence('{table}', 'id'), coalesce((select max(id) from \"{table}\"), 1))"  # noqa: S608,E501
                )
                cur.execute(f'analyze "{table}"')
        self.conn.commit()
        if self.signature() != self.before:
            raise SystemExit("the index tables' indexes and constraints were not all restored")

    def copy(self, table: str, columns: list[str], rows: Iterable[Sequence[Any]]) -> int:
        n = 0
        with self.conn.cursor() as cur:
            cols = ", ".join(f'"{c}"' for c in columns)
            with cur.copy(f'copy "{table}" ({cols}) from stdin') as cp:  # noqa: S608 - our own table names
                for values in rows:
                    cp.write_row(values)
                    n += 1
        self.conn.commit()
        return n


def load_index(rows: Sequence[Row], *, deadline_seconds: float | None = None) -> Loaded:
    """Every row as a Person with its address and blocking keys, in batches of CHUNK."""
    from django.db import connection, transaction
    from django.utils import timezone

    from frontdoor.people import matching
    from frontdoor.people.models import Person, PersonAddress, PersonKey

    today = timezone.localdate()
    began = time.perf_counter()
    external: dict[int, str] = {}
    n_keys = 0
    complete = True
    index_seconds = 0.0
    postgres = connection.vendor == "postgresql"
    pg = _PostgresLoad() if postgres else None
    if pg:
        pg.strip()
    person_cols = _field_columns(Person)
    address_cols = [c for c in _field_columns(PersonAddress) if c[0] != "id"]
    key_cols = [c for c in _field_columns(PersonKey) if c[0] != "id"]
    done = 0
    for start in range(0, len(rows), CHUNK):
        chunk = [Stored.of(start + i + 1, r) for i, r in enumerate(rows[start : start + CHUNK])]
        for s, r in zip(chunk, rows[start : start + CHUNK], strict=True):
            external[s.pk] = r.id
        keyed = [(s, sorted({k[:64] for k in matching.blocking_keys(s.record())})) for s in chunk]
        if pg:
            pg.copy(
                "people_person",
                [c for c, _a, _d in person_cols],
                (tuple(v.get(a, d) for _c, a, d in person_cols) for v in (_person_values(s, today) for s in chunk)),
            )
            pg.copy(
                "people_personaddress",
                [c for c, _a, _d in address_cols],
                (
                    tuple({"person_id": s.pk, "postcode": s.postcode}.get(a, d) for _c, a, d in address_cols)
                    for s in chunk
                    if s.postcode
                ),
            )
            n_keys += pg.copy(
                "people_personkey",
                [c for c, _a, _d in key_cols],
                (
                    tuple({"person_id": s.pk, "key": k}.get(a, d) for _c, a, d in key_cols)
                    for s, ks in keyed
                    for k in ks
                ),
            )
        else:
            with transaction.atomic():
                Person.objects.bulk_create([Person(**_person_values(s, today)) for s in chunk], batch_size=2000)
                PersonAddress.objects.bulk_create(
                    [PersonAddress(person_id=s.pk, postcode=s.postcode) for s in chunk if s.postcode], batch_size=2000
                )
                keys = [PersonKey(person_id=s.pk, key=k) for s, ks in keyed for k in ks]
                PersonKey.objects.bulk_create(keys, batch_size=2000)
                n_keys += len(keys)
        done += len(chunk)
        elapsed = time.perf_counter() - began
        if len(rows) > CHUNK:
            log(f"  loaded {done:,} people, {n_keys:,} keys in {elapsed:.0f} s")
        if deadline_seconds is not None and elapsed > deadline_seconds and done < len(rows):
            log(f"  stopping the load at {done:,} people: past the {deadline_seconds:.0f} s bound")
            complete = False
            break
    if pg:
        t0 = time.perf_counter()
        pg.restore()
        index_seconds = time.perf_counter() - t0
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("analyze")
    return Loaded(external, done, n_keys, time.perf_counter() - began, index_seconds, complete)


def check_keys_as_services_write_them(sample: Sequence[int]) -> None:
    """The keys stored for a few people equal what index.refresh_keys would compute from the
    database (so the bench's bulk path stores what the services would)."""
    from frontdoor.people import index, matching
    from frontdoor.people.models import Person, PersonKey

    for pk in sample:
        wanted = {k[:64] for k in matching.blocking_keys(index.record_of(Person.objects.get(pk=pk)))}
        stored = set(PersonKey.objects.filter(person_id=pk).values_list("key", flat=True))
        if wanted != stored:
            raise SystemExit(f"person {pk}: stored keys differ from refresh_keys's: {sorted(wanted ^ stored)[:6]}")


# Answering queries through the database -------------------------------------------------------------


@dataclass
class Answered:
    answers: dict[str, Answer]
    ranked: dict[str, list[Candidate]]  # by query: the ranked candidates, person_id = external id
    ms: list[float]


def matcher() -> Matcher:
    from frontdoor.people import index

    return index.matcher()


@contextmanager
def fitted_matcher(index_rows: Sequence[Row], queries: Sequence[Row], loaded: Loaded) -> Iterator[dict[str, Any]]:
    """Front Door's model fitted without labels to this index and these queries
    (``fitting.fit_to_data``: u from random pairs, dependence from the index's own pairs, m and
    the prior by EM over the candidates the database finds), as Splink is fitted to the same
    rows; used by ``Matcher.default()`` (``FRONTDOOR_MATCH_PARAMS``) until the block ends."""
    import json

    from frontdoor.people import fitting, index, matching

    began = time.perf_counter()
    records = [Stored.of(pk, row).record() for pk, row in zip(loaded.external, index_rows, strict=False)]

    def candidates_of(query: PersonRecord) -> list[PersonRecord]:
        ids = index.candidate_ids(matching.query_keys(query))
        return list(index.records_for(ids).values()) if ids else []

    params = fitting.fit_to_data(records, [query_record(r) for r in queries], candidates_of, log=log)
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix="match-params-", delete=False) as f:
        json.dump(params, f)
        path = f.name
    log(f"  Front Door: fitted in {time.perf_counter() - began:.1f} s (no labels)")
    before = os.environ.get(matching.PARAMS_ENV)
    os.environ[matching.PARAMS_ENV] = path
    _reload_matchers()
    try:
        yield params
    finally:
        if before is None:
            os.environ.pop(matching.PARAMS_ENV, None)
        else:
            os.environ[matching.PARAMS_ENV] = before
        _reload_matchers()
        os.unlink(path)


def _reload_matchers() -> None:
    from frontdoor.people import index, matching

    matching.reload_default()
    cache_clear = getattr(index._matcher_for, "cache_clear", None)  # index.py caches a matcher per size
    if cache_clear is not None:
        cache_clear()


def answer_queries(queries: Sequence[Row], loaded: Loaded, *, warm: int = 20) -> Answered:
    """Each query alone: find_candidates (through the database) then decide, timed together."""
    from frontdoor.people import index

    m = matcher()
    for row in queries[:warm]:  # connections, caches, the matcher's tables: not timed
        m.decide([c for c, _p in index.find_candidates(query_record(row), limit=LIMIT)])
    answers: dict[str, Answer] = {}
    ranked: dict[str, list[Candidate]] = {}
    ms: list[float] = []
    for row in queries:
        query = query_record(row)
        t0 = time.perf_counter()
        found = index.find_candidates(query, limit=LIMIT)
        chosen = m.decide([c for c, _p in found])
        ms.append((time.perf_counter() - t0) * 1000)
        cands = [dataclasses.replace(c, person_id=loaded.external[int(c.person_id)]) for c, _p in found]
        ranked[row.id] = cands
        if chosen is not None:
            answers[row.id] = Answer(row.id, loaded.external[int(chosen.person_id)], chosen.score)
        else:
            answers[row.id] = Answer(row.id, "", cands[0].score if cands else None)
    return Answered(answers, ranked, ms)


def slowest(queries: Sequence[Row], ms: Sequence[float], n: int = 5) -> None:
    """The slowest queries, timed again, with how many stored keys their keys hit: where the
    time goes (a key shared by many people makes the candidate query count many rows)."""
    from django.db.models import Count

    from frontdoor.people import index, matching
    from frontdoor.people.models import PersonKey

    log(f"the {n} slowest queries (timed again; keys hitting the most stored rows):")
    for i in sorted(range(len(ms)), key=lambda j: -ms[j])[:n]:
        query = query_record(queries[i])
        keys = sorted(matching.query_keys(query))
        t0 = time.perf_counter()
        index.find_candidates(query, limit=LIMIT)
        again = (time.perf_counter() - t0) * 1000
        hits = {r["key"]: r["n"] for r in PersonKey.objects.filter(key__in=keys).values("key").annotate(n=Count("id"))}
        biggest = ", ".join(f"{k} {c:,}" for k, c in sorted(hits.items(), key=lambda kv: -kv[1])[:3])
        log(
            f"  {queries[i].id}: {ms[i]:.0f} ms, again {again:.0f} ms; {len(keys)} keys hit {sum(hits.values()):,} "
            f"rows ({biggest})"
        )


def breakdown(queries: Sequence[Row]) -> None:
    """Where a query's time goes, in a second pass: the key lookup (one SQL query), reading
    the candidates' records, and ranking and deciding in Python. Uses index.py's internals
    (candidate_ids, records_for), so it is skipped if they change."""
    from frontdoor.people import index, matching

    get_ids = getattr(index, "candidate_ids", None)
    get_records = getattr(index, "records_for", None)
    if get_ids is None or get_records is None:
        log("(no breakdown: index.candidate_ids / index.records_for are not there)")
        return
    m = matcher()
    parts: dict[str, list[float]] = {"keys": [], "records": [], "rank+decide": []}
    sizes: list[float] = []
    for row in queries:
        query = query_record(row)
        t0 = time.perf_counter()
        ids = get_ids(matching.query_keys(query))
        t1 = time.perf_counter()
        records = get_records(ids) if ids else {}
        t2 = time.perf_counter()
        m.decide(m.rank(query, list(records.values()), limit=LIMIT))
        t3 = time.perf_counter()
        parts["keys"].append((t1 - t0) * 1000)
        parts["records"].append((t2 - t1) * 1000)
        parts["rank+decide"].append((t3 - t2) * 1000)
        sizes.append(len(ids))
    log(
        "where the time goes (second pass): "
        + "; ".join(f"{name} p50 {pct(v, 50):.1f} ms, p95 {pct(v, 95):.1f} ms" for name, v in parts.items())
        + f"; candidates scored p50 {pct(sizes, 50):.0f}, p95 {pct(sizes, 95):.0f}"
    )


# Scoring decisions ---------------------------------------------------------------------------------------


@dataclass
class Scores:
    n: int
    tp: int
    fp: int
    fn: int
    per_kind: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 1.0

    def family(self) -> tuple[int, int]:
        """(queries about a twin, sibling or same-named parent/child; of them answered with
        someone else)."""
        n = sum(self.per_kind[k]["n"] for k in FAMILY_KINDS if k in self.per_kind)
        wrong = sum(self.per_kind[k]["wrong_person"] for k in FAMILY_KINDS if k in self.per_kind)
        return n, wrong


def score(decisions: dict[str, str], truth: dict[str, Truth]) -> Scores:
    """``decisions``: query_id -> person_id ("" for not known). A wrong person is a false
    positive and a false negative."""
    s = Scores(0, 0, 0, 0, defaultdict(Counter))
    for qid, t in truth.items():
        said = decisions.get(qid, "")
        kind = s.per_kind[t.kind or "(none)"]
        kind["n"] += 1
        s.n += 1
        if said and said == t.person_id:
            s.tp += 1
        elif said:
            s.fp += 1
            kind["errors"] += 1
            if t.person_id:
                s.fn += 1
                kind["wrong_person"] += 1
            else:
                kind["false_known"] += 1
                kind["wrong_person"] += 1
        elif t.person_id:
            s.fn += 1
            kind["errors"] += 1
            kind["missed"] += 1
    return s


def best_threshold(best: dict[str, tuple[str, float]], truth: dict[str, Truth], ids: Iterable[str]) -> float:
    """The threshold on each query's best score that maximises F1 over the queries ``ids``."""
    items = sorted(((best[q][1], best[q][0] == truth[q].person_id) for q in ids if q in best), reverse=True)
    positives = sum(1 for q in ids if truth[q].person_id)
    tp = answered = 0
    top_f1, top_t = -1.0, 1.0
    for i, (p, correct) in enumerate(items):
        answered += 1
        tp += bool(correct)
        if i + 1 < len(items) and items[i + 1][0] == p:
            continue  # a threshold cannot split equal scores
        f1 = 2 * tp / (answered + positives) if answered + positives else 0.0
        if f1 > top_f1:
            top_f1, top_t = f1, p
    return top_t


def folds(truth: dict[str, Truth]) -> tuple[list[str], list[str]]:
    ids = sorted(truth)
    return ids[0::2], ids[1::2]


def at_threshold(best: dict[str, tuple[str, float]], t: float, ids: Iterable[str]) -> dict[str, str]:
    return {q: best[q][0] for q in ids if q in best and best[q][1] >= t}


def cross_validated(best: dict[str, tuple[str, float]], truth: dict[str, Truth]) -> tuple[dict[str, str], float, float]:
    """Two folds of the queries: each fold's threshold is the best-F1 one on the other fold.
    Returns the decisions and the two thresholds."""
    a, b = folds(truth)
    ta, tb = best_threshold(best, truth, b), best_threshold(best, truth, a)
    return {**at_threshold(best, ta, a), **at_threshold(best, tb, b)}, ta, tb


def front_door_at(ranked: dict[str, list[Candidate]], m: Matcher, t: float) -> dict[str, str]:
    """Front Door's decisions with the matcher's threshold set to ``t`` (decide's other rules kept)."""
    other = copy.copy(m)
    other.threshold = t
    out = {}
    for qid, cands in ranked.items():
        chosen = other.decide(cands)
        out[qid] = chosen.person_id if chosen else ""
    return out


def front_door_cross_validated(
    ranked: dict[str, list[Candidate]], m: Matcher, truth: dict[str, Truth]
) -> tuple[dict[str, str], float, float]:
    tops = sorted({round(c[0].score, 4) for c in ranked.values() if c})
    grid = sorted({tops[int(i * (len(tops) - 1) / 120)] for i in range(121)} | {m.threshold}) if tops else [m.threshold]
    a, b = folds(truth)

    def best_on(ids: list[str]) -> float:
        sub_truth = {q: truth[q] for q in ids}
        sub = {q: ranked[q] for q in ids if q in ranked}
        return max(grid, key=lambda t: (score(front_door_at(sub, m, t), sub_truth).f1, -abs(t - m.threshold)))

    ta, tb = best_on(b), best_on(a)
    da = front_door_at({q: ranked[q] for q in a if q in ranked}, m, ta)
    db = front_door_at({q: ranked[q] for q in b if q in ranked}, m, tb)
    return {**da, **db}, ta, tb


# Printing --------------------------------------------------------------------------------------------


def pct(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)] if ordered else float("nan")


def latency_line(ms: Sequence[float]) -> str:
    return (
        f"{len(ms):,} single queries: p50 {pct(ms, 50):.1f} ms, p95 {pct(ms, 95):.1f} ms, "
        f"max {max(ms) if ms else float('nan'):.1f} ms"
    )


def print_scores(s: Scores, indent: str = "") -> None:
    log(
        f"{indent}precision {s.precision:.4f}  recall {s.recall:.4f}  F1 {s.f1:.4f}  "
        f"(queries {s.n:,}; correct known {s.tp:,}; false positives {s.fp:,}; false negatives {s.fn:,})"
    )
    if len(s.per_kind) > 1 or "(none)" not in s.per_kind:
        log(f"{indent}{'kind':<26}{'queries':>8}{'errors':>8}{'rate':>8}{'wrong person':>14}{'missed':>8}")
        for kind, c in sorted(s.per_kind.items()):
            rate = c["errors"] / c["n"] if c["n"] else 0.0
            log(f"{indent}{kind:<26}{c['n']:>8,}{c['errors']:>8,}{rate:>8.2%}{c['wrong_person']:>14,}{c['missed']:>8,}")
        n, wrong = s.family()
        if n:
            log(f"{indent}wrong family member (twin, sibling, same-named parent/child): {wrong}/{n} = {wrong / n:.2%}")


def retrieval_line(ranked: dict[str, list[Candidate]], truth: dict[str, Truth]) -> str:
    known = [q for q, t in truth.items() if t.person_id]
    found = sum(1 for q in known if any(c.person_id == truth[q].person_id for c in ranked.get(q, [])))
    top = sum(1 for q in known if ranked.get(q) and ranked[q][0].person_id == truth[q].person_id)
    n = max(1, len(known))
    return (
        f"the right person among the {LIMIT} candidates for {found:,}/{len(known):,} queries about someone "
        f"in the index ({found / n:.2%}); ranked first for {top:,} ({top / n:.2%})"
    )


# The CSV command ---------------------------------------------------------------------------------------


def run_files(args: argparse.Namespace) -> int:
    index_rows = read_rows(Path(args.index), "person_id")
    query_rows = read_rows(Path(args.queries), "query_id")
    truth = read_truth(Path(args.truth)) if args.truth else None
    with fresh_database(args.database):
        loaded = load_index(index_rows)
        log(
            f"index: {loaded.people:,} people, {loaded.keys:,} keys, loaded and indexed in {loaded.seconds:.1f} s"
            + (f" (indexes and constraints {loaded.index_seconds:.1f} s)" if loaded.index_seconds else "")
        )
        check_keys_as_services_write_them(list(loaded.external)[:: max(1, loaded.people // 5)][:5])
        if args.fit:
            with fitted_matcher(index_rows, query_rows, loaded):
                m = matcher()
                done = answer_queries(query_rows, loaded)
        else:
            m = matcher()
            done = answer_queries(query_rows, loaded)
    write_answers(Path(args.answers), (done.answers[r.id] for r in query_rows))
    known = sum(1 for a in done.answers.values() if a.person_id)
    log(f"answers: {args.answers}: {len(done.answers):,} queries, {known:,} known, at threshold {m.threshold:.3f}")
    log(f"latency through {args.database}: {latency_line(done.ms)}")
    if truth is not None:
        missing = [r.id for r in query_rows if r.id not in truth]
        if missing:
            log(f"truth: {len(missing)} queries have no truth row (counted as 'not in the index'), e.g. {missing[:3]}")
            truth = {**truth, **{q: Truth(q, "") for q in missing}}
        truth = {q: t for q, t in truth.items() if q in done.answers}
        s = score({q: a.person_id for q, a in done.answers.items()}, truth)
        print_scores(s)
        log(retrieval_line(done.ranked, truth))
    return 0


# compare ------------------------------------------------------------------------------------------------


@dataclass
class Line:
    dataset: str
    system: str
    threshold: str
    s: Scores
    family: str


def _family_text(s: Scores) -> str:
    n, wrong = s.family()
    return f"{wrong}/{n} = {wrong / n:.2%}" if n else "-"


def run_compare(args: argparse.Namespace) -> int:
    from bench import matching_splink

    log("== data")
    datasets: list[tuple[Dataset, bool]] = [(febrl4(), False)]
    t0 = time.perf_counter()
    uk = synthetic_uk(args.people, args.queries, args.seed)
    log(
        f"synthetic UK population: {len(uk.index):,} people, {len(uk.queries):,} queries "
        f"(seed {args.seed}, made in {time.perf_counter() - t0:.1f} s); kinds: "
        + ", ".join(f"{k} {n}" for k, n in sorted(Counter(t.kind for t in uk.truth.values()).items()))
    )
    datasets.append((uk, True))
    lines: list[Line] = []
    latencies: dict[str, tuple[list[float], list[float]]] = {}
    with fresh_database("postgres"):
        from frontdoor.people.models import Person

        m = matcher()
        for ds, uk_postcodes in datasets:
            log(
                f"== {ds.name}: {len(ds.index):,} in the index, {len(ds.queries):,} queries"
                f" ({sum(1 for t in ds.truth.values() if t.person_id):,} of people in the index)"
            )
            _clear_index()
            loaded = load_index(ds.index)
            log(
                f"  Front Door: loaded and indexed {loaded.people:,} people ({loaded.keys:,} keys) in "
                f"{loaded.seconds:.1f} s; {Person.objects.count():,} in the database"
            )
            trained = answer_queries(ds.queries, loaded)
            log(f"  Front Door as trained: {latency_line(trained.ms)}")
            fd_trained = score({q: a.person_id for q, a in trained.answers.items()}, ds.truth)
            with fitted_matcher(ds.index, ds.queries, loaded):
                m = matcher()
                done = answer_queries(ds.queries, loaded)
                log(f"  Front Door: {latency_line(done.ms)}")
                log(f"  Front Door: {retrieval_line(done.ranked, ds.truth)}")
                fd_default = score({q: a.person_id for q, a in done.answers.items()}, ds.truth)
                fd_cv, ta, tb = front_door_cross_validated(done.ranked, m, ds.truth)
            lines.append(
                Line(ds.name, "Front Door", f"fitted, default {m.threshold:.3g}", fd_default, _family_text(fd_default))
            )
            fd_cv_s = score(fd_cv, ds.truth)
            lines.append(
                Line(ds.name, "Front Door", f"fitted, 2-fold {ta:.3g}/{tb:.3g}", fd_cv_s, _family_text(fd_cv_s))
            )
            lines.append(
                Line(ds.name, "FD trained", f"default {m.threshold:.3g}", fd_trained, _family_text(fd_trained))
            )

            sp = matching_splink.run(ds, uk_postcodes=uk_postcodes, single_queries=args.splink_single, log=log)
            sp_half = score(at_threshold(sp.best, 0.5, ds.truth), ds.truth)
            lines.append(Line(ds.name, "Splink 5", "p >= 0.5", sp_half, _family_text(sp_half)))
            sp_cv, sa, sb = cross_validated(sp.best, ds.truth)
            sp_cv_s = score(sp_cv, ds.truth)
            lines.append(Line(ds.name, "Splink 5", f"2-fold {sa:.3g}/{sb:.3g}", sp_cv_s, _family_text(sp_cv_s)))
            t_best = best_threshold(sp.best, ds.truth, ds.truth)
            sp_best = score(at_threshold(sp.best, t_best, ds.truth), ds.truth)
            lines.append(Line(ds.name, "Splink 5", f"best on this set {t_best:.3g}", sp_best, _family_text(sp_best)))
            latencies[ds.name] = (done.ms, sp.single_query_ms)
            if args.show_kinds:
                log("  Front Door (fitted) at its default, by kind:")
                print_scores(fd_default, indent="    ")
                log("  Splink 5 at p >= 0.5, by kind:")
                print_scores(sp_half, indent="    ")

    log("")
    log("== Quality (known decisions: a wrong person is a false positive and a false negative)")
    header = (
        f"{'dataset':<30}{'system':<12}{'threshold':<32}{'precision':>10}{'recall':>9}{'F1':>8}  wrong family member"
    )
    log(header)
    log("-" * len(header))
    for ln in lines:
        log(
            f"{ln.dataset:<30}{ln.system:<12}{ln.threshold:<32}{ln.s.precision:>10.4f}{ln.s.recall:>9.4f}"
            f"{ln.s.f1:>8.4f}  {ln.family}"
        )
    log("")
    log("== Latency of one query")
    for name, (ours, theirs) in latencies.items():
        median = statistics.median(theirs) if theirs else float("nan")
        log(
            f"{name:<30}Front Door (PostgreSQL): p50 {pct(ours, 50):.1f} ms, p95 {pct(ours, 95):.1f} ms;  "
            f"Splink 5 one-record route: median {median:.0f} ms, max {max(theirs, default=float('nan')):.0f} ms "
            f"({len(theirs)} queries)"
        )
    log("")
    log("== Goals")
    ok = True
    for name in latencies:
        fd = next(ln for ln in lines if ln.dataset == name and ln.system == "Front Door")
        sp_lines = [ln for ln in lines if ln.dataset == name and ln.system == "Splink 5"]
        fair = sp_lines[1]  # threshold chosen on the other fold, like Front Door's, not on the same queries
        met = fd.s.f1 >= fair.s.f1
        ok &= met
        best = sp_lines[2].s.f1
        log(
            f"{'MET' if met else 'NOT MET':<8} {name}: F1 Front Door (default) {fd.s.f1:.4f} "
            f"{'>=' if met else '<'} Splink 5 (2-fold threshold) {fair.s.f1:.4f}; "
            f"{'>=' if fd.s.f1 >= best else '<'} Splink's best on this set {best:.4f}"
        )
    uk_fd = next(ln for ln in lines if ln.dataset == uk.name and ln.system == "Front Door")
    n, wrong = uk_fd.s.family()
    met = n > 0 and wrong / n <= GOAL_WRONG_FAMILY
    ok &= met
    log(
        f"{'MET' if met else 'NOT MET':<8} {uk.name}: wrong family member {wrong}/{n} "
        f"= {wrong / n if n else float('nan'):.2%} <= {GOAL_WRONG_FAMILY:.0%}"
    )
    return 0 if ok else 1


def _clear_index() -> None:
    from django.db import connection

    from frontdoor.people.models import Person, PersonAddress, PersonKey, PersonName

    if connection.vendor == "postgresql":
        tables = ", ".join(f'"{m._meta.db_table}"' for m in (PersonKey, PersonAddress, PersonName, Person))
        with connection.cursor() as cur:
            cur.execute(f"truncate {tables} restart identity cascade")
    else:
        Person.objects.all().delete()


# speed ---------------------------------------------------------------------------------------------------


def run_speed(args: argparse.Namespace) -> int:
    from bench.matching_data import synthetic_index_rows, synthetic_query_rows
    from frontdoor.demo import synthetic

    log(f"== {args.people:,} synthetic people on PostgreSQL (seed {args.seed})")
    t0 = time.perf_counter()
    population = synthetic.generate_population(args.people, args.seed)
    rows = synthetic_index_rows(population)
    queries, _truth = synthetic_query_rows(synthetic.make_queries(population, args.queries, args.seed + 1))
    log(f"generated in {time.perf_counter() - t0:.0f} s (not part of the load)")
    with fresh_database("postgres") as database:
        from django.db import connection

        loaded = load_index(rows, deadline_seconds=args.max_load_seconds)
        with connection.cursor() as cur:
            cur.execute("select pg_database_size(%s)", [database])
            size = cur.fetchone()
        reached = f"{loaded.people:,} people"
        if not loaded.complete:
            reached += f" (of {len(rows):,}: stopped at the bound)"
        per_person = loaded.keys / max(1, loaded.people)
        log(
            f"loaded and indexed {reached}, {loaded.keys:,} keys ({per_person:.1f} per person) "
            f"in {loaded.seconds:.0f} s, of which indexes and constraints {loaded.index_seconds:.0f} s; "
            f"database {size[0] / 2**20 if size else 0:,.0f} MiB"
        )
        check_keys_as_services_write_them([1, max(1, loaded.people // 2), loaded.people])
        done = answer_queries(queries, loaded)
        ms = done.ms
        log(f"find_candidates + decide through PostgreSQL: {latency_line(ms)}")
        slowest(queries, ms)
        breakdown(queries)
        p95 = pct(ms, 95)
        met = p95 < GOAL_P95_MS and loaded.complete
        log(f"{'MET' if met else 'NOT MET':<8} p95 {p95:.1f} ms < {GOAL_P95_MS:.0f} ms at {loaded.people:,} people")
    return 0 if met else 1


# example ---------------------------------------------------------------------------------------------------


def run_example(args: argparse.Namespace) -> int:
    from bench.matching_data import write_rows, write_truth

    ds = febrl4() if args.dataset == "febrl4" else synthetic_uk(args.people, args.queries, args.seed)
    out = Path(args.directory)
    out.mkdir(parents=True, exist_ok=True)
    write_rows(out / "index.csv", ds.index, "person_id")
    write_rows(out / "queries.csv", ds.queries, "query_id")
    write_truth(out / "truth.csv", ds.truth.values())
    log(
        f"{ds.name}: {len(ds.index):,} people in {out / 'index.csv'}, {len(ds.queries):,} queries in "
        f"{out / 'queries.csv'}, truth (with kind) in {out / 'truth.csv'}"
    )
    return 0


# Arguments ----------------------------------------------------------------------------------------------


def _parse(argv: list[str]) -> argparse.Namespace:
    if argv and argv[0] in {"compare", "speed", "example"}:
        mode, argv = argv[0], argv[1:]
    else:
        mode = "files"
    parser = argparse.ArgumentParser(
        prog=f"bench/matching{'' if mode == 'files' else ' ' + mode}",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    if mode == "files":
        parser.add_argument("--index", required=True, help="index CSV: person_id,given_name,middle_names,surname,...")
        parser.add_argument("--queries", required=True, help="queries CSV: query_id,given_name,middle_names,...")
        parser.add_argument("--answers", required=True, help="where to write query_id,person_id,score")
        parser.add_argument("--truth", help="query_id,person_id[,kind]: print precision, recall, F1")
        parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
        parser.add_argument(
            "--fit",
            action="store_true",
            help="fit the model to the index and queries first, without labels (fitting.fit_to_data)",
        )
    elif mode == "compare":
        parser.add_argument("--people", type=int, default=50_000, help="synthetic UK index size")
        parser.add_argument("--queries", type=int, default=5_000, help="synthetic UK queries")
        parser.add_argument("--seed", type=int, default=20261123, help="seed of the synthetic UK population")
        parser.add_argument("--splink-single", type=int, default=10, help="single queries timed through Splink")
        parser.add_argument("--show-kinds", action="store_true", help="errors by kind of query for both systems")
    elif mode == "example":
        parser.add_argument("directory", help="where to write index.csv, queries.csv and truth.csv")
        parser.add_argument("--dataset", choices=["uk", "febrl4"], default="uk")
        parser.add_argument("--people", type=int, default=10_000)
        parser.add_argument("--queries", type=int, default=1_000)
        parser.add_argument("--seed", type=int, default=20261125)
    else:
        parser.add_argument("--people", type=int, default=1_000_000)
        parser.add_argument("--queries", type=int, default=1_000)
        parser.add_argument("--seed", type=int, default=20261124)
        parser.add_argument(
            "--max-load-seconds",
            type=float,
            default=600.0,
            help="stop loading after this long and measure at the size reached",
        )
    args = parser.parse_args(argv)
    args.mode = mode
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    sys.path.insert(0, str(ROOT))
    runners: dict[str, Callable[[argparse.Namespace], int]] = {
        "files": run_files,
        "compare": run_compare,
        "speed": run_speed,
        "example": run_example,
    }
    return runners[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
