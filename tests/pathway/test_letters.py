"""Letters to parents (STA-2): what they say, how easy they are to read, translation, PDF, sending."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import textstat  # type: ignore[import-untyped]
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from frontdoor.audit.models import AuditEntry
from frontdoor.pathway import letters
from frontdoor.pathway import services as pathway
from frontdoor.pathway.models import Episode, LetterKind, LetterSent
from tests.factories import social_worker

pytestmark = pytest.mark.django_db


def _closed(episode: Episode) -> Episode:
    worker = social_worker("closer")
    plan = episode.cp_plans.get()
    pathway.hold_review_conference(plan, actor=worker, held_on=dt.date(2026, 11, 24), outcome="plan_ends")
    return pathway.close_episode(episode, actor=worker, closed_on=dt.date(2026, 11, 24), reason="RC7")


def test_sta2_every_letter_has_a_reading_age_of_11_or_less(full_episode: Episode) -> None:
    episode = _closed(full_episode)
    for kind in LetterKind.values:
        letter = letters.build(episode, kind)
        grade = textstat.flesch_kincaid_grade(letter.plain_text())
        assert grade <= letters.MAX_GRADE, f"{kind}: grade {grade}"
        assert letter.reading_age() <= 11


def test_sta2_the_s17_letter_says_the_family_may_refuse_with_the_real_dates(full_episode: Episode) -> None:
    text = letters.build(full_episode, LetterKind.ASSESSMENT).plain_text()
    assert "help you can say no to" in text and "section 17 of the Children Act 1989" in text
    assert "17 November 2026" in text  # when the referral was made
    assert "We will see Jayden by 24 November 2026" in text  # 5 working days
    assert "We will finish by 22 January 2027" in text  # 45 working days, over Christmas
    assert "must do this" not in text


def test_sta2_the_s47_letter_says_it_is_an_enquiry_they_take_part_in_and_when_the_meeting_may_be(
    full_episode: Episode,
) -> None:
    text = letters.build(full_episode, LetterKind.SECTION47).plain_text()
    assert "This is not help you can say no to. The law says we must do this." in text
    assert "section 47 of the Children Act 1989" in text
    assert "It does not mean we have decided that you hurt Jayden." in text
    assert "On 17 November 2026 we talked about it with the police and health staff." in text
    assert "by 8 December 2026" in text  # 15 working days after the strategy discussion


def test_sta2_conference_and_plan_letters_give_the_dates_and_every_letter_the_rights(full_episode: Episode) -> None:
    conference = letters.build(full_episode, LetterKind.INITIAL_CONFERENCE).plain_text()
    assert "The meeting is on 23 November 2026." in conference and "advocate" in conference
    plan = letters.build(full_episode, LetterKind.CP_PLAN).plain_text()
    assert "The first review meeting will be by 23 February 2027." in plan
    assert "at least every 6 months" in plan
    for kind in LetterKind.values:
        text = letters.build(full_episode, kind).plain_text()
        assert "You can make a complaint. Call 01632 960 004" in text  # how to complain
        assert "Family Rights Group gives free advice to parents. Call them on 0808 801 0366" in text
        assert "You can ask for an advocate." in text  # independent advocacy (seed 004)


def test_sta2_advice_contacts_are_the_councils_to_configure(full_episode: Episode) -> None:
    mine = letters.LetterContacts(advice_name="Kent Family Advice", advice_phone="01632 960 999")
    text = letters.build(full_episode, LetterKind.CIN_PLAN, contacts=mine).plain_text()
    assert "Kent Family Advice gives free advice to parents. Call them on 01632 960 999" in text


def test_sta2_closure_letter_explains_the_reason_in_plain_words(full_episode: Episode) -> None:
    episode = _closed(full_episode)
    text = letters.build(episode, LetterKind.CLOSURE).plain_text()
    assert "We stopped our work with your family on 24 November 2026." in text
    assert "We think Jayden does not need our help now." in text


def test_sta2_letters_are_translated_with_django_i18n(full_episode: Episode) -> None:
    letter = letters.build(full_episode, LetterKind.SECTION47, "pl")
    text = letter.plain_text()
    assert letter.title == "Musimy dowiedzieć się więcej o naszych obawach"
    assert "To nie jest pomoc, której możesz odmówić." in text
    assert "17 listopada 2026" in text  # the date in Polish too
    assert "Family Rights Group udziela rodzicom bezpłatnych porad" in text
    with pytest.raises(ValueError):
        letters.build(full_episode, LetterKind.SECTION47, "xx")


def test_sta2_letters_are_pdfs_in_a_unicode_font(full_episode: Episode) -> None:
    english = letters.pdf(letters.build(full_episode, LetterKind.CP_PLAN))
    polish = letters.pdf(letters.build(full_episode, LetterKind.CP_PLAN, "pl"))
    assert english.startswith(b"%PDF") and polish.startswith(b"%PDF")
    assert b"DejaVu" in polish


def test_sta2_the_readability_command_prints_every_letters_score(full_episode: Episode) -> None:
    out = io.StringIO()
    call_command("letter_readability", episode=full_episode.pk, stdout=out)
    lines = out.getvalue().splitlines()
    assert len([line for line in lines if "Flesch-Kincaid grade" in line]) == len(LetterKind.values)
    assert all(line.endswith("ok") for line in lines[1:])


def test_sta2_staff_preview_download_and_record_sending_which_is_audited(full_episode: Episode) -> None:
    worker = social_worker("sender")
    client = Client()
    client.force_login(worker)
    kind = LetterKind.SECTION47
    page = client.get(reverse("pathway:letter", args=[full_episode.pk, kind]))
    assert page.status_code == 200 and "section 47 of the Children Act 1989" in page.content.decode()
    polish = client.get(reverse("pathway:letter", args=[full_episode.pk, kind]) + "?lang=pl")
    assert 'lang="pl"' in polish.content.decode() and "odmówić" in polish.content.decode()
    pdf = client.get(reverse("pathway:letter-pdf", args=[full_episode.pk, kind]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    url = reverse("pathway:letter-sent", args=[full_episode.pk, kind])
    bad = client.post(url, {"recipient": "", "method": "post"})
    assert bad.status_code == 400 and "Enter who the letter was sent to" in bad.content.decode()
    ok = client.post(
        url,
        {
            "recipient": "Ms Smith (mother)",
            "method": "post",
            "sent_on-day": "24",
            "sent_on-month": "11",
            "sent_on-year": "2026",
            "language": "en",
        },
    )
    assert ok.status_code == 302
    sent = LetterSent.objects.get()
    assert (sent.kind, sent.recipient, sent.recorded_by) == (kind, "Ms Smith (mother)", worker)
    assert AuditEntry.objects.filter(action="pathway.letter_sent", actor=worker).exists()
    assert AuditEntry.objects.filter(action__in=["letter.viewed", "letter.downloaded"], actor=worker).count() >= 2
