"""Every change on the pathway after a referral (STA-1, TIM-2): atomic, checked, audited.

An episode opens for each linked child when a referral is made (``open_episodes``, called by
screening's authorisation). Its steps follow Working Together to Safeguard Children 2023:

    referral --> assessment (s17): started, child seen, completed, authorised --> CIN plan
        \\--> strategy discussion --(s47)--> Section 47 enquiry --(needs ICPC)--> initial conference
                                                   --(plan)--> child protection plan --> review conferences
    every episode ends with closure and its census reason, once nothing is left open.

The referral's own deadlines (``screening.models.REFERRAL_DEADLINES``) are kept in step: the
first strategy discussion records the strategy decision, a Section 47 enquiry records when s47
started, and once every child of the referral has been seen (or had an assessment completed)
the referral's child-seen (or assessment) deadline is met.
"""

from __future__ import annotations

from frontdoor.pathway.services.allocation import allocate, allocate_referral
from frontdoor.pathway.services.child_records import (
    end_looked_after,
    record_letter_sent,
    record_looked_after,
    update_child_details,
)
from frontdoor.pathway.services.commands import (
    AFTER_ASSESSMENT,
    authorise_assessment,
    close_episode,
    complete_assessment,
    complete_section47,
    end_cin_plan,
    end_cp_plan,
    hold_initial_conference,
    hold_review_conference,
    open_earlier_episode,
    open_episodes,
    record_child_seen,
    record_strategy_discussion,
    start_assessment,
    start_cin_plan,
    start_section47,
)
from frontdoor.pathway.services.guards import (
    PathwayRefused,
    can_record,
    clean_factors,
    upn_check_letter,
    valid_upn,
)
from frontdoor.pathway.services.queries import (
    PathwayDeadline,
    due_items,
    episode_deadlines,
    last_step_on,
    linked_children,
    next_review_due,
    open_items,
    with_steps,
)

__all__ = [
    "AFTER_ASSESSMENT",
    "PathwayDeadline",
    "PathwayRefused",
    "allocate",
    "allocate_referral",
    "authorise_assessment",
    "can_record",
    "clean_factors",
    "close_episode",
    "complete_assessment",
    "complete_section47",
    "due_items",
    "end_cin_plan",
    "end_cp_plan",
    "end_looked_after",
    "episode_deadlines",
    "hold_initial_conference",
    "hold_review_conference",
    "last_step_on",
    "linked_children",
    "next_review_due",
    "open_earlier_episode",
    "open_episodes",
    "open_items",
    "record_child_seen",
    "record_letter_sent",
    "record_looked_after",
    "record_strategy_discussion",
    "start_assessment",
    "start_cin_plan",
    "start_section47",
    "update_child_details",
    "upn_check_letter",
    "valid_upn",
    "with_steps",
]
