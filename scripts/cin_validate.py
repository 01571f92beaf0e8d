"""Run the open CIN census validator (csc-validator-be-cin, PyPI) on one census XML file.

Runs in its own environment (.venv-cin, made by scripts/setup.sh --dev), never in Front
Door's: the validator needs pandas<2 and numpy<2.

    .venv-cin/bin/python scripts/cin_validate.py FILE.xml --year 2026

Prints JSON: {"ruleset": ..., "issues": [{"code", "type" ("Error"|"Query"), "message",
"count", "children"}], "return_level": [...same without children...], "notes": [what the
validator printed, e.g. a rule that could not run on this file]}. It calls only the
validator's documented entry points, the same ones its `python -m cin_validator run` command
uses: cin_validator.convert_data, process_data, CinValidator, and the year's rule registry
(get_year_ruleset; each RuleDefinition's code, message and rule_type).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import xml.etree.ElementTree as ET  # noqa: S405 - our own export, parsed by the validator's API


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("filename")
    parser.add_argument("--year", required=True, help='the collection year, e.g. "2026" for 2025/26')
    args = parser.parse_args()

    os.chdir(tempfile.mkdtemp())  # the validator may write log files into the working directory
    from cin_validator import cin_validator
    from cin_validator.rules.ruleset_utils import get_year_ruleset

    root = ET.parse(args.filename).getroot()  # noqa: S314
    printed = io.StringIO()  # the validator prints notes (a rule that could not run) to standard output
    with contextlib.redirect_stdout(printed):
        raw = cin_validator.convert_data(root)
        tables = cin_validator.process_data(raw)
        registry = get_year_ruleset(args.year)
        validator = cin_validator.CinValidator(tables, registry, None)

    issues: dict[str, dict] = {}
    for _, row in validator.user_report.iterrows():  # what the validator's users download
        code = str(row["rule_code"])
        entry = issues.setdefault(code, {"children": set(), "locations": set()})
        entry["locations"].add(str(row["ERROR_ID"]))
        child = str(row["LAchildID"])
        if child and child not in ("nan", "<NA>", "None"):
            entry["children"].add(child)
    return_level = []
    for frame in validator.la_rules_broken:
        for code in {str(c) for c in frame["rule_code"]} if "rule_code" in frame else set():
            return_level.append(code)

    def describe(code: str) -> dict:
        rule = registry.get(code)
        return {
            "code": code,
            "type": rule.rule_type.value if rule is not None else "Error",
            "message": str(rule.message) if rule is not None else "",
        }

    out = {
        "ruleset": f"{int(args.year) - 1}/{args.year[2:4]}",
        "issues": [
            {**describe(code), "count": len(v["locations"]), "children": sorted(v["children"])}
            for code, v in sorted(issues.items())
        ],
        "return_level": [describe(code) for code in sorted(set(return_level))],
        "notes": [line for line in printed.getvalue().splitlines() if line.strip()],
    }
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
