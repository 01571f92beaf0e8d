"""SEC-1: docs/security.md shows the permission matrix as it is in the code."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from frontdoor.access import docs
from frontdoor.access.matrix import MANAGERS, MATRIX, Rule, Scope


def test_sec1_docs_security_md_is_generated_from_the_matrix_and_up_to_date() -> None:
    text = docs.security_md().read_text(encoding="utf-8")
    assert docs.render(text) == text, "docs/security.md is out of date: run manage.py permission_matrix"
    for name in MATRIX:
        assert f"| `{name}` |" in text
    call_command("permission_matrix", "--check")


def test_sec1_a_matrix_change_makes_the_docs_out_of_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(MATRIX, "pathway:strategy", Rule(MANAGERS, Scope.CONTACT, "Record a strategy discussion"))
    with pytest.raises(CommandError, match="out of date"):
        call_command("permission_matrix", "--check")
    assert "| `pathway:strategy` | Record a strategy discussion |" in docs.table()
