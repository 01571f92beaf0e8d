"""The shared page parts (frontdoor/templates/components/, frontdoor/components.py): tables and
summary lists drawn by GOV.UK Frontend's own macros with everyone's words escaped (SEC-4), one
deadline row shape for the three deadlines lists (TIM-3), and flash messages shown once, by the
layout."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.template import engines
from django.test import Client
from markupsafe import Markup

from frontdoor.access import services as access
from frontdoor.accounts.models import Role, Team, User
from frontdoor.core import components
from frontdoor.core.components import Deadline
from frontdoor.pathway.models import Episode
from frontdoor.people import services as people
from tests.factories import JAYDEN, make_contact, manager, screener, staff

HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def render(source: str, **context: Any) -> str:
    return str(engines["jinja2"].from_string(source).render(context))


def squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", html)


# --- The parameters -----------------------------------------------------------------------------


def test_a_cell_is_text_unless_a_template_made_it_markup() -> None:
    assert components.cell(HOSTILE) == {"text": HOSTILE}
    assert components.cell(7) == {"text": "7"} and components.cell(None) == {"text": ""}
    link = Markup('<a href="/x">{}</a>').format(HOSTILE)
    assert components.cell(link) == {"html": link} and ESCAPED in components.cell(link)["html"]
    assert components.cell({"text": 3, "format": "numeric"}) == {"text": "3", "format": "numeric"}


def test_html_that_is_not_markup_is_refused_not_shown() -> None:
    for given in ({"html": "<b>" + HOSTILE + "</b>"}, {"html": HOSTILE, "colspan": 2}):
        with pytest.raises(TypeError, match="must be markup"):
            components.cell(given)
        with pytest.raises(TypeError):
            components.table("Caption", ["A"], [[given]])
    with pytest.raises(TypeError):
        components.summary_list([("Key", {"html": HOSTILE})])
    with pytest.raises(TypeError):
        components.summary_list([{"key": "K", "value": "V", "actions": {"items": [{"href": "/", "html": HOSTILE}]}}])
    with pytest.raises(TypeError):
        components.summary_list([("K", "V")], card={"title": {"html": HOSTILE}})


def test_a_table_without_rows_says_so_across_it_and_captions_are_sized() -> None:
    params = components.table("Nothing here", ["A", "B", "C"], [], empty="None.", caption_size="s")
    assert params["rows"] == [[{"text": "None.", "colspan": 3}]]
    assert params["caption"] == "Nothing here" and params["captionClasses"] == "govuk-table__caption--s"
    assert components.table("X", ["A"], [], caption_size="hidden")["captionClasses"] == "govuk-visually-hidden"
    assert components.table(None, ["A"], [])["rows"] == [] and "caption" not in components.table(None, ["A"], [])


def test_a_summary_list_leaves_out_what_is_not_known_unless_asked_to_keep_it() -> None:
    rows = [("Name", "Ann"), ("Email", ""), ("Phone", None), None, ("Markup", Markup(""))]
    assert [r["key"]["text"] for r in components.summary_list(rows)["rows"]] == ["Name"]
    kept = components.summary_list(rows, keep_empty=True)["rows"]
    assert [r["key"]["text"] for r in kept] == ["Name", "Email", "Phone", "Markup"]
    assert kept[2]["value"] == {"text": ""}


# --- The macros ---------------------------------------------------------------------------------

TABLES = '{% from "components/tables.html" import table, summary_list %}'


def test_the_table_macro_escapes_text_has_scopes_and_a_caption() -> None:
    html = render(
        TABLES + '{% set link %}<a href="/p">{{ name }}</a>{% endset %}'
        '{{ table("People", ["Name", "Note"], [[link, name]], first_cell_is_header=true) }}',
        name=HOSTILE,
    )
    assert HOSTILE not in html and html.count(ESCAPED) == 2
    assert '<caption class="govuk-table__caption govuk-table__caption--m">People</caption>' in squeeze(html)
    assert html.count('scope="col"') == 2 and html.count('<th scope="row"') == 1
    refused = TABLES + '{{ table("People", ["Name"], [[{"html": "<a>" ~ name ~ "</a>"}]]) }}'
    with pytest.raises(TypeError):
        render(refused, name=HOSTILE)


def test_the_summary_list_macro_escapes_keys_values_and_hidden_text() -> None:
    html = render(
        TABLES + '{{ summary_list([(name, name), {"key": "Who", "value": name, "actions": {"items": '
        '[{"href": "/change", "text": "Change", "visuallyHiddenText": name}]}}]) }}',
        name=HOSTILE,
    )
    assert HOSTILE not in html and html.count(ESCAPED) == 4
    assert '<span class="govuk-visually-hidden"> ' + ESCAPED + "</span>" in html


# --- Deadlines ----------------------------------------------------------------------------------

DEADLINES = '{% from "components/deadlines.html" import deadline_list %}'
DUE = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC)


def deadline(**changes: Any) -> Deadline:
    values: dict[str, Any] = {
        "record": "FD-AAAA-BBBB",
        "href": "/r",
        "title": "Decision",
        "source": "§3",
        "due": DUE,
        "state": "overdue",
    }
    return Deadline(**{**values, **changes})


def test_one_deadline_row_shape_draws_each_list_with_its_own_columns() -> None:
    # Contacts: the reference, and the tag after it when restricted; the time and how near it is.
    html = squeeze(
        render(
            DEADLINES + '{{ deadline_list(items, "Due", [("Reference", "record"), ("Deadline", '
            '"deadline"), ("Due", "due"), ("Team", "team"), ("With", "holder")], '
            'source_label="") }}',
            items=[deadline(restricted=True, team="MASH", holder="Nobody yet")],
        )
    )
    assert '<a class="govuk-link" href="/r">FD-AAAA-BBBB</a> <strong class="govuk-tag govuk-tag--grey">' in html
    assert 'Decision<br><span class="govuk-body-s">§3</span>' in html
    assert '17 November 2026 at 10am <strong class="govuk-tag govuk-tag--red"> Overdue </strong>' in html
    assert ">MASH<" in html and ">Nobody yet<" in html
    # A child's pathway: the name withheld, a date only, how near it is in a column of its own.
    html = squeeze(
        render(
            DEADLINES + '{{ deadline_list(items, "Due", [("Child", "record"), ("Deadline", '
            '"deadline"), ("Due by", "due"), ("Done", "done"), ("State", "state")]) }}',
            items=[
                deadline(
                    record="", restricted=True, note="North", due=DUE.date(), done=dt.date(2026, 11, 20), late=True
                )
            ],
        )
    )
    assert '<a class="govuk-link" href="/r">Restricted record</a><br><span class="govuk-body-s">North</span>' in html
    assert "govuk-tag--grey" not in html and "Source: §3" in html
    assert ">17 November 2026<" in html and "20 November 2026 (late)" in html and "govuk-tag--red" in html
    # Information requests: the sender's column holds the tag; the page draws its own status column.
    html = squeeze(
        render(
            DEADLINES + '{% call(item, what) deadline_list(items, "Due", [("Request", "record"), '
            '("From", "sender"), ("Status", "status")], empty="Nothing is due.") %}'
            "[{{ item.status_label }}]{% endcall %}",
            items=[deadline(restricted=True, status_label="New"), deadline(sender=HOSTILE)],
        )
    )
    assert html.count("govuk-tag--grey") == 1 and "[New]" in html and HOSTILE not in html and ESCAPED in html
    empty = squeeze(render(DEADLINES + '{{ deadline_list([], "Due", [("A", "record"), ("B", "due")]) }}'))
    assert '<td class="govuk-table__cell" colspan="2">Nothing is due or overdue.</td>' in empty


# --- Pages --------------------------------------------------------------------------------------


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_sec4_a_hostile_name_in_a_contact_and_a_person_is_escaped_in_tables_and_summary_lists() -> None:
    contact = make_contact(referrer_name=HOSTILE, people=[{**JAYDEN, "given_names": HOSTILE}])
    child = people.create_person(
        given_name=HOSTILE, surname="Smith", date_of_birth=dt.date(2019, 4, 3), postcode="NS1 2AB", actor=None
    )
    boss = manager()
    Episode.objects.create(child=child, referral_date=dt.date(2026, 11, 2), referral_source="2A", team=boss.team)
    client = client_for(boss)
    pages = {
        "the contacts table": "/staff/",
        "the contact's summary lists": f"/staff/contacts/{contact.reference}/",
        "the person's summary list and names table": f"/staff/people/{child.pk}/",
        "the search results table": "/staff/people/search/?surname=Smith&postcode=NS1+2AB",
        "the pathway deadlines list": "/staff/pathway/deadlines/",
    }
    for what, path in pages.items():
        response = client.get(path)
        page = response.content.decode()
        assert response.status_code == 200, what
        assert HOSTILE not in page, f"unescaped in {what}"
        assert ESCAPED in page, f"the name is not shown in {what}"
    contact_page = squeeze(client.get(pages["the contact's summary lists"]).content.decode())
    name_row = f'<dt class="govuk-summary-list__key"> Name </dt> <dd class="govuk-summary-list__value"> {ESCAPED} </dd>'
    assert name_row in contact_page
    person_page = squeeze(client.get(pages["the person's summary list and names table"]).content.decode())
    assert f'<td class="govuk-table__cell">{ESCAPED} Smith</td>' in person_page


def flash_count(html: str, message: str) -> int:
    return html.count(f'<p class="govuk-notification-banner__heading">{message}</p>')


@pytest.mark.django_db
def test_a_flash_message_is_shown_once_above_the_page_by_the_layout() -> None:
    contact = make_contact()
    tom = client_for(screener())
    response = tom.post("/staff/screening/claim-next/", {"queue": contact.queue}, follow=True)
    page = response.content.decode()
    assert flash_count(page, f"You are screening contact {contact.reference}") == 1
    assert page.index("govuk-notification-banner--success") < page.index("<h1")
    assert flash_count(tom.get(response.request["PATH_INFO"]).content.decode(), "You are screening") == 0


@pytest.mark.django_db
def test_a_page_that_gathered_its_messages_without_showing_them_now_shows_them() -> None:
    # The break-glass uses page took its messages but had no place for them: "Marked as reviewed" was lost.
    Team.objects.create(name="Allegations (LADO)", kind=Team.Kind.ALLEGATIONS)
    boss = manager("boss")
    allegation = make_contact(allegation_against_worker=True)
    restrictions = list(allegation.restrictions.all())
    grant = access.break_glass(restrictions, "Police on the phone about it tonight", actor=boss)[0]
    dpo = staff(Role.DATA_PROTECTION_OFFICER, "dpo")
    response = client_for(dpo).post(f"/staff/access/break-glass/{grant.pk}/review/", {"note": "Checked"}, follow=True)
    assert flash_count(response.content.decode(), "Marked as reviewed") == 1
