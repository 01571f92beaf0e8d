"""The CIN validator's environment is made by the set-up step, never inside a test (issue 14):
a test that finds it missing fails at once, saying how to make it, and installs nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.returns import validator


def test_ret1_a_missing_validator_environment_fails_the_test_and_builds_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ran: list[Any] = []
    monkeypatch.setattr(validator, "CIN_PYTHON", tmp_path / "no-venv" / "bin" / "python")
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: ran.append(args))
    with pytest.raises(pytest.fail.Exception, match=r"scripts/setup.sh --dev"):
        validator.ensure_environment()
    assert ran == []


def test_ret1_the_set_up_step_made_the_validator_environment() -> None:
    assert validator.CIN_PYTHON.exists(), "scripts/setup.sh --dev makes .venv-cin"
