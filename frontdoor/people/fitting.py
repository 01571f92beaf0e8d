"""The person matcher's parameters re-estimated for one council's own index and the people named
in its contacts, without labels (PPL-2; ``manage.py fit_match_params``, docs/people.md). The
parameters it starts from (match_params.json) were trained on a synthetic population by
``frontdoor/demo/synthetic/train.py``, which shares ``estimate_levels`` with this module."""

from __future__ import annotations

import copy
import itertools
import json
import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from frontdoor.people.matching import (
    FIELDS,
    LEVELS,
    PARAMS_PATH,
    Matcher,
    PersonRecord,
    _norm,
    compare,
    dependence_name,
)

SMOOTHING = 0.5  # added to each level's count (m and u) so that no level has probability 0
RANDOM_PER_QUERY = 40  # index entries drawn at random for each description (for u)
FIT_PRIOR_MATCHES = 100.0  # the trained m counts as this many matches in the EM (a weak prior)
FIT_ITERATIONS = 50
DEPENDENCE_MIN_PAIRS = 5  # fewer pairs alike than this in the index: no evidence of dependence


def estimate_levels(
    matches: Sequence[tuple[int, ...]], non_matches: Sequence[tuple[int, ...]]
) -> dict[str, dict[str, dict[str, float]]]:
    out: dict[str, dict[str, dict[str, float]]] = {}
    for i, f in enumerate(FIELDS):
        rows_m, rows_u = matches, non_matches
        if f == "name_order":
            # Conditional on both names agreeing (straight or crosswise): otherwise the
            # names' own levels would be counted twice for a swapped pair.
            rows_m = [lv for lv in matches if _names_agree(lv)]
            rows_u = [lv for lv in non_matches if _names_agree(lv)]
        n_m, n_u = len(rows_m), len(rows_u)
        cm = Counter(levels[i] for levels in rows_m)
        cu = Counter(levels[i] for levels in rows_u)
        k = len(LEVELS[f])
        out[f] = {
            lv: {
                "m": float(f"{(cm[j] + SMOOTHING) / (n_m + SMOOTHING * k):.6g}"),
                "u": float(f"{(cu[j] + SMOOTHING) / (n_u + SMOOTHING * k):.6g}"),
                "n_match": cm[j],
                "n_nonmatch": cu[j],
            }
            for j, lv in enumerate(LEVELS[f])
        }
    return out


def _names_agree(levels: tuple[int, ...]) -> bool:
    g, s = levels[FIELDS.index("given_name")], levels[FIELDS.index("surname")]
    return LEVELS["given_name"][g] in ("exact", "nickname", "close") and LEVELS["surname"][s] in (
        "exact",
        "other",
        "close",
    )


def _exact_values(r: PersonRecord) -> tuple[str, str, str, str]:
    """The values whose exact agreement ``dependence`` measures (see matching._DEPENDENT)."""
    n = _norm(r)
    return (n.given.text, n.surname.text, n.dob_digits, n.postcodes[0] if n.postcodes else "")


def dependence(index: Sequence[PersonRecord]) -> dict[str, float]:
    """For each set of two or more of given name, surname, date of birth and postcode: how much
    more often two different people of the index agree exactly on all of them than their
    agreeing on each alone predicts, in bits (log2 of observed / independent), counted over
    every pair of the index (people sharing the values, counted by grouping, not pair by pair).
    The index is taken to hold each person once: its pairs are all different people, with
    their households and twins. Sets with fewer than DEPENDENCE_MIN_PAIRS pairs alike say
    nothing (0)."""
    values = [_exact_values(r) for r in index]

    def agreeing(fields: tuple[int, ...]) -> tuple[float, float]:
        groups = Counter(tuple(v[i] for i in fields) for v in values if all(v[i] for i in fields))
        present = sum(groups.values())
        return sum(n * (n - 1) / 2 for n in groups.values()), present * (present - 1) / 2

    single: dict[int, float] = {}
    for i in range(4):
        alike, pairs = agreeing((i,))
        single[i] = alike / pairs if pairs and alike else 0.0
    out: dict[str, float] = {}
    for size in (2, 3, 4):
        for fields in itertools.combinations(range(4), size):
            alike, pairs = agreeing(fields)
            expected = pairs * math.prod(single[i] for i in fields)
            if alike < DEPENDENCE_MIN_PAIRS or expected <= 0:
                continue
            bits = math.log2(alike / expected)
            if bits > 0:
                out[dependence_name(sum(1 << i for i in fields))] = round(bits, 3)
    return out


def fit_to_data(
    index: Sequence[PersonRecord],
    queries: Sequence[PersonRecord],
    candidates_of: Callable[[PersonRecord], Sequence[PersonRecord]],
    base: dict[str, Any] | None = None,
    *,
    seed: int = 1,
    log: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The trained model (``base``, default match_params.json) re-estimated for this index and
    these descriptions without labels, as Splink estimates its model:

    * u: each description against RANDOM_PER_QUERY index entries drawn at random;
    * dependence: ``dependence(index)``, from the index's own pairs;
    * m and pi (the share of descriptions whose person is in the index): EM over the
      candidates blocking finds (``candidates_of``). A description is about at most one
      entry, so the entries compete: P(entry c) = (pi / n) 2^w(c) / ((1 - pi) + (pi / n)
      sum 2^w), w the weight in bits of c. The trained m enter as FIT_PRIOR_MATCHES
      pseudo-matches;
    * the score: slope 1 (the weights are already corrected for dependence) and prior
      log2(pi / ((1 - pi) n)) for an index of n people. Threshold and margin are kept.
    """
    base = copy.deepcopy(base if base is not None else json.loads(PARAMS_PATH.read_text(encoding="utf-8")))
    n_index = len(index)
    rng = random.Random(seed)  # noqa: S311 - reproducible sampling, not secrets
    non_matches = [compare(q, index[rng.randrange(n_index)]) for q in queries for _ in range(RANDOM_PER_QUERY)]
    u_levels = estimate_levels([], non_matches)
    dep = dependence(index)
    params: dict[str, Any] = {**base, "dependence": dep, "calibration": {"slope": 1.0, "intercept": 0.0}}
    scorer = Matcher(params)  # the trained m/u with the dependence: only the levels and extras are used
    pairs: list[list[tuple[tuple[int, ...], float]]] = []
    for q in queries:
        qn = _norm(q)
        row = []
        for c in candidates_of(q):
            raw, levels, tf_g, tf_s = scorer._raw(qn, _norm(c))
            extra = raw - sum(scorer.weights[i][lv] for i, lv in enumerate(levels))  # tf and dependence
            row.append((levels, extra))
        pairs.append(row)
    prior_m = {f: {lv: float(base["levels"][f][lv]["m"]) for lv in LEVELS[f]} for f in FIELDS}
    m = copy.deepcopy(prior_m)
    u = {f: {lv: float(u_levels[f][lv]["u"]) for lv in LEVELS[f]} for f in FIELDS}
    order = FIELDS.index("name_order")
    pi = 0.5
    iterations = 0
    for iterations in range(1, FIT_ITERATIONS + 1):  # noqa: B007 - reported below
        w = [[0.0 if lv == "missing" else math.log2(m[f][lv] / u[f][lv]) for lv in LEVELS[f]] for f in FIELDS]
        counts = [[0.0] * len(LEVELS[f]) for f in FIELDS]
        total = total_order = expected = 0.0
        prior = math.log2(pi / n_index)
        for row in pairs:
            odds = [
                2.0 ** min(1000.0, prior + extra + sum(w[i][lv] for i, lv in enumerate(levels)))
                for levels, extra in row
            ]
            norm = sum(odds) + (1.0 - pi)
            for (levels, _extra), o in zip(row, odds, strict=True):
                p = o / norm
                if p < 1e-9:
                    continue
                expected += p
                total += p
                for i, lv in enumerate(levels):
                    if i != order:
                        counts[i][lv] += p
                if _names_agree(levels):
                    counts[order][levels[order]] += p
                    total_order += p
        for i, f in enumerate(FIELDS):
            t = total_order if i == order else total
            m[f] = {
                lv: max(1e-6, (counts[i][j] + FIT_PRIOR_MATCHES * prior_m[f][lv]) / (t + FIT_PRIOR_MATCHES))
                for j, lv in enumerate(LEVELS[f])
            }
        new_pi = min(1 - 1e-4, max(1e-4, expected / max(1, len(pairs))))
        converged = abs(new_pi - pi) < 1e-5
        pi = new_pi
        if converged and iterations > 5:
            break
    for f in FIELDS:
        for name in LEVELS[f]:
            params["levels"][f][name] = {
                "m": float(f"{m[f][name]:.6g}"),
                "u": float(f"{u[f][name]:.6g}"),
                "n_nonmatch": u_levels[f][name]["n_nonmatch"],
            }
    params["index_size"] = n_index
    params["calibration"] = {"slope": 1.0, "intercept": round(math.log2(pi / ((1 - pi) * n_index)), 5)}
    params["method"] = (
        "fitted without labels to one index and its descriptions (people.fitting.fit_to_data): u from random pairs, "
        "dependence from the index's own pairs, m and the prior by EM; threshold and margin as trained"
    )
    params["fitted"] = {
        "index": n_index,
        "queries": len(queries),
        "candidate_pairs": sum(len(r) for r in pairs),
        "random_pairs": len(non_matches),
        "in_index_share": round(pi, 5),
        "em_iterations": iterations,
    }
    for key in ("training", "validation", "test"):
        params.pop(key, None)
    if log:
        log(
            f"fitted to {n_index:,} people and {len(queries):,} descriptions: {iterations} EM rounds, "
            f"share of descriptions in the index {pi:.3f}, dependence "
            + (", ".join(f"{k} {v:.1f}" for k, v in sorted(dep.items())) or "none")
        )
    return params
