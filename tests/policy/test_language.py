"""SCR-7 euphemisms in records: plain tests, no database."""

import re

import pytest

from frontdoor.policy.language import (
    EUPHEMISMS,
    MAX_TEXT_LENGTH,
    Euphemism,
    LanguageFlag,
    find_euphemisms,
    find_in_fields,
)

# (euphemism id, text, the phrase that must be flagged): one or more per euphemism.
EXAMPLES = [
    ("rough_handling", "Dad admits rough handling of the baby last night.", "rough handling"),
    ("rough_handling", "The baby was handled roughly by dad.", "handled roughly"),
    ("rough_handling", "He handled the baby roughly when she cried.", "handled the baby roughly"),
    ("rough_handling", "Mum says he roughly handled her.", "roughly handled"),
    ("chastisement", "Mum chastised him for swearing.", "chastised"),
    ("chastisement", "Dad says it was reasonable chastisement.", "reasonable chastisement"),
    ("chastisement", "He will chastise the children if they are late.", "chastise"),
    ("smack_or_slap", "Dad smacked him on Tuesday.", "smacked"),
    ("smack_or_slap", "She gave him a slap for lying.", "a slap"),
    ("smack_or_slap", "It was only a little tap on the head.", "a little tap"),
    ("smack_or_slap", "Mum says it was just a smack.", "just a smack"),
    ("smack_or_slap", "He tapped her on the leg with a spoon.", "tapped her"),
    ("physical_discipline", "Dad uses physical discipline at home.", "physical discipline"),
    ("physical_discipline", "The children are disciplined physically.", "disciplined physically"),
    ("physical_discipline", "Physical punishment is used by both parents.", "Physical punishment"),
    ("lost_temper", "Mum's partner lost his temper with the children.", "lost his temper"),
    ("lost_temper", "She often loses her temper.", "loses her temper"),
    ("lost_temper", "They lost their temper.", "lost their temper"),
    ("a_domestic", "There was a domestic at the address on Friday.", "a domestic"),
    ("a_domestic", "Police attended a domestic incident.", "a domestic incident"),
    ("a_domestic", "Another domestic dispute was reported.", "domestic dispute"),
    ("volatile_relationship", "The parents have a volatile relationship.", "volatile relationship"),
    ("volatile_relationship", "It is a toxic relationship.", "toxic relationship"),
    ("inappropriate_touching", "There are reports of inappropriate touching.", "inappropriate touching"),
    ("inappropriate_touching", "Her uncle touched her inappropriately.", "touched her inappropriately"),
    ("inappropriate_touching", "He was inappropriately touched by a lodger.", "inappropriately touched"),
    ("sexually_active", "Jade (14) is sexually active.", "sexually active"),
    ("sexually_active", "Concerns about underage sex.", "underage sex"),
    ("promiscuous", "School describe her as promiscuous.", "promiscuous"),
    ("consensual", "She said it was consensual.", "consensual"),
    ("consensual", "She consented to sex with him.", "consented to sex"),
    ("older_boyfriend", "She stays with her older boyfriend at weekends.", "older boyfriend"),
    ("child_prostitution", "Police records refer to child prostitution.", "child prostitution"),
    ("child_prostitution", "Staff say she is prostituting herself.", "prostituting herself"),
    ("putting_self_at_risk", "Jade is putting herself at risk by going missing.", "putting herself at risk"),
    ("putting_self_at_risk", "He places himself in danger.", "places himself in danger"),
    ("lifestyle_choice", "Going missing is a lifestyle choice.", "lifestyle choice"),
    ("non_engagement", "Mum is non-compliant with health visits.", "non-compliant"),
    ("non_engagement", "Closed due to non-engagement.", "non-engagement"),
    ("non_engagement", "The family did not engage.", "did not engage"),
    ("non_engagement", "Dad didn’t engage with the school.", "didn’t engage"),
    ("non_engagement", "Mum failed to engage with the plan.", "failed to engage"),
    ("non_engagement", "The family are not engaging.", "not engaging"),
    ("unkempt", "The children arrive at school unkempt.", "unkempt"),
    # Issue 17 (SCR-7): the common phrases for hitting, shaking and neglect.
    ("smack_or_slap", "Dad says he gave him a good smack.", "a good smack"),
    ("smack_or_slap", "It was a wee slap, nothing more.", "a wee slap"),
    ("smack_or_slap", "Mum admits a proper whack on the legs.", "a proper whack"),
    ("smack_or_slap", "He got a cuff for answering back.", "a cuff"),
    ("a_good_hiding", "Dad said he would get a good hiding when he got home.", "a good hiding"),
    ("a_good_hiding", "She gave him a hiding with the slipper.", "a hiding"),
    ("a_good_hiding", "He got a clip round the ear from his uncle.", "a clip round the ear"),
    ("a_good_hiding", "Mum clipped him round the head.", "clipped him round the head"),
    ("a_good_hiding", "Grandad says it was a thrashing he deserved.", "a thrashing"),
    ("a_little_shake", "Dad gave the baby a little shake to stop her crying.", "a little shake"),
    ("a_little_shake", "He says he only shook her for a second.", "only shook"),
    ("a_little_shake", "Mum shook him a bit when he would not settle.", "shook him a bit"),
    ("a_little_shake", "Her partner gave the baby a shake.", "gave the baby a shake"),
    ("a_little_shake", "He jiggled the baby hard.", "jiggled the baby"),
    ("manhandled", "Staff saw the father manhandle the boy into the car.", "manhandle"),
    ("manhandled", "She was man-handled out of the room.", "man-handled"),
    ("poor_home_conditions", "Poor home conditions were noted.", "Poor home conditions"),
    ("poor_home_conditions", "Home conditions are poor.", "Home conditions are poor"),
    ("poor_home_conditions", "It is a bit of a messy house.", "a messy house"),
    ("poor_home_conditions", "The children live in a chaotic household.", "chaotic household"),
    ("poor_home_conditions", "There is poor supervision of the younger children.", "poor supervision"),
    ("self_caring", "Kayden (7) is largely self-caring.", "self-caring"),
    ("self_caring", "The children are left to their own devices at weekends.", "left to their own devices"),
    ("self_caring", "She fends for herself most evenings.", "fends for herself"),
]


@pytest.mark.parametrize(("euphemism_id", "text", "phrase"), EXAMPLES)
def test_scr7_each_euphemism_is_found_with_its_span(euphemism_id: str, text: str, phrase: str) -> None:
    flags = find_euphemisms(text, "concern")
    assert [flag.euphemism.id for flag in flags] == [euphemism_id]
    flag = flags[0]
    start = text.index(phrase)
    assert (flag.start, flag.end) == (start, start + len(phrase))
    assert flag.text == phrase == text[flag.start : flag.end]
    assert flag.field == "concern"


def test_scr7_every_euphemism_has_an_example_and_says_why_and_what_instead() -> None:
    assert {e.id for e in EUPHEMISMS} == {example[0] for example in EXAMPLES}
    assert len({e.id for e in EUPHEMISMS}) == len(EUPHEMISMS)
    for euphemism in EUPHEMISMS:
        assert isinstance(euphemism, Euphemism)
        assert euphemism.why and euphemism.suggestion and euphemism.source
        re.compile(euphemism.pattern)


@pytest.mark.parametrize(
    "text",
    [
        "he hit her with a belt leaving a 5 cm bruise",
        "Dad punched Mum in the face in front of the children; she has a cut lip.",
        "Police attended a domestic abuse incident at 02:00; the children were asleep upstairs.",
        "There was a tap at the door. The kitchen tap was running.",
        "Mum and Dad consented to sharing information with the school.",
        "The team handles roughly 40 contacts a day.",
        "She smacks her lips. The school is a domestic science college.",
        "Mother's boyfriend, aged 24, lives at the address.",
        "The relationship between the parents is described as violent by the neighbour.",
        "He was hiding under the bed. The garden has a hiding place.",
        "Dad hit him twice on the head with an open hand; a red mark on his left ear was seen.",
        "The baby was shaken by her father, who held her under the arms; she went floppy.",
        "The teacher shook hands with mum. The clip of the video was sent to police.",
        "There was no food in the fridge and no bed for the child; the heating was off.",
        "He cares for himself after school while mum works until 6pm, aged 15.",
        "",
    ],
)
def test_scr7_plain_factual_text_finds_nothing(text: str) -> None:
    assert find_euphemisms(text) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("ROUGH HANDLING", "ROUGH HANDLING"),
        ("Rough  Handling", "Rough  Handling"),
        ("rough\nhandling", "rough\nhandling"),
        ("rough-handling", "rough-handling"),
        ("rough\u00a0handling", "rough\u00a0handling"),  # no-break space
        ("Reasonable\tChastisement", "Reasonable\tChastisement"),
        ("LOST   HIS\nTEMPER", "LOST   HIS\nTEMPER"),
        ("nonengagement", "nonengagement"),
        ("Non Compliant", "Non Compliant"),
    ],
)
def test_scr7_case_and_spacing_variants_are_found(text: str, phrase: str) -> None:
    flags = find_euphemisms(f"Note: {text}.")
    assert [flag.text for flag in flags] == [phrase]


def test_scr7_word_bounded_not_inside_other_words() -> None:
    assert find_euphemisms("unkemptness") == []
    assert find_euphemisms("a slapdash approach") == []
    assert find_euphemisms("smackeds rough handlings") == []


def test_scr7_flags_are_ordered_by_start_and_do_not_overlap() -> None:
    text = (
        "Unkempt. After a domestic incident Dad lost his temper; Mum says it was reasonable chastisement, "
        "just a slap. The family did not engage."
    )
    flags = find_euphemisms(text)
    assert [f.euphemism.id for f in flags] == [
        "unkempt",
        "a_domestic",
        "lost_temper",
        "chastisement",
        "smack_or_slap",
        "non_engagement",
    ]
    assert [f.start for f in flags] == sorted(f.start for f in flags)
    for before, after in zip(flags, flags[1:], strict=False):
        assert before.end <= after.start
    # "a domestic incident" is one flag, not "a domestic" and "domestic incident".
    assert flags[1].text == "a domestic incident"


def test_scr7_overlapping_phrases_give_one_flag() -> None:
    # "inappropriately touched" also matches, starting inside the first flag: it is dropped.
    flags = find_euphemisms("He touched her inappropriately touched again")
    assert len(flags) == 1
    assert flags[0].text == "touched her inappropriately"


def test_scr7_field_names_are_carried_through() -> None:
    flags = find_in_fields(
        {
            "concern": "Dad smacked him.",
            "screening_notes": "Plain facts only.",
            "decision_reason": "Mum failed to engage; she lost her temper.",
        }
    )
    assert [(f.field, f.euphemism.id, f.text) for f in flags] == [
        ("concern", "smack_or_slap", "smacked"),
        ("decision_reason", "non_engagement", "failed to engage"),
        ("decision_reason", "lost_temper", "lost her temper"),
    ]
    assert all(isinstance(f, LanguageFlag) for f in flags)
    assert find_in_fields({}) == []


def test_scr7_any_unicode_is_accepted_and_spans_index_the_text() -> None:
    text = "👶🏽 Ñiño — the baby was handled roughly 😢; Größe unkempt"
    flags = find_euphemisms(text, "notes")
    assert [f.text for f in flags] == ["handled roughly", "unkempt"]
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text


@pytest.mark.parametrize(
    "text",
    [
        "handled " * 2500,
        "handled " + "a" * 19_990,
        "touched " + "her " * 4998,
        "non-" * 5000,
        "a " * 10_000,
        "rough " * 3333,
        "did not " * 2500,
        "putting " * 2500 + "herself",
        "-" * 20_000,
        " \u00a0" * 10_000,
        "a domestic " * 1818,
    ],
)
def test_scr7_hostile_20000_character_input_is_scanned(text: str) -> None:
    # No timing assertion: the patterns have no nested repetition, so this is linear.
    # A catastrophic pattern would hang here rather than fail.
    text = text[:20_000]
    flags = find_euphemisms(text)
    assert all(0 <= f.start < f.end <= len(text) for f in flags)


def test_scr7_text_beyond_the_limit_is_not_scanned() -> None:
    assert find_euphemisms("x" * MAX_TEXT_LENGTH + " unkempt") == []
    assert len(find_euphemisms("x " * 100 + "unkempt")) == 1
