#!/usr/bin/env bash
# Runs every test: lint (ruff), types (mypy), the apps' dependency order (import-linter), then pytest on the database DATABASE_URL names
# (SQLite under var/ when it is not set; PostgreSQL for example with
#  DATABASE_URL=postgres://postgres@127.0.0.1:5432/test). Extra arguments go to pytest.
# pytest runs in parallel (pytest-xdist), one worker per core; each worker has its own test
# database. FRONTDOOR_TEST_WORKERS=1 (or an explicit -n) changes that; -n 0 runs in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
echo "==> ruff (lint and format)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> mypy"
.venv/bin/mypy frontdoor tests bench
echo "==> import-linter (the apps' dependency order, docs/decisions/0021)"
.venv/bin/lint-imports
echo "==> pytest on ${DATABASE_URL:-SQLite}"
workers=${FRONTDOOR_TEST_WORKERS:-auto}
.venv/bin/python -m pytest -n "$workers" --dist loadgroup "$@"
