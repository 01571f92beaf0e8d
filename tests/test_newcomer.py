"""What a newcomer finds (issue 14): the licence, every guide listed in the README, the ports
and how to reset the demo, time zones that do not depend on the host, and a start with no
warning to ignore."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import io
import re
import zoneinfo
from importlib import resources
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_the_licence_is_mit_and_the_readme_says_so() -> None:
    licence = (ROOT / "LICENSE").read_text()
    assert licence.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in licence
    assert "(LICENSE)" in README and "docs/decisions/0019-licence.md" in README
    assert (ROOT / "docs" / "decisions" / "0019-licence.md").exists()


def test_the_readme_lists_every_guide() -> None:
    guides = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md"))
    assert guides, "no guides found under docs/"
    missing = [g for g in guides if f"]({g})" not in README]
    assert not missing, f"guides the README does not list: {missing}"


def test_the_readme_names_the_ports_run_sh_uses_with_their_defaults() -> None:
    run = (ROOT / "scripts" / "run.sh").read_text()
    ports = dict(re.findall(r"\$\{(FRONTDOOR_\w*PORT):-(\d+)\}", run))
    assert set(ports) == {"FRONTDOOR_PORT", "FRONTDOOR_MAILBOX_PORT"}, ports
    for name, default in ports.items():
        assert re.search(rf"`{name}` \(default {default}\)", README), (name, default)


def test_the_readme_cites_the_requirements_and_architecture_kept_in_the_repository() -> None:
    assert "](docs/requirements.md)" in README and "](docs/architecture.md)" in README
    # Not the spec outside the repository, which a newcomer's clone does not have.
    assert "REQUIREMENTS.md" not in README and "ARCHITECTURE.md" not in README


def test_the_readme_says_how_to_reset_the_demo_and_skip_the_browser_tests() -> None:
    assert "Resetting the demo" in README and "rm -rf var/frontdoor.sqlite3*" in README
    # The audit checkpoints go with the database: kept, they describe the old database's log, and
    # `verify_audit` reports the fresh demo's shorter log as cut short.
    reset = next(line for line in README.splitlines() if line.startswith("rm -rf var/frontdoor.sqlite3*"))
    assert "var/audit-checkpoints.log" in reset
    assert '-m "not browser"' in README
    assert "apt-get" in README and "Chromium" in README


def test_time_zones_come_from_the_pinned_tzdata_package() -> None:
    pinned = re.search(r"^tzdata==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M)
    assert pinned, "tzdata is not pinned in requirements.txt"
    assert importlib.metadata.version("tzdata") == pinned.group(1)
    # The package's own copy of the zone, as zoneinfo uses on a host without one.
    data = resources.files("tzdata.zoneinfo").joinpath("Europe/London").read_bytes()
    london = zoneinfo.ZoneInfo.from_file(io.BytesIO(data), key="Europe/London")
    assert dt.datetime(2026, 7, 1, tzinfo=london).utcoffset() == dt.timedelta(hours=1)  # British Summer Time


@pytest.mark.django_db
def test_system_checks_print_no_warning_on_start() -> None:
    """scripts/run.sh runs migrate and other commands on every start; each ran the system checks,
    which on SQLite printed a warning about the open-queue index's INCLUDE columns (PostgreSQL's)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("check", stdout=out, stderr=err)
    assert "System check identified no issues" in out.getvalue(), out.getvalue() + err.getvalue()
    assert "WARNINGS" not in out.getvalue() + err.getvalue()
