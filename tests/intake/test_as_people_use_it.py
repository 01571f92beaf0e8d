"""Issue 17, "as people actually use it": the referrer's receipt and status code (ACK-2, INT-16),
Back and Send again (INT-15), and the phone quick entry's status code (INT-1, ACK-1).

Each test here failed on the code before issue 17."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from frontdoor.intake import services
from frontdoor.intake.models import Contact
from frontdoor.intake.services import references
from tests.intake.answers import PUBLIC_ANONYMOUS, answer_all, send, step_url
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db

CONFUSABLE = set("0O1IL")


def status_code_on(page: str) -> str:
    return page.split('id="status-secret">')[1].split("<")[0].strip()


def test_int16_ack2_the_receipt_carries_the_status_code(client: Client) -> None:
    """Issue 17: a referrer without email is told to keep the receipt; it must hold the code."""
    sent = send(client, answer_all(client, PUBLIC_ANONYMOUS))
    code = status_code_on(client.get(sent["Location"]).content.decode())
    contact = Contact.objects.get()
    receipt = client.get(f"/sent/{contact.reference}/receipt.pdf")
    text = pdf_text(receipt.content)
    assert f"({code})" in text, text[:3000]
    assert "Status code" in text and contact.reference in text
    assert "procedure section" not in text


def test_ack2_new_codes_have_no_confusable_characters() -> None:
    """Issue 17: no 0/O or 1/I/L in new references or status codes."""
    for _ in range(300):
        reference = services.new_reference()
        code = services.status_secret_for(uuid.uuid4())
        assert re.fullmatch(r"FD-[A-Z2-9]{4}-[A-Z2-9]{4}", reference), reference
        assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code), code
        assert not CONFUSABLE & set(reference.removeprefix("FD-") + code), (reference, code)


@pytest.mark.parametrize(
    ("typed_reference", "typed_code"),
    [
        ("{ref}", "{code}"),
        ("{ref_lower}", "{code_lower}"),
        ("{ref_bare}", "{code_bare}"),
        ("  {ref_spaced} ", " {code_spaced} "),
        ("{ref_no_prefix}", "{code_lower}"),
    ],
)
def test_ack2_status_lookup_forgives_case_spaces_and_hyphens(
    client: Client, typed_reference: str, typed_code: str
) -> None:
    """Issue 17: the code typed in lower case, without its hyphen, or with spaces, still finds it."""
    sent = send(client, answer_all(client, PUBLIC_ANONYMOUS))
    code = status_code_on(client.get(sent["Location"]).content.decode())
    ref = Contact.objects.get().reference
    forms = {
        "ref": ref,
        "code": code,
        "ref_lower": ref.lower(),
        "code_lower": code.lower(),
        "ref_bare": ref.replace("-", "").lower(),
        "code_bare": code.replace("-", "").lower(),
        "ref_spaced": ref.replace("-", " "),
        "code_spaced": " ".join(code.replace("-", "")),
        "ref_no_prefix": ref.removeprefix("FD-").replace("-", ""),
    }
    found = Client().post(
        "/status/", {"reference": typed_reference.format(**forms), "secret": typed_code.format(**forms)}
    )
    assert found.status_code == 200, found.content.decode()[:2000]
    assert f"Your contact {ref}" in found.content.decode()


def test_ack2_old_codes_with_zero_and_one_still_look_up(client: Client) -> None:
    """Issue 17: a code made before the change (Crockford's alphabet, with 0 and 1) still finds its
    contact, typed as given or with the look-alike letters O, I and L."""
    send(client, answer_all(client, PUBLIC_ANONYMOUS))
    contact = Contact.objects.get()
    contact.reference = "FD-0A1B-10Z1"  # an old-style reference
    contact.status_secret_hash = Contact.hash_secret("10ABC-0Z1QX")
    contact.save(update_fields=["reference", "status_secret_hash"])
    for reference, code in (
        ("FD-0A1B-10Z1", "10ABC-0Z1QX"),
        ("fd-oa1b-10z1", "l0abc-ozi qx"),
        ("FDOAIB1OZL", "IOABCOZIQX"),
    ):
        found = Client().post("/status/", {"reference": reference, "secret": code})
        assert found.status_code == 200, (reference, code)
    assert references.normalise_reference("fd oa1b lozi") == "FD-0A1B-10Z1"


def test_int15_back_after_sending_then_send_again_says_already_sent(client: Client) -> None:
    """Issue 17: Back (the check page loads again, its journey gone) and Send again shows
    "already sent, here is your reference", never the list of unanswered questions."""
    sent_key = answer_all(client, PUBLIC_ANONYMOUS)
    sent = send(client, sent_key)
    contact = Contact.objects.get()
    back = client.get(step_url("public", "check"))  # what Back shows: the page is never cached
    html = back.content.decode()
    assert back.status_code == 200
    assert "You have already sent this" in html and contact.reference in html
    assert "govuk-error-summary" not in html and "Answer the questions on" not in html
    # Send on the page as it was before issue 17: the reloaded page's new, empty journey.
    again = send(client, client.session["journey:public"]["key"])
    html = again.content.decode()
    assert again.status_code == 200
    assert "You have already sent this" in html and contact.reference in html
    assert "govuk-error-summary" not in html and "Answer the questions on" not in html
    # Send on the page the browser kept (its own journey's key): the confirmation, as before.
    assert send(client, sent_key)["Location"] == sent["Location"]
    assert Contact.objects.count() == 1
    # Starting a new contact from there works as before.
    assert client.get(step_url("public", "danger")).status_code == 200


def test_int1_ack1_phone_quick_entry_shows_the_status_code_to_read_to_the_caller(staff_client: Client) -> None:
    """Issue 17: the quick entry's confirmation shows the caller's status code, as the full form does."""
    from tests.intake.test_phone_and_post import an_hour_ago, call

    response = staff_client.post("/staff/phone/", call(an_hour_ago(), submission_key=str(uuid.uuid4())))
    assert response.status_code == 302
    contact = Contact.objects.get()
    page = staff_client.get(response["Location"]).content.decode()
    assert "Status code for the referrer" in page
    code = page.split("Status code for the referrer: <strong>")[1].split("<")[0]
    assert contact.secret_matches(code)


def _inputs(html: str) -> dict[str, str]:
    """Each input's name and its whole tag."""
    return {m.group(1): m.group(0) for m in re.finditer(r'<input[^>]*\bname="([^"]+)"[^>]*>', html)}


def test_int9_nhs_number_hint_gives_a_valid_example() -> None:
    """Issue 17 (INT-9): the hint's example NHS number passes the check digit."""
    from frontdoor.core import validation
    from frontdoor.intake.forms import ChildForm

    hint = str(ChildForm().fields["nhs_number"].help_text)
    example = re.search(r"\d{3} \d{3} \d{4}", hint)
    assert example, hint
    assert validation.normalise_nhs_number(example.group(0)) == example.group(0).replace(" ", "")


@pytest.mark.parametrize("who", ["public", "professional"])
def test_phone_email_and_number_fields_open_the_right_keyboard(client: Client, who: str) -> None:
    """Issue 17: every phone, email and number field of the public form has its type, inputmode or
    autocomplete, so a phone shows the right keyboard and never offers the wrong saved details."""
    client.post(step_url("public", "about-you"), {"referrer_type": who})
    details = _inputs(client.get(step_url("public", "your-details")).content.decode())
    assert 'type="tel"' in details["referrer_phone"] and 'autocomplete="tel"' in details["referrer_phone"]
    assert 'type="email"' in details["referrer_email"] and 'autocomplete="email"' in details["referrer_email"]
    child = _inputs(client.get("/report/children/new/?born=yes").content.decode())
    assert 'inputmode="numeric"' in child["nhs_number"] and 'autocomplete="off"' in child["nhs_number"]
    assert 'autocomplete="off"' in child["postcode"] and 'spellcheck="false"' in child["postcode"]
    for part in ("day", "month", "year"):
        assert 'inputmode="numeric"' in child[f"date_of_birth-{part}"]
    for name, tag in {**details, **child}.items():
        if any(word in name for word in ("phone", "email", "nhs", "postcode", "-day", "-month", "-year")):
            assert "inputmode=" in tag or "autocomplete=" in tag or 'type="tel"' in tag, (name, tag)


def test_every_phone_number_on_public_pages_is_a_tap_to_call_link(client: Client) -> None:
    """Issue 17: "Call 999 now" and the council's numbers are tel: links on every public page."""
    from frontdoor.policy.council import COUNCIL

    client.post(step_url("public", "danger"), {"immediate_danger": "yes"})
    pages = {url: client.get(url).content.decode() for url in ("/", "/report/call-999/", "/status/")}
    assert 'href="tel:999"' in pages["/report/call-999/"]
    assert 'class="govuk-button govuk-button--warning"' in pages["/report/call-999/"]
    for url, html in pages.items():
        # The page title and the heading name the number; everything else that says it is a link.
        text = re.sub(r"<title>.*?</title>|<h1[^>]*>.*?</h1>", "", html, flags=re.DOTALL)
        text = re.sub(r'<a [^>]*href="tel:[^"]*"[^>]*>[^<]*</a>', "", text)
        text = re.sub(r"<[^>]+>", " ", text)
        for number in (COUNCIL.customer_service_phone, COUNCIL.out_of_hours_phone, COUNCIL.hub_phone):
            assert number not in text, (url, number)
        assert not re.search(r"\b999\b", text), (url, re.findall(r".{40}\b999\b.{20}", text))
        assert f'href="tel:{COUNCIL.customer_service_phone.replace(" ", "")}"' in html, url


def test_int1_record_a_contact_always_starts_a_new_contact(staff_client: Client) -> None:
    """Issue 17 (INT-1): "Record a contact" never picks up the previous caller's unfinished contact;
    it is listed, and taken up only by choice, with its own answers."""
    from tests.intake.answers import PROFESSIONAL_SCHOOL, post_ok
    from tests.intake.test_staff_entry import MONDAY_MORNING, arrival

    # The navigation's "Record a contact" goes to the page that starts a new contact.
    home = staff_client.get("/staff/").content.decode()
    assert re.search(r'href="/staff/record/"[^>]*>\s*Record a contact', home), "no 'Record a contact' link"
    assert staff_client.get("/staff/record/")["Location"] == "/staff/record/arrival/"
    post_ok(staff_client, "/staff/record/arrival/", arrival("phone", MONDAY_MORNING))
    for slug in ("danger", "about-you", "your-details"):
        post_ok(staff_client, step_url("staff", slug), PROFESSIONAL_SCHOOL[slug])
    first_key = staff_client.session["journey:staff"]["key"]

    # The next caller: a new contact, with nothing of the first one's answers in it.
    started = staff_client.get("/staff/record/")
    assert started["Location"] == "/staff/record/arrival/"
    page = staff_client.get("/staff/record/arrival/").content.decode()
    assert staff_client.session["journey:staff"]["key"] != first_key
    assert staff_client.session["journey:staff"]["answers"] == {}
    assert 'value="16"' not in page.split("Unfinished contacts you started")[0]  # the first call's date
    assert "Unfinished contacts you started" in page and "Ann Teacher" in page
    about = staff_client.get(step_url("staff", "your-details")).content.decode()
    assert "Ann Teacher" not in about and "Elm Road Primary" not in about

    # A new contact with nothing answered is never listed; the first is taken up by choice.
    staff_client.get("/staff/record/")
    assert len(staff_client.session["journeys-unfinished:staff"]) == 1
    resumed = staff_client.post("/staff/record/resume/", {"key": first_key})
    assert resumed["Location"] == "/staff/record/check/"
    assert staff_client.session["journey:staff"]["key"] == first_key
    check = staff_client.get("/staff/record/check/").content.decode()
    assert "Ann Teacher" in check
    assert staff_client.session.get("journeys-unfinished:staff") == []
    # A key that is not kept is refused plainly.
    gone = staff_client.post("/staff/record/resume/", {"key": first_key}, follow=True)
    assert "That unfinished contact is no longer kept" in gone.content.decode()


def test_int1_the_public_never_choose_a_form_colour(client: Client) -> None:
    """Issue 17: a member of the public says what their worry is about (harm, or help), never
    "red form" or "green form"; a professional chooses, with a plain explanation of each."""
    from frontdoor.intake.models import FormType

    client.post(step_url("public", "danger"), {"immediate_danger": "no"})
    client.post(step_url("public", "about-you"), {"referrer_type": "public"})
    page = client.get(step_url("public", "request-type")).content.decode()
    assert "red form" not in page.lower() and "green form" not in page.lower()
    assert "I think a child is being harmed, or could be harmed" in page
    assert "A child or family needs help or support" in page
    client.post(step_url("public", "about-you"), {"referrer_type": "professional"})
    page = client.get(step_url("public", "request-type")).content.decode()
    assert "Child protection request (red form)" in page and "A social worker decides within one working day" in page
    # The public's answer decides the colour.
    sent = send(client, answer_all(client, {**PUBLIC_ANONYMOUS, "request-type": {"form_type": "green"}}))
    assert sent.status_code == 302
    assert Contact.objects.get().form_type == FormType.GREEN


def test_int11_a_child_in_immediate_danger_is_always_a_child_protection_request(client: Client) -> None:
    """Issue 17: one who said a child is in immediate danger is not asked what they want, and can
    no longer send a green "request for a service" (not even by posting it)."""
    from frontdoor.intake.models import FormType
    from tests.intake.answers import CHILD_UNNAMED, person_url, post_ok

    post_ok(client, step_url("public", "danger"), {"immediate_danger": "yes"})
    post_ok(client, step_url("public", "call-999"), {})
    post_ok(client, step_url("public", "about-you"), {"referrer_type": "public"})
    after = post_ok(client, step_url("public", "your-details"), {"anonymity": "anonymous"})
    assert after["Location"] == step_url("public", "children")  # no "what are you asking for?"
    client.post(step_url("public", "request-type"), {"form_type": "green"})  # posted anyway
    post_ok(client, person_url("public", "children"), CHILD_UNNAMED)
    for slug in ("concern", "family", "parents"):
        post_ok(client, step_url("public", slug), PUBLIC_ANONYMOUS.get(slug, {}))
    check = client.get(step_url("public", "check")).content.decode()
    assert "What you are asking for" not in check
    send(client, check.split('name="submission_key" value="')[1].split('"')[0])
    contact = Contact.objects.get()
    assert contact.form_type == FormType.RED and contact.immediate_danger is True


def test_int3_the_child_page_asks_first_whether_the_child_is_born_then_shows_only_its_dates(
    client: Client,
) -> None:
    """Issue 17 (INT-3): "Has the child been born?" comes first, on its own; then a born child's
    page has a date of birth and age but no expected date, and an unborn baby's the reverse."""
    from tests.intake.answers import CHILD_UNNAMED, post_ok

    client.get(step_url("public", "danger"))
    first = client.get("/report/children/new/").content.decode()
    assert "Has the child been born?" in first and 'name="date_of_birth-day"' not in first
    assert 'name="expected_date-day"' not in first
    assert client.post("/report/children/new/", {"born_question": "1"}).status_code == 400
    chosen = post_ok(client, "/report/children/new/", {"born_question": "1", "born": "no"})
    assert chosen["Location"] == "/report/children/new/?born=no"
    unborn = client.get(chosen["Location"]).content.decode()
    assert 'name="expected_date-day"' in unborn and 'name="date_of_birth-day"' not in unborn
    assert 'name="age_description"' not in unborn and 'name="born" value="no"' in unborn
    born = client.get("/report/children/new/?born=yes").content.decode()
    assert 'name="date_of_birth-day"' in born and 'name="age_description"' in born
    assert 'name="expected_date-day"' not in born
    # Saved, and changed later: the page shows the dates of the answer given.
    post_ok(client, "/report/children/new/?born=yes", CHILD_UNNAMED)
    again = client.get("/report/children/0/").content.decode()
    assert 'name="date_of_birth-day"' in again and 'name="expected_date-day"' not in again
    assert "Has the child been born?" in client.get("/report/children/0/?born=").content.decode()
