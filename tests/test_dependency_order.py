"""The dependency order of the apps (issue 14 item 1, docs/decisions/0021-dependency-order.md) is
enforced by import-linter: these tests run it on a copy of the package, unchanged and with an
upward import added, so the real source tree is never written to (the suite runs in parallel)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONTRACT = "The apps depend downwards only"


def _copy(tmp_path: Path) -> Path:
    """The package's Python modules and the contract, in a directory of their own."""
    shutil.copytree(
        ROOT / "frontdoor",
        tmp_path / "frontdoor",
        ignore=shutil.ignore_patterns("__pycache__", "templates", "assets", "*.json", "*.html", "*.txt"),
    )
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}  # the copy, not the real package, is analysed
    return subprocess.run(  # noqa: S603 - our own virtualenv's lint-imports, fixed arguments
        [str(LINT_IMPORTS), "--config", str(tree / ".importlinter"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy(tmp_path_factory.mktemp("order"))


def test_the_package_keeps_the_dependency_order(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("policy/calendar.py", "import frontdoor.intake"),  # at module level
        ("audit/chain.py", "def _upward() -> object:\n    from frontdoor.accounts import models\n    return models"),
        ("core/validation.py", "from frontdoor.access import matrix"),
    ],
)
def test_an_upward_import_breaks_the_contract(tmp_path: Path, module: str, upward: str) -> None:
    """Module-level and function-level imports of a higher app both fail, naming the contract."""
    tree = _copy(tmp_path)
    target = tree / "frontdoor" / module
    target.write_text(target.read_text() + "\n\n" + upward + "\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert CONTRACT in result.stdout and "BROKEN" in result.stdout
    lower = "frontdoor." + module.split("/")[0]
    assert f"{lower} is not allowed to import" in result.stdout, result.stdout
