"""RET-2: Ofsted's Annex A lists 1 to 5, as a workbook and as CSV, one row per child per event."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from frontdoor.returns.annex_a import LISTS, csv_lines, period_for_year, write_csvs, write_workbook
from frontdoor.returns.census import la_child_id
from tests.returns.fixtures import YEAR, build


def _csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO("".join(csv_lines(name, period_for_year(YEAR))))))


@pytest.mark.django_db
def test_ret2_lists_have_the_template_columns_and_one_row_per_child_per_event(tmp_path: Path) -> None:
    p = build()
    ids = {k: la_child_id(v.pk) for k, v in p.people.items()}

    contacts = _csv("list_1")
    assert list(contacts[0]) == LISTS["list_1"][1]
    assert len(contacts) == 5  # four contacts, one of them about two children
    amy = next(r for r in contacts if r["Child Unique ID"] == ids["amy"])
    assert amy == {
        "Child Unique ID": ids["amy"],
        "Gender": "b) Female",
        "Ethnicity": "WBRI",
        "Date of Birth": "03/05/2016",
        "Age of Child (Years)": "9",
        "Date of Contact": "05/05/2025",
        "Contact Source": "2A: Schools",
    }
    anonymous = next(r for r in contacts if r["Date of Contact"] == "08/11/2025")
    assert anonymous["Contact Source"] == "9: Anonymous" and anonymous["Child Unique ID"].startswith("FDC")

    early_help = _csv("list_2")
    assert [r["Organisation completing assessment"] for r in early_help] == ["Families First assessment"] * 2
    assert {r["Assessment start date"] for r in early_help} == {"01/09/2025"}

    referrals = _csv("list_3")
    assert list(referrals[0]) == LISTS["list_3"][1]
    # In 2025/26: Amy, Ben, Cara, Dev twice, the unborn baby (Eve's was in February 2025, Finn's in 2024).
    assert sorted(r["Child Unique ID"] for r in referrals) == sorted(
        ids[k] for k in ("amy", "ben", "cara", "dev", "dev", "unborn")
    )
    dev = next(r for r in referrals if r["Child Unique ID"] == ids["dev"])
    assert (dev["Referral NFA?"], dev["Referral Source"], dev["Number of Referrals in Last 12 Months"]) == (
        "a) Yes",
        "1A: Individual: family member, relative or carer",
        "2",
    )
    assert dev["Allocated Team"] == "Assessment Team North"

    assessments = _csv("list_4")
    by_child = {r["Child Unique ID"]: r for r in assessments}
    # Eve's was authorised in March 2025, before the year.
    assert set(by_child) == {ids[k] for k in ("amy", "ben", "cara", "dev", "unborn")}
    assert by_child[ids["ben"]]["Does the Child have a Disability"] == "a) Yes"
    assert by_child[ids["amy"]]["Was the child assessed as requiring LA children's social care support?"] == "a) Yes"
    assert by_child[ids["unborn"]]["Child Seen During Continuous Assessment"] == "b) No"
    assert by_child[ids["unborn"]]["Continuous Assessment Date of Authorisation"] == ""

    s47 = {r["Child Unique ID"]: r for r in _csv("list_5")}
    assert set(s47) == {ids["ben"], ids["cara"]}
    assert s47[ids["ben"]]["Date of Initial Child Protection Conference"] == "20/06/2025"
    assert s47[ids["ben"]]["Did the Initial Child Protection Conference Result in a Child Protection Plan"] == "a) Yes"
    assert s47[ids["cara"]]["Was an Initial Child Protection Conference deemed unnecessary?"] == "a) Yes"
    assert s47[ids["ben"]]["Number of ICPCs in the last 12 months"] == "1"

    # The workbook holds the same rows, one sheet per list, and the CSV files too.
    counts = write_workbook(YEAR, tmp_path / "annex_a.xlsx")
    assert counts == {"list_1": 5, "list_2": 2, "list_3": 6, "list_4": 5, "list_5": 2}
    book = load_workbook(tmp_path / "annex_a.xlsx", read_only=True)
    assert book.sheetnames == ["List 1", "List 2", "List 3", "List 4", "List 5"]
    rows = list(book["List 3"].iter_rows(values_only=True))
    assert list(rows[0]) == LISTS["list_3"][1] and len(rows) == 7
    assert write_csvs(period_for_year(YEAR), tmp_path) == counts


@pytest.mark.django_db
def test_ret2_a_name_that_looks_like_a_formula_is_not_one(tmp_path: Path) -> None:
    p = build()
    p.team.name = '=HYPERLINK("http://evil.example")'
    p.team.save()
    teams = {r["Allocated Team"] for r in _csv("list_3")}
    assert teams == {'\'=HYPERLINK("http://evil.example")'}
    write_workbook(YEAR, tmp_path / "a.xlsx")
    sheet = load_workbook(tmp_path / "a.xlsx")["List 3"]
    assert sheet.cell(row=2, column=10).value == '\'=HYPERLINK("http://evil.example")'
    assert sheet.cell(row=2, column=10).data_type == "s"
