"""Euphemistic language in records (SCR-7), pointed out to the writer, who may rephrase or keep it.

Serious case reviews keep finding that the words in a record softened what happened to the
child: "rough handling" for a blow, "a domestic" for an assault on a parent in front of the
children, "sexually active" for a child who is being abused. The reader of the record, often
days later and in another agency, cannot see the injury behind the phrase and so does not act
(SCIE review of 38 serious case reviews, theme 10, seed 002).

Each ``Euphemism`` is data with its citation (DEC-7): a pattern, what the phrase hides, and what
to write instead. ``find_euphemisms`` only points phrases out; it never changes the text and
never blocks saving, so a writer who means exactly what they wrote can keep it.

The patterns are deliberately simple (literal words joined by ``[\\s-]+``, no nested
repetition), so hostile text of any length and any Unicode is scanned in linear time. They
are case-insensitive and word-bounded, and prefer missing a rare variant to flagging plain
facts: "he hit her with a belt leaving a 5 cm bruise" finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

MAX_TEXT_LENGTH = 20_000
"""Texts are scanned up to this many characters; the rest of a longer text is not checked."""

SCIE_THEME_10 = (
    "SCIE, learning from 38 serious case reviews (2016), theme 10 "
    "'Euphemistic language in reports and written records' "
    "(summarised by Safeguarding Network, January 2021)"
)
SCIE_THEME_4 = (
    "SCIE, learning from 38 serious case reviews (2016), theme 4 "
    "'Not making a referral when young people disclose sexual activity' "
    "(summarised by Safeguarding Network, January 2021)"
)
PROCEDURE = "Contacts and Referrals procedure"

_GAP = r"[\s-]+"  # one or more spaces, line breaks or hyphens between words
_OPT_GAP = r"[\s-]*"  # the same, or none ("nonengagement", "underage")
_PRONOUN = r"(?:his|her|their|my|your|the)"
_REFLEXIVE = r"(?:herself|himself|themselves|themself)"
_AFTER_A_DOMESTIC = (
    "between|at|with|involving|in|on|last|yesterday|earlier|today|tonight|this|that|took|occurred|happened"
    "|where|when|after|before|and|but|so|while|during|reported|was|has|had|which"
)


@dataclass(frozen=True)
class Euphemism:
    id: str
    pattern: str  # a regular expression, matched case-insensitively and word-bounded
    why: str  # plain English: what the phrase hides
    suggestion: str  # what to write instead
    source: str  # citation

    def __post_init__(self) -> None:
        _compile(self.pattern)  # fail at import, not at the first record, on a bad pattern


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


@dataclass(frozen=True)
class LanguageFlag:
    euphemism: Euphemism
    field: str  # which field the text came from
    start: int
    end: int
    text: str  # the matched text as written


# Words that make a blow sound light or deserved: "a good smack", "a wee slap", "a proper whack".
_SOFTENING = "little|light|small|quick|gentle|playful|slight|good|proper|wee|firm"
_CHILD = rf"(?:him|her|them|the{_GAP}(?:baby|child|boy|girl))"

_SAY_WHAT_HAPPENED = (
    "Say what happened: who did what to whom, with what (hand, fist, belt, object), where on the "
    "child's body, how often, and what injuries or marks were seen, by whom."
)

EUPHEMISMS: tuple[Euphemism, ...] = (
    Euphemism(
        id="rough_handling",
        pattern=(
            rf"rough(?:ly)?{_GAP}handl(?:ed|ing|e)"
            rf"|handl(?:ed|ing){_GAP}(?:(?:him|her|them|the{_GAP}(?:baby|child|boy|girl)){_GAP})?roughly"
        ),
        why=(
            "'Rough handling' can describe anything from a hurried nappy change to shaking a baby or "
            "throwing a child; the reader cannot tell whether the child was assaulted."
        ),
        suggestion=_SAY_WHAT_HAPPENED + " For a baby, say whether the baby was shaken, squeezed or dropped.",
        source=SCIE_THEME_10,
    ),
    Euphemism(
        id="chastisement",
        pattern=rf"(?:reasonable{_GAP})?chasti[sz](?:e|ed|es|ing|ement)",
        why=(
            "'Chastised' and 'reasonable chastisement' describe a blow as discipline, in the parent's "
            "terms. Whether it was lawful is for the police and the courts: in England the 'reasonable "
            "punishment' defence never covers an injury amounting to actual bodily harm."
        ),
        suggestion=_SAY_WHAT_HAPPENED,
        source=f"{SCIE_THEME_10}; Children Act 2004 s58",
    ),
    Euphemism(
        id="smack_or_slap",
        pattern=(
            r"smack(?:ed|ing)"
            rf"|a{_GAP}(?:(?:{_SOFTENING}){_GAP})?(?:slap|smack|whack|clout|cuff|swipe)"
            rf"|a{_GAP}(?:{_SOFTENING}){_GAP}tap"
            rf"|(?:just|only){_GAP}(?:a{_GAP})?(?:slap|tap|smack)"
            rf"|tapp(?:ed|ing){_GAP}(?:him|her|them|the{_GAP}(?:child|baby|boy|girl))"
        ),
        why=(
            "'Smacked', 'a slap', 'a little tap' are the words of discipline; they make a blow sound "
            "light and hide how hard it was, with what, and whether it left a mark. A tap can be a "
            "blow to a baby's head."
        ),
        suggestion=_SAY_WHAT_HAPPENED,
        source=SCIE_THEME_10,
    ),
    Euphemism(
        id="a_good_hiding",
        pattern=(
            rf"a{_GAP}(?:(?:good|proper|right|real){_GAP})?(?:hiding|thrashing|belting|leathering)(?!{_GAP}place)"
            rf"|(?:a{_GAP}(?:(?:{_SOFTENING}){_GAP})?)?clip(?:ped)?{_GAP}(?:{_CHILD}{_GAP})?"
            rf"(?:round|around|across|on|over){_GAP}(?:the{_GAP})?(?:ear|ears|head|back{_GAP}of{_GAP}the{_GAP}head)"
        ),
        why=(
            "'A good hiding' and 'a clip round the ear' are the words of punishment, said as if it "
            "were deserved and ordinary. They hide a beating: how many blows, with what, where on the "
            "child's body, and the injuries. A blow to a child's head can cause a brain injury."
        ),
        suggestion=_SAY_WHAT_HAPPENED,
        source=f"{SCIE_THEME_10}; Children Act 2004 s58",
    ),
    Euphemism(
        id="a_little_shake",
        pattern=(
            rf"a{_GAP}(?:(?:little|gentle|quick|slight|small|light|tiny){_GAP}|bit{_GAP}of{_GAP}a{_GAP})shake"
            rf"|(?:just|only){_GAP}(?:shook|shaking|shake)"
            rf"|shook{_GAP}{_CHILD}{_GAP}(?:a{_GAP}(?:bit|little)|gently|slightly|lightly|a{_GAP}touch)"
            rf"|gave{_GAP}{_CHILD}{_GAP}a{_GAP}shake"
            rf"|(?:jiggl|joggl|jostl)(?:ed|ing){_GAP}{_CHILD}"
        ),
        why=(
            "'A little shake', 'just shook her' or 'jiggled him' make shaking sound harmless. Shaking a "
            "baby or small child can cause bleeding in the brain, blindness, lasting disability and "
            "death, even when it is brief and there are no marks."
        ),
        suggestion=(
            "Say that the child was shaken: by whom, how they were held, for how long, how the head "
            "moved, and what the child was like afterwards (crying stopped, floppy, sleepy, vomiting, "
            "a fit). A baby who may have been shaken needs a doctor at once."
        ),
        source=f"{SCIE_THEME_10}; NICE guideline NG76, 'Child abuse and neglect' (2017)",
    ),
    Euphemism(
        id="manhandled",
        pattern=r"man[\s-]?handl(?:ed|ing|es|e)",
        why=(
            "'Manhandled' says only that force was used: the reader cannot tell whether the child was "
            "pulled by the arm, pushed over, dragged, thrown or pinned down, or whether it hurt them."
        ),
        suggestion=_SAY_WHAT_HAPPENED,
        source=SCIE_THEME_10,
    ),
    Euphemism(
        id="physical_discipline",
        pattern=(
            rf"physical(?:ly)?{_GAP}(?:disciplin(?:e|ed|es|ing)|punish(?:ed|es|ing|ment))"
            rf"|(?:disciplin|punish)(?:e|ed|es|ing){_GAP}(?:\w+{_GAP}){{0,2}}physically"
        ),
        why=(
            "'Physical discipline' names the parent's purpose, not the act: it hides that the child "
            "was hit, how, and with what."
        ),
        suggestion=_SAY_WHAT_HAPPENED,
        source=f"{SCIE_THEME_10}; Children Act 2004 s58",
    ),
    Euphemism(
        id="lost_temper",
        pattern=rf"los(?:t|es|e|ing){_GAP}{_PRONOUN}{_GAP}temper",
        why=("'Lost his temper' describes the adult's feelings and hides what the adult then did, and to whom."),
        suggestion=(
            "Say what the adult did when angry (shouted, threw, hit, kicked, threatened), to whom, "
            "and where the children were."
        ),
        source=SCIE_THEME_10,
    ),
    Euphemism(
        id="a_domestic",
        pattern=(
            rf"(?:a{_GAP})?domestic{_GAP}(?:incident|dispute|argument|altercation|disturbance|row|fight)s?"
            # "a domestic" as a noun: at the end of a clause, or followed by what usually follows it.
            rf"|a{_GAP}domestic(?=\s*(?:[.,;:!?)]|$)|{_GAP}(?:{_AFTER_A_DOMESTIC})\b)"
        ),
        why=(
            "'A domestic' or 'a domestic incident' is police shorthand that makes an assault sound "
            "mutual and hides who assaulted whom, whether there were injuries, and whether the "
            "children saw or heard it. A child who sees or hears domestic abuse is a victim of it."
        ),
        suggestion=(
            "Say who assaulted or threatened whom, what they did, the injuries, where the children were "
            "and what they saw or heard, and whether the police attended."
        ),
        source=f"{SCIE_THEME_10}; Domestic Abuse Act 2021 s3 (children as victims)",
    ),
    Euphemism(
        id="volatile_relationship",
        pattern=rf"(?:volatile|toxic|turbulent|tempestuous|stormy|fiery){_GAP}relationship",
        why=(
            "'A volatile relationship' shares the blame between the adults and hides that one of them "
            "may be abusing or controlling the other, and what the children live with."
        ),
        suggestion=(
            "Say what happens between the adults: who hits, threatens or controls whom, how often, "
            "the injuries, and what the children see and hear."
        ),
        source=f"{SCIE_THEME_10}; Domestic Abuse Act 2021 s1",
    ),
    Euphemism(
        id="inappropriate_touching",
        pattern=(
            rf"inappropriate(?:ly)?{_GAP}touch(?:ed|es|ing)?"
            rf"|touch(?:ed|es|ing)?{_GAP}(?:\w+{_GAP}){{0,2}}inappropriately"
        ),
        why=(
            "'Inappropriate touching' hides what was touched, how, by whom, and for how long. It may be "
            "a sexual assault, which is a crime: the police must be told at once."
        ),
        suggestion=(
            "Say who touched the child, which part of the child's body, over or under clothing, what "
            "was said, when and how often, and the child's own words if the child told someone."
        ),
        source=f"{SCIE_THEME_10}; {PROCEDURE} §9 'Children Suffering Significant Harm'",
    ),
    Euphemism(
        id="sexually_active",
        pattern=rf"sexually{_GAP}active|under{_OPT_GAP}age{_GAP}sex",
        why=(
            "Of a child, 'sexually active' makes sexual abuse sound like the child's choice. A child "
            "under 13 cannot consent to sex in law; sexual activity of a child under 16, or with an "
            "older person or a person in a position of trust, may be abuse or exploitation."
        ),
        suggestion=(
            "Say the child's age, who the other person is and their age, what happened, where, and how "
            "the child met them."
        ),
        source=f"{SCIE_THEME_4}; Sexual Offences Act 2003 ss5-15",
    ),
    Euphemism(
        id="promiscuous",
        pattern=r"promiscu(?:ous|ity)",
        why=(
            "'Promiscuous' judges the child and hides that a child with many sexual 'partners' is very "
            "likely being sexually exploited."
        ),
        suggestion="Say who the adults or older young people are, their ages, and what happened, where and when.",
        source=f"{SCIE_THEME_10}; {SCIE_THEME_4}",
    ),
    Euphemism(
        id="consensual",
        pattern=rf"consensual(?:ly)?|consent(?:ed|ing)?{_GAP}to{_GAP}(?:sex|sexual|intercourse)",
        why=(
            "Of a child, 'consensual' repeats the abuser's account: a child under 13 cannot consent in "
            "law, and a child may 'agree' through grooming, fear or exploitation."
        ),
        suggestion="Say the child's age, the other person's age, what happened, and the child's own words.",
        source=f"{SCIE_THEME_4}; Sexual Offences Act 2003 ss5-15",
    ),
    Euphemism(
        id="older_boyfriend",
        pattern=rf"older{_GAP}(?:boyfriend|girlfriend|partner)s?",
        why=(
            "An adult described as a child's 'older boyfriend' may be grooming or abusing the child; "
            "the word makes it sound like an ordinary relationship between equals."
        ),
        suggestion="Say the adult's name, age and what is known of them, and the child's age.",
        source=f"{SCIE_THEME_10}; {SCIE_THEME_4}",
    ),
    Euphemism(
        id="child_prostitution",
        pattern=(
            rf"(?:child|teen(?:age)?|under{_OPT_GAP}age|young){_GAP}prostitut(?:e|es|ion)"
            rf"|prostitut(?:e|es|ed|ing){_GAP}{_REFLEXIVE}"
        ),
        why=(
            "A child is never a prostitute: a child paid in money, drugs, gifts or a place to stay for "
            "sex is being sexually exploited, and the adults are committing crimes."
        ),
        suggestion="Describe it as child sexual exploitation: who exploited the child, what happened, where and when.",
        source=f"{SCIE_THEME_10}; Serious Crime Act 2015 s68",
    ),
    Euphemism(
        id="putting_self_at_risk",
        pattern=(rf"(?:put(?:s|ting)?|plac(?:e|es|ed|ing)){_GAP}{_REFLEXIVE}{_GAP}(?:at{_GAP}risk|in{_GAP}danger)"),
        why=(
            "'Putting herself at risk' blames the child for the harm other people do to her, and hides "
            "who is harming or exploiting the child."
        ),
        suggestion="Say who is harming or exploiting the child, where and how, and what the child is exposed to.",
        source=SCIE_THEME_10,
    ),
    Euphemism(
        id="lifestyle_choice",
        pattern=rf"lifestyle{_GAP}choices?",
        why=(
            "'Lifestyle choice' treats a child's exploitation, drug use or going missing as the child's "
            "free choice, and so as nobody's responsibility to stop."
        ),
        suggestion="Say what is happening to the child, who else is involved, and what the child has said.",
        source=SCIE_THEME_10,
    ),
    Euphemism(
        id="non_engagement",
        pattern=(
            rf"non{_OPT_GAP}(?:complian(?:t|ce)|engag(?:ement|ing|ed))"
            rf"|(?:did|does|do|will|would){_GAP}not{_GAP}engage"
            r"|(?:didn|doesn|don|won|wouldn)['’]t\s+engage"
            rf"|(?:fail(?:ed|s|ing)?{_GAP}to|refus(?:ed|es|ing){_GAP}to){_GAP}engage"
            rf"|not{_GAP}engag(?:ing|ed)"
        ),
        why=(
            "'Did not engage' labels the family and hides why (no letter received, no interpreter, "
            "the appointment clashed with work, fear of the child being taken) and what it meant for "
            "the child: usually that nobody saw the child."
        ),
        suggestion=(
            "Say what was offered, when and how, what the parent said or did, what is known of why, "
            "and when the child was last seen and by whom."
        ),
        source=SCIE_THEME_10,
    ),
    Euphemism(
        id="poor_home_conditions",
        pattern=(
            rf"poor{_GAP}(?:home{_GAP})?(?:living{_GAP})?conditions"
            rf"|home{_GAP}conditions{_GAP}(?:are|were|is|was){_GAP}(?:poor|concerning|not{_GAP}(?:good|great|ideal))"
            rf"|(?:a{_GAP}(?:bit{_GAP})?)?(?:messy|untidy|cluttered|grubby){_GAP}(?:house|home|flat|property)"
            rf"|chaotic{_GAP}(?:home|household|house|lifestyle|family|parenting)"
            rf"|(?:poor|lax|inconsistent){_GAP}(?:routines?|boundaries|supervision|hygiene)"
        ),
        why=(
            "'Poor home conditions', 'a messy house' or 'a chaotic household' could mean a few dishes in "
            "the sink or a home with no food, no heating, no bed for the child and dog mess on the floor. "
            "The reader cannot tell whether the child is neglected."
        ),
        suggestion=(
            "Say what you saw, room by room: food in the house, heating and hot water, where the child "
            "sleeps and on what, hazards within the child's reach (drugs, needles, alcohol, broken glass, "
            "animal mess), the child's clothes and hygiene, and how long it has been like this."
        ),
        source=f"{SCIE_THEME_10}; NICE guideline NG76, 'Child abuse and neglect' (2017)",
    ),
    Euphemism(
        id="self_caring",
        pattern=(
            rf"self{_OPT_GAP}caring"
            rf"|(?:left|leaves|leaving){_GAP}to{_GAP}(?:his|her|their){_GAP}own{_GAP}devices"
            rf"|fends?{_GAP}for{_GAP}{_REFLEXIVE}|fending{_GAP}for{_GAP}{_REFLEXIVE}"
        ),
        why=(
            "Of a child, 'self-caring' or 'fends for herself' makes neglect sound like independence: it "
            "hides that no adult is feeding, washing, waking or looking after the child."
        ),
        suggestion=(
            "Say the child's age, what the child does for themselves or for brothers and sisters (meals, "
            "getting up, getting to school, bedtime), how often, and where the adults are."
        ),
        source=f"{SCIE_THEME_10}; NICE guideline NG76, 'Child abuse and neglect' (2017)",
    ),
    Euphemism(
        id="unkempt",
        pattern=r"unkempt",
        why=(
            "'Unkempt' is a judgement, not an observation: it may hide neglect or nothing at all, and "
            "the reader cannot tell which."
        ),
        suggestion=(
            "Say what you saw: the child's clothes, skin, hair, teeth, nappy, smell, weight, and how "
            "often you have seen it."
        ),
        source=SCIE_THEME_10,
    ),
)


def find_euphemisms(text: str, field: str = "") -> list[LanguageFlag]:
    """Every euphemism in ``text``, ordered by start, with no two flags overlapping.

    Where two matches overlap, the one that starts first wins, then the longer one.
    Only the first ``MAX_TEXT_LENGTH`` characters are scanned.
    """
    text = text[:MAX_TEXT_LENGTH]
    found = [
        LanguageFlag(euphemism, field, match.start(), match.end(), match.group())
        for euphemism in EUPHEMISMS
        for match in _compile(euphemism.pattern).finditer(text)
    ]
    found.sort(key=lambda flag: (flag.start, -(flag.end - flag.start)))
    flags: list[LanguageFlag] = []
    for flag in found:
        if not flags or flag.start >= flags[-1].end:
            flags.append(flag)
    return flags


def find_in_fields(fields: Mapping[str, str]) -> list[LanguageFlag]:
    """Euphemisms in each field, fields in the mapping's order, each field's flags by start."""
    return [flag for name, text in fields.items() for flag in find_euphemisms(text, name)]
