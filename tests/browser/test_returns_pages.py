"""RET-1, RET-2, RET-3 in a real browser (Debian's Chromium), checked with axe-core: the returns
page and its error state, the census data-quality list, an export's page, and the charts, with no
WCAG 2.2 A/AA violation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from frontdoor.accounts.models import Role, User
from frontdoor.people.models import Person
from tests.browser.test_public_journey import assert_error_summary_focused, press_button, type_into
from tests.browser.test_staff_pages import StaffAxeAudit, sign_in
from tests.returns.fixtures import build
from tests.returns.test_pages import CHART_QUERY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ret3_manager_uses_the_returns_pages_with_no_axe_violation(
    live_server: object, new_page: Callable[[], Page], make_user: Callable[..., User]
) -> None:
    p = build()
    Person.objects.filter(pk=p.people["amy"].pk).update(sex="")
    make_user(Role.TEAM_MANAGER, "boss")
    base = str(live_server)
    audit = StaffAxeAudit()
    page = new_page()
    sign_in(page, base, "boss")

    page.goto(f"{base}/staff/returns/")
    audit.check(page, "returns")
    page.fill("#census-year", "")
    type_into(page, "#census-year", "1999")
    press_button(page, "Make the census file")
    assert_error_summary_focused(page)
    assert "Enter a year between 2015 and" in page.inner_text(".govuk-error-summary")
    audit.check(page, "returns, year refused")

    page.goto(f"{base}/staff/returns/data-quality/?year=2026")
    assert "No sex is recorded" in page.inner_text("main")
    audit.check(page, "census data quality")

    page.goto(f"{base}/staff/returns/")
    page.fill("#census-year", "2026")
    press_button(page, "Make the census file")
    assert "Check progress" in page.inner_text("main")
    audit.check(page, "census export, waiting")

    page.goto(f"{base}/staff/returns/charts/?{CHART_QUERY}")
    assert page.locator("svg[role=img]").count() == 11
    assert page.locator("table.govuk-table").count() == 11
    audit.check(page, "charts")
    audit.assert_clean()
