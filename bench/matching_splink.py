"""Splink 5 (DuckDB backend) set up reasonably, as the other side of bench/matching compare.

The set-up is the one Splink's own tutorials use for people, not one tuned to lose:

- the same fields Front Door is given (the CSV shape), names lower-cased and trimmed,
  postcodes upper-cased with single spaces;
- comparisons: given name and surname (``NameComparison``: exact with term-frequency
  adjustment, Jaro-Winkler 0.92 / 0.88 / 0.70), date of birth (``DateOfBirthComparison``:
  exact, Levenshtein 1, within a month, a year, ten years), postcode (UK:
  ``PostcodeComparison``: full, sector, district, area; FEBRL's 4-digit Australian codes:
  exact or Levenshtein 1), sex and NHS number (exact) where the data set has them;
- blocking for predictions on names, date of birth and postcode: given name and surname;
  date of birth; postcode and the surname's first letter; NHS number; names swapped;
- training: the prior from deterministic rules (recall 0.7), u by random sampling (2 million
  pairs), m by EM on two blocking rules (given name and surname; date of birth);
- a query's answer is its best-scoring index record, "known" when its match probability
  reaches the threshold.
"""

from __future__ import annotations

import logging
import statistics
import time
from dataclasses import dataclass
from typing import Any

from bench.matching_data import Dataset, Row

PREDICT_FLOOR = 0.001  # pairs below this match probability are never anyone's best answer


@dataclass
class SplinkRun:
    best: dict[str, tuple[str, float]]  # query_id -> (person_id, match probability) of its best pair
    pairs_scored: int
    train_seconds: float
    predict_seconds: float
    single_query_ms: list[float]  # the one-record route, a handful of queries
    single_query_route: str


def _name(value: str) -> str | None:
    v = " ".join(value.lower().replace("-", " ").split())
    return v or None


def _postcode(value: str) -> str | None:
    v = " ".join(value.upper().split())
    return v or None


def _columns(rows: list[Row], prefix: str, use_sex: bool, use_nhs: bool) -> dict[str, list[Any]]:
    cols: dict[str, list[Any]] = {"unique_id": [], "given_name": [], "surname": [], "dob": [], "postcode": []}
    if use_sex:
        cols["sex"] = []
    if use_nhs:
        cols["nhs_number"] = []
    for r in rows:
        cols["unique_id"].append(prefix + r.id)
        cols["given_name"].append(_name(r.given_name))
        cols["surname"].append(_name(r.surname))
        cols["dob"].append(r.date_of_birth or None)
        cols["postcode"].append(_postcode(r.postcode))
        if use_sex:
            cols["sex"].append(r.sex.upper()[:1] or None)
        if use_nhs:
            cols["nhs_number"].append(r.nhs_number.replace(" ", "") or None)
    return cols


def _settings(uk_postcodes: bool, use_sex: bool, use_nhs: bool) -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    comparisons: list[Any] = [
        cl.NameComparison("given_name"),
        cl.NameComparison("surname"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.PostcodeComparison("postcode") if uk_postcodes else cl.LevenshteinAtThresholds("postcode", [1]),
    ]
    if use_sex:
        comparisons.append(cl.ExactMatch("sex"))
    if use_nhs:
        comparisons.append(cl.ExactMatch("nhs_number"))
    rules: list[Any] = [
        block_on("given_name", "surname"),
        block_on("dob"),
        block_on("postcode", "substr(surname, 1, 1)"),
        "l.given_name = r.surname and l.surname = r.given_name",
    ]
    if use_nhs:
        rules.append(block_on("nhs_number"))
    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def run(dataset: Dataset, *, uk_postcodes: bool, single_queries: int = 10, log: Any = print) -> SplinkRun:
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    use_sex = any(r.sex for r in dataset.index)
    use_nhs = any(r.nhs_number for r in dataset.index)
    db_api = DuckDBAPI()
    index_df = db_api.register(_columns(dataset.index, "i:", use_sex, use_nhs), dataset_display_name="index_people")
    query_df = db_api.register(_columns(dataset.queries, "q:", use_sex, use_nhs), dataset_display_name="queries")
    linker = Linker([index_df, query_df], _settings(uk_postcodes, use_sex, use_nhs), log_level=logging.WARNING)

    began = time.perf_counter()
    deterministic: list[Any] = [block_on("given_name", "surname", "dob")]
    if use_nhs:
        deterministic.append(block_on("nhs_number"))
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    trained = time.perf_counter() - began

    began = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=PREDICT_FLOOR, warning_mode="never")
    pairs = db_api.duckdb_con.sql(f"select count(*) from {predictions.physical_name}").fetchall()  # noqa: S608
    # The query may be on either side of a pair: put it on the right.
    rows = db_api.duckdb_con.sql(
        f"""
        with oriented as (
            select case when unique_id_l like 'q:%' then unique_id_l else unique_id_r end as q,
                   case when unique_id_l like 'q:%' then unique_id_r else unique_id_l end as p,
                   match_probability as mp
            from {predictions.physical_name}
        )
        select q, arg_max(p, mp), max(mp) from oriented group by q
        """  # noqa: S608 - a table name Splink made
    ).fetchall()
    predicted = time.perf_counter() - began
    best = {str(q)[2:]: (str(p)[2:], float(mp)) for q, p, mp in rows}

    # The one-record route: Splink 5's predict_between (what find_matches_to_new_records was),
    # with term frequencies registered once, as an online service would hold them.
    linker.table_management.compute_tf_table("given_name")
    linker.table_management.compute_tf_table("surname")
    timings: list[float] = []
    for i, row in enumerate(dataset.queries[: single_queries + 1]):
        one = _columns([row], "q:", use_sex, use_nhs)
        t0 = time.perf_counter()
        new = db_api.register(one, dataset_display_name=f"one_query_{i}")
        found = linker.inference.predict_between(
            index_df, new, threshold_match_probability=PREDICT_FLOOR, warning_mode="never"
        )
        found.as_record_list()
        elapsed = (time.perf_counter() - t0) * 1000
        if i:  # the first builds Splink's SQL cache: not counted
            timings.append(elapsed)
        found.drop_table_from_database_and_remove_from_cache()
    log(
        f"  Splink: trained in {trained:.1f} s; predicted {pairs[0][0]:,} pairs in {predicted:.1f} s; "
        f"one-record route median {statistics.median(timings) if timings else 0:.0f} ms over {len(timings)} queries"
    )
    return SplinkRun(
        best=best,
        pairs_scored=int(pairs[0][0]),
        train_seconds=trained,
        predict_seconds=predicted,
        single_query_ms=timings,
        single_query_route="linker.inference.predict_between(index, one-row table)",
    )
