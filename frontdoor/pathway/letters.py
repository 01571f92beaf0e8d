"""Letters to a child's parents at each step that affects the family (STA-2).

Each letter says, in plain English, what is happening and why; whether it is help the family
may refuse (section 17) or an enquiry they are expected to take part in (section 47); what
happens next and when, with the real dates; how to complain; and where to get independent
advice and advocacy (seeds 003 and 004). Every sentence is marked for translation (Django's
i18n: ``frontdoor/pathway/locale``). Readability is measured with ``textstat``: every letter
has a reading age of 11 or less (Flesch-Kincaid grade 6, plus 5 years), tested and printed by
``manage.py letter_readability``.

The contact details are the council's (``frontdoor.policy.council``) and the advice services'
(``LetterContacts``): another council sets its own with FRONTDOOR_LETTERS_* variables.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import textstat  # type: ignore[import-untyped]
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from frontdoor.pathway.models import Conference, Episode, LetterKind
from frontdoor.policy import timescales
from frontdoor.policy.calendar import to_london
from frontdoor.policy.council import COUNCIL

MAX_GRADE = 6.0  # Flesch-Kincaid grade 6 is a reading age of 11
LANGUAGES = (("en", "English"), ("pl", "Polski (Polish)"))
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)


def _env(name: str, default: str) -> str:
    return os.environ.get(f"FRONTDOOR_LETTERS_{name}", default)


@dataclass(frozen=True)
class LetterContacts:
    """Who a parent can ring: the council's social care line and independent advice."""

    social_care_phone: str = _env("SOCIAL_CARE_PHONE", COUNCIL.customer_service_phone)
    complaints_phone: str = _env("COMPLAINTS_PHONE", "01632 960 004")
    complaints_web: str = _env("COMPLAINTS_WEB", "northshire.example/complaints")
    advice_name: str = _env("ADVICE_NAME", "Family Rights Group")
    advice_phone: str = _env("ADVICE_PHONE", "0808 801 0366")
    advice_web: str = _env("ADVICE_WEB", "frg.org.uk")
    advocacy_name: str = _env("ADVOCACY_NAME", "Northshire Family Advocacy Service")
    advocacy_phone: str = _env("ADVOCACY_PHONE", "01632 960 005")


CONTACTS = LetterContacts()


@dataclass
class Section:
    heading: str
    paragraphs: list[str]


@dataclass
class Letter:
    kind: str
    language: str
    title: str
    dated: dt.date
    greeting: str
    sections: list[Section] = field(default_factory=list)
    sign_off: str = ""
    sender: str = ""
    dated_text: str = ""

    def plain_text(self) -> str:
        """The letter's words, for measuring how easy it is to read."""
        parts = [self.title, self.greeting]
        for section in self.sections:
            parts.append(section.heading + ".")
            parts += section.paragraphs
        parts.append(self.sign_off)
        return "\n".join(p for p in parts if p)

    def grade(self) -> float:
        """Flesch-Kincaid grade of the letter (English letters only)."""
        return float(textstat.flesch_kincaid_grade(self.plain_text()))

    def reading_age(self) -> float:
        return self.grade() + 5


def _day(value: dt.date) -> str:
    return formats.date_format(value, "j E Y")


def _first_name(episode: Episode) -> str:
    return episode.child.given_name or _("your child")


def _worker(episode: Episode) -> str:
    worker = episode.allocated_worker
    return worker.display_name if worker else _("a social worker")


def _rights(c: LetterContacts) -> list[Section]:
    """What every letter ends with: complaints, independent advice and advocacy, other formats."""
    return [
        Section(
            _("Free advice and someone on your side"),
            [
                _("You can get free advice from people who do not work for us."),
                _("%(name)s gives free advice to parents. Call them on %(phone)s or go to %(web)s.")
                % {"name": c.advice_name, "phone": c.advice_phone, "web": c.advice_web},
                _("You can ask for an advocate. An advocate is on your side. They help you say what you think."),
                _("Call %(name)s on %(phone)s. It is free.") % {"name": c.advocacy_name, "phone": c.advocacy_phone},
                _("You can also talk to a solicitor. You may not have to pay."),
            ],
        ),
        Section(
            _("If you are not happy with us"),
            [
                _("You can tell your social worker. You can also ask to speak to their manager."),
                _("You can make a complaint. Call %(phone)s or go to %(web)s.")
                % {"phone": c.complaints_phone, "web": c.complaints_web},
                _("It will not change how we treat you or your child."),
            ],
        ),
        Section(
            _("If you need help with this letter"),
            [
                _("We can give you this letter in another language or read it to you. Just ask."),
                _("Call us on %(phone)s.") % {"phone": c.social_care_phone},
            ],
        ),
    ]


def _assessment(episode: Episode, child: str, c: LetterContacts) -> tuple[str, list[Section]]:
    config_seen = timescales.child_seen_due_on(episode.referral_date).due_on
    due = timescales.assessment_due_on(episode.referral_date).due_on
    assessment = episode.assessments.order_by("-started_on").first()
    if assessment is not None:
        config_seen = assessment.child_seen_due_on or config_seen
        due = assessment.due_on
    return _("We would like to help your family"), [
        Section(
            _("What is happening"),
            [
                _("On %(date)s someone told us they were worried about %(child)s.")
                % {"date": _day(episode.referral_date), "child": child},
                _("We want to find out if your family needs some help. We call this an assessment."),
            ],
        ),
        Section(
            _("You can say no"),
            [
                _("This is help you can say no to. You do not have to take part."),
                _("We hope you will talk to us. If you say no, we will tell you what we will do next."),
                _("The law that lets us offer help is section 17 of the Children Act 1989."),
            ],
        ),
        Section(
            _("What happens next"),
            [
                _("%(worker)s will get in touch with you.") % {"worker": _worker(episode)},
                _("We will see %(child)s by %(date)s.") % {"child": child, "date": _day(config_seen)},
                _("We will finish by %(date)s. Then we will tell you what we found.") % {"date": _day(due)},
                _("You can tell us if you think we got something wrong."),
            ],
        ),
    ]


def _section47(episode: Episode, child: str, c: LetterContacts) -> tuple[str, list[Section]]:
    s47 = episode.section47s.select_related("strategy_discussion").order_by("-started_on").first()
    met_on = to_london(s47.strategy_discussion.held_at).date() if s47 and s47.strategy_discussion else None
    target = s47.icpc_target if s47 and s47.icpc_target else None
    what = [
        _("We have a worry that %(child)s may be at risk of harm.") % {"child": child},
        _("We talked about it with the police and health staff."),
    ]
    if met_on:
        what[1] = _("On %(date)s we talked about it with the police and health staff.") % {"date": _day(met_on)}
    what.append(_("We have decided that we must find out more. This is called a child protection enquiry."))
    next_steps = [
        _("We will talk to you and to %(child)s.") % {"child": child},
        _("We may talk to people who know %(child)s, like the school or the doctor.") % {"child": child},
        _("We will tell you what we find."),
    ]
    if target:
        next_steps.append(
            _("If we are still worried, we will ask you to a meeting by %(date)s.") % {"date": _day(target)}
        )
    return _("We need to find out more about a worry"), [
        Section(_("What is happening"), what),
        Section(
            _("You are expected to take part"),
            [
                _("This is not help you can say no to. The law says we must do this."),
                _("The law is section 47 of the Children Act 1989."),
                _("We need you to work with us. We want to hear your side."),
                _("It does not mean we have decided that you hurt %(child)s.") % {"child": child},
            ],
        ),
        Section(_("What happens next"), next_steps),
    ]


def _initial_conference(episode: Episode, child: str, c: LetterContacts) -> tuple[str, list[Section]]:
    conference = episode.conferences.filter(kind=Conference.Kind.INITIAL).order_by("-held_on").first()
    s47 = episode.section47s.order_by("-started_on").first()
    if conference is not None:
        when = _("The meeting is on %(date)s.") % {"date": _day(conference.held_on)}
    elif s47 is not None and s47.icpc_target:
        when = _("The meeting will be by %(date)s. We will tell you the day and time.") % {
            "date": _day(s47.icpc_target)
        }
    else:
        when = _("We will tell you the day and time.")
    return _("Please come to a meeting about %(child)s") % {"child": child}, [
        Section(
            _("What is happening"),
            [
                _("We are still worried about %(child)s. So we are holding a meeting.") % {"child": child},
                _("It is called a child protection conference."),
                when,
            ],
        ),
        Section(
            _("At the meeting"),
            [
                _("You, the people who work with your family and our staff will talk about %(child)s.")
                % {"child": child},
                _("We will decide if %(child)s needs a child protection plan.") % {"child": child},
                _("You will get a copy of our report before the meeting."),
                _("You can bring a friend or an advocate with you."),
                _("You can ask to talk to the person who runs the meeting before it starts."),
            ],
        ),
        Section(
            _("Taking part"),
            [
                _("We want you to come and say what you think."),
                _("If you cannot come, tell us. You can send your views in writing."),
            ],
        ),
    ]


def _cp_plan(episode: Episode, child: str, c: LetterContacts) -> tuple[str, list[Section]]:
    plan = episode.cp_plans.order_by("-started_on").first()
    started = plan.started_on if plan else timezone.localdate()
    first_review = timescales.review_conference_due_on(started).due_on
    return _("%(child)s now has a child protection plan") % {"child": child}, [
        Section(
            _("What is happening"),
            [
                _("At the meeting on %(date)s, it was decided that %(child)s needs a child protection plan.")
                % {"date": _day(started), "child": child},
                _("The plan says what must change to keep %(child)s safe. It says who will help.") % {"child": child},
            ],
        ),
        Section(
            _("You are expected to take part"),
            [
                _("This is not help you can say no to. We need you to work with the plan."),
                _("If you do not agree with the plan, tell us. You can also complain."),
            ],
        ),
        Section(
            _("What happens next"),
            [
                _("A small group will meet often to check the plan. You will be part of it."),
                _("The first review meeting will be by %(date)s.") % {"date": _day(first_review)},
                _("After that, we will meet at least every 6 months."),
                _("The plan ends when %(child)s is safe.") % {"child": child},
            ],
        ),
    ]


def _cin_plan(episode: Episode, child: str, c: LetterContacts) -> tuple[str, list[Section]]:
    plan = episode.cin_plans.order_by("-started_on").first()
    started = plan.started_on if plan else timezone.localdate()
    return _("%(child)s now has a plan for help") % {"child": child}, [
        Section(
            _("What is happening"),
            [
                _("From %(date)s, %(child)s has a child in need plan.") % {"date": _day(started), "child": child},
                _("The plan says what help your family will get, and who will give it."),
            ],
        ),
        Section(
            _("You can say no"),
            [
                _("This is help you can say no to."),
                _("We hope you will work with us. If you say no, we will tell you what we will do next."),
            ],
        ),
        Section(
            _("What happens next"),
            [
                _("We will meet with you to check how the plan is going."),
                _("When your family does not need the help any more, the plan will end."),
            ],
        ),
    ]


def _closure_reason(code: str) -> str:
    reasons = {
        "RC1": _("%(child)s has been adopted."),
        "RC2": _("We are very sorry that %(child)s has died."),
        "RC3": _("A court has made an order about where %(child)s lives."),
        "RC4": _("A court has made a special guardianship order for %(child)s."),
        "RC5": _("Your family now gets help from another council."),
        "RC6": _("Help now comes from the adult social care team."),
        "RC7": _("We think %(child)s does not need our help now."),
        "RC8": _("We looked at what %(child)s needs. We do not need to do more."),
        "RC9": _("We looked at what %(child)s needs. Early help can give your family support."),
    }
    return reasons.get(code, _("We think %(child)s does not need our help now."))


def _closure(episode: Episode, child: str, c: LetterContacts) -> tuple[str, list[Section]]:
    closed = episode.closed_on or timezone.localdate()
    return _("We have stopped our work with your family"), [
        Section(
            _("What is happening"),
            [
                _("We stopped our work with your family on %(date)s.") % {"date": _day(closed)},
                _closure_reason(episode.closure_reason) % {"child": child},
            ],
        ),
        Section(
            _("What happens next"),
            [
                _("You do not need to do anything."),
                _("If you need help again, call us on %(phone)s.") % {"phone": c.social_care_phone},
                _("You can ask to see what we wrote about your family."),
            ],
        ),
    ]


BUILDERS = {
    LetterKind.ASSESSMENT: _assessment,
    LetterKind.SECTION47: _section47,
    LetterKind.INITIAL_CONFERENCE: _initial_conference,
    LetterKind.CP_PLAN: _cp_plan,
    LetterKind.CIN_PLAN: _cin_plan,
    LetterKind.CLOSURE: _closure,
}


def available(episode: Episode) -> list[str]:
    """The letters this episode's steps so far call for, in the order they happen."""
    kinds = [LetterKind.ASSESSMENT.value] if episode.assessments.exists() or episode.referral_id else []
    if episode.section47s.exists():
        kinds.append(LetterKind.SECTION47)
    if episode.section47s.filter(icpc_required=True).exists():
        kinds.append(LetterKind.INITIAL_CONFERENCE)
    if episode.cp_plans.exists():
        kinds.append(LetterKind.CP_PLAN)
    if episode.cin_plans.exists():
        kinds.append(LetterKind.CIN_PLAN)
    if episode.closed_on is not None:
        kinds.append(LetterKind.CLOSURE)
    return kinds


def build(episode: Episode, kind: str, language: str = "en", *, contacts: LetterContacts = CONTACTS) -> Letter:
    if kind not in BUILDERS:
        raise ValueError(f"no such letter: {kind}")
    if language not in dict(LANGUAGES):
        raise ValueError(f"no such language: {language}")
    with translation.override(language):
        child = _first_name(episode)
        title, sections = BUILDERS[LetterKind(kind)](episode, child, contacts)
        today = timezone.localdate()
        return Letter(
            kind=kind,
            language=language,
            title=title,
            dated=today,
            dated_text=_day(today),
            greeting=_("Dear parent or carer of %(child)s,") % {"child": child},
            sections=[*sections, *_rights(contacts)],
            sign_off=_("Yours sincerely,"),
            sender=_("%(worker)s, Children's Services, %(council)s")
            % {"worker": _worker(episode), "council": COUNCIL.name},
        )


def _font(pdf: FPDF) -> str:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdf.add_font("DejaVu", "", str(regular))
            pdf.add_font("DejaVu", "B", str(bold))
            return "DejaVu"
    return "Helvetica"


def _safe(text: str, font: str) -> str:
    if font != "Helvetica":
        return text
    return text.replace("\u2019", "'").encode("latin-1", "replace").decode("latin-1")


def pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF, in a Unicode font where the system has one (Debian's DejaVu)."""
    document = FPDF(format="A4")
    document.set_title(letter.title)
    document.set_author(COUNCIL.name)
    document.set_lang(letter.language)
    document.set_auto_page_break(auto=True, margin=18)
    document.set_margins(20, 18, 20)
    document.add_page()
    font = _font(document)

    def write(text: str, size: int = 12, style: Literal["", "B"] = "", gap: float = 2) -> None:
        document.set_font(font, style, size)
        document.multi_cell(0, size * 0.55, _safe(text, font), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        document.ln(gap)

    write(COUNCIL.name, 11, "B", 0)
    write(COUNCIL.postal_address, 10)
    write(letter.dated_text, 11)
    write(letter.title, 18, "B", 4)
    write(letter.greeting)
    for section in letter.sections:
        write(section.heading, 14, "B", 1)
        for paragraph in section.paragraphs:
            write(paragraph)
        document.ln(2)
    write(letter.sign_off, 12, "", 6)
    write(letter.sender)
    return bytes(document.output())
