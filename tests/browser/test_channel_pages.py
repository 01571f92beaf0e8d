"""Issue 8's staff pages in a real browser, checked with axe-core: an officer records a phone
call (its error state included), finds an emailed draft in the mailbox, reads the email and
opens the draft; an administrator adds a partner organisation and issues a token; the API's
documentation page. No WCAG 2.2 A/AA violation on any of them."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage

import pytest
from playwright.sync_api import Page

from frontdoor.accounts.models import Role, User
from frontdoor.intake import services
from frontdoor.intake.models import Contact, ContactStatus
from tests.browser.test_public_journey import assert_error_summary_focused, assert_govuk_page, press_button
from tests.browser.test_staff_pages import StaffAxeAudit, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def emailed_referral() -> bytes:
    message = EmailMessage()
    message["From"] = "Dr Asha Patel <asha.patel@northtown-gp.example>"
    message["To"] = "referrals@example-council.gov.uk"
    message["Subject"] = "Referral: Mia Jones, age 4"
    message.set_content("Mia (4) had bruising on both upper arms at her appointment today.")
    message.add_attachment(
        b"MZ\x90\x00" + b"\x00" * 40, maintype="application", subtype="octet-stream", filename="photos.exe"
    )
    return message.as_bytes()


def test_issue8_officer_and_administrator_pages_have_no_axe_violation(
    live_server: object, new_page: Callable[[], Page], make_user: Callable[..., User]
) -> None:
    base = str(live_server)
    audit = StaffAxeAudit()
    make_user(Role.CUSTOMER_SERVICE_OFFICER, username="officer")
    make_user(Role.ADMINISTRATOR, username="administrator")
    inbound = services.receive_email(emailed_referral(), mail_from="asha.patel@northtown-gp.example", rcpt_tos=[])

    page = new_page()
    sign_in(page, base, "officer")
    page.goto(f"{base}/staff/phone/")
    assert_govuk_page(page, "/staff/phone/", public=False)
    audit.check(page, "phone quick entry")
    press_button(page, "Record the call")
    assert_error_summary_focused(page, "Enter the concern", "Select who is calling")
    audit.check(page, "phone quick entry, errors")
    page.get_by_label("Time the call started").fill("09:30")
    page.locator("#received_date-day").fill("16")
    page.locator("#received_date-month").fill("11")
    page.locator("#received_date-year").fill("2026")
    page.locator("input[name=immediate_danger][value=no]").check()
    page.locator("input[name=referrer_type][value=public]").check()
    page.locator("input[name=anonymity][value=anonymous]").check()
    page.locator("input[name=form_type][value=red]").check()
    page.get_by_label("What is the caller worried about?").fill("A small boy is left alone at night at number 14.")
    page.get_by_label("If the name is not known, describe the child").fill("A boy of about six, 14 Elm Road")
    page.locator("input[name=told_received][value=yes]").check()
    press_button(page, "Record the call")
    page.wait_for_url("**/staff/contacts/FD-*/")
    assert "Phone call recorded as" in page.inner_text("main")
    audit.check(page, "phone contact recorded")

    page.goto(f"{base}/staff/mailbox/")
    assert "Emailed contacts waiting to be completed" in page.inner_text("main")
    audit.check(page, "mailbox")
    page.goto(f"{base}/staff/mailbox/{inbound.pk}/")
    assert "bruising on both upper arms" in page.inner_text("main")
    audit.check(page, "an email")
    draft = Contact.objects.get(status=ContactStatus.DRAFT)
    page.goto(f"{base}/staff/contacts/{draft.reference}/")
    main = page.inner_text("main")
    assert "Complete this contact" in main and "Attachments kept in quarantine" in main
    audit.check(page, "an emailed draft")

    admin = new_page()
    sign_in(admin, base, "administrator")
    admin.goto(f"{base}/staff/partners/")
    audit.check(admin, "partner organisations")
    admin.get_by_label("Organisation name").fill("Elm Road Primary")
    admin.locator("input[name=organisation_type][value=school]").check()
    admin.get_by_label("Email address of who looks after their connection").fill("it@elmroad.example")
    press_button(admin, "Add organisation")
    admin.get_by_label("Which system will use this token?").fill("CPOMS")
    admin.locator("input[name=scopes][value='contacts:write']").check()
    press_button(admin, "Issue token")
    assert admin.locator("#issued-token").input_value().startswith("fdp_")
    audit.check(admin, "token issued")
    admin.goto(f"{base}/api/v1/docs/")
    assert "POST /api/v1/contacts" in admin.inner_text("main")
    audit.check(admin, "API documentation")
    audit.assert_clean()
