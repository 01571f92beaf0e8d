"""Issue 14: the suite runs in parallel (pytest-xdist, scripts/test.sh). Each worker has its own
test database (pytest-django names it after the worker) and its own var/ directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_each_worker_has_its_own_database_and_var_dir(worker_id: str) -> None:
    assert Path(settings.VAR_DIR) != Path(settings.BASE_DIR) / "var"
    assert worker_id in str(settings.VAR_DIR) or worker_id == "master"
    if worker_id != "master":
        assert str(connection.settings_dict["NAME"]).endswith(f"_{worker_id}")
