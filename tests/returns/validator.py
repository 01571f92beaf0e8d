"""Running the open CIN census validator (csc-validator-be-cin) on an exported file.

It lives in its own environment, .venv-cin (scripts/setup.sh --dev makes it), because it
needs pandas<2 and numpy<2; scripts/cin_validate.py calls its documented entry points and
prints the rules the file breaks as JSON.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CIN_PYTHON = ROOT / ".venv-cin" / "bin" / "python"


@dataclass(frozen=True)
class Rule:
    code: str
    type: str  # "Error" or "Query"
    message: str
    count: int
    children: tuple[str, ...]


def ensure_environment() -> None:
    """.venv-cin is made by the set-up step (`scripts/setup.sh --dev`, which scripts/test.sh runs
    first), never inside a test: building it there cost one test minutes, and under pytest-xdist
    two workers would build it at once. A missing validator fails loudly: a skipped check proves
    nothing."""
    if not CIN_PYTHON.exists():
        pytest.fail(
            f"{CIN_PYTHON} is missing: the census tests need the CIN validator's environment. "
            "Make it with `scripts/setup.sh --dev` (scripts/test.sh does).",
            pytrace=False,
        )


def validate(path: Path, year: int) -> list[Rule]:
    ensure_environment()
    done = subprocess.run(
        [str(CIN_PYTHON), str(ROOT / "scripts" / "cin_validate.py"), str(path), "--year", str(year)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"the validator failed:\n{done.stderr[-3000:]}")
    report = json.loads(done.stdout)
    rules = [Rule(r["code"], r["type"], r["message"], r["count"], tuple(r["children"])) for r in report["issues"]]
    rules += [Rule(r["code"], r["type"], r["message"], 0, ()) for r in report["return_level"]]
    for note in report.get("notes", []):
        print(f"validator note: {note}")
    return rules


def errors(rules: list[Rule]) -> list[Rule]:
    return [r for r in rules if r.type == "Error"]


def queries(rules: list[Rule]) -> list[Rule]:
    return [r for r in rules if r.type == "Query"]


def show(rules: list[Rule]) -> str:
    return "\n".join(f"  {r.code} ({r.type}, {r.count} locations): {r.message}" for r in rules)
