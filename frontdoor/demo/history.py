"""The demonstration's last weeks, made to have happened: acknowledgements and written
confirmations, screening and decisions, and the pathway after each referral, all through the
real services (audited). What is changed directly (DEMO DATA ONLY) says so."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django_tasks_db.models import DBTaskResult

from frontdoor.accounts.models import User
from frontdoor.demo.contacts import DEFAULT_SEED, DemoContact, contact_rng
from frontdoor.demo.families import HOSPITAL
from frontdoor.intake import services
from frontdoor.intake.models import Contact, ContactStatus, OutboundEmail, PersonRole
from frontdoor.intake.tasks import deliver_email
from frontdoor.pathway import services as pathway
from frontdoor.pathway.models import Episode
from frontdoor.people import services as people_services
from frontdoor.people.models import ContactPersonLink
from frontdoor.people.models import Person as IndexPerson
from frontdoor.policy.active import active_config
from frontdoor.policy.calendar import LONDON, is_open, is_working_day, to_london
from frontdoor.policy.timescales import months_after, working_days_after
from frontdoor.screening import services as screening
from frontdoor.screening.models import SIGNIFICANT_HARM_OUTCOMES, Decision, Referral


def settle_history(
    made: list[tuple[Contact, DemoContact, int]], now: dt.datetime, seed: int, users: dict[str, User]
) -> None:
    """Make older demo contacts look as if the last weeks had happened.

    Acknowledgements and written confirmations are recorded through the real services
    (so they are audited). Two things are changed directly, for DEMO DATA ONLY and never
    in a real database: the outbox rows of contacts older than a day are marked sent
    (their emails were "sent" weeks ago, so the worker must not send them now, and their
    waiting delivery tasks are removed), and `recorded_at` is set to shortly after the
    contact was received rather than the moment the loader ran.
    """
    cutoff = now - dt.timedelta(days=1)
    for contact, demo, number in made:
        rng = contact_rng(seed, number, "history")
        received = contact.received_at
        recorded = received + dt.timedelta(minutes=rng.randint(4, 50)) if demo.staff_entry else received
        Contact.objects.filter(pk=contact.pk).update(recorded_at=min(recorded, now))
        if received >= cutoff:
            continue  # recent: its emails go out through the worker, as a real one's would
        emails = OutboundEmail.objects.filter(contact=contact)
        sent_at = received + dt.timedelta(minutes=rng.randint(1, 12))
        acknowledged_by_email = emails.filter(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT).exists()
        _mark_sent(emails, sent_at)
        if acknowledged_by_email:
            services.record_acknowledged(contact, "email", actor=None, at=sent_at)
        elif contact.referrer_phone and rng.random() < 0.9:
            staff = users["cso"] if is_open(received, active_config().csc_hours) else users["ooh"]
            services.record_acknowledged(
                contact, "phone", actor=staff, at=received + dt.timedelta(hours=rng.randint(1, 6))
            )
        elif contact.referrer_address and rng.random() < 0.9:
            services.record_acknowledged(contact, "letter", actor=users["cso"], at=received + dt.timedelta(hours=20))
        if contact.written_confirmation_due_at is not None and rng.random() < 0.85:
            services.record_written_confirmation(
                contact, actor=users["cso"], received_at=received + dt.timedelta(hours=rng.randint(1, 22))
            )


# --- Screening and decisions (SCR, DEC) -------------------------------------------------------------
#
# Contacts more than five days old were screened and decided as the procedure says, through
# the real services (claims, screening records, proposals, authorisations, referrals, outcome
# emails, all audited). Of the last five days' contacts, about half are still in the queue and the
# rest being screened or waiting for a manager, so every staff page has something on it. (These
# overdue ones are the demo's: a real front door decides within a working day.)

# Likely outcomes for each kind of demo contact, with weights.
_OUTCOMES: dict[str, tuple[tuple[str, int], ...]] = {
    "public_worry": (("no_further_action", 2), ("information_and_advice", 2), ("early_help", 3), ("assessment", 3)),
    "unnamed_child": (("information_and_advice", 3), ("no_further_action", 1)),
    "school_hub_advised": (("early_help", 3), ("assessment", 3), ("strategy_discussion", 1)),
    "school_green": (("early_help", 1),),
    "immediate_danger": (("immediate_protection", 2), ("strategy_discussion", 1)),
    "allegation": (("signposting", 1),),
    "night": (("assessment", 2), ("strategy_discussion", 1)),
    "unborn": (("assessment", 2), ("early_help", 2)),
    "bruised_baby": (("assessment", 1),),
    "police_notification": (("early_help", 2), ("assessment", 2), ("no_further_action", 1)),
    "child_on_child": (("assessment", 1),),
    "family_member": (("early_help", 2), ("assessment", 1)),
    "child_self": (("assessment", 1),),
    "helpline": (("assessment", 2), ("strategy_discussion", 1)),
    "professional": (("early_help", 2), ("signposting", 1), ("information_and_advice", 1)),
}
_LEVEL = {
    "no_further_action": 1,
    "information_and_advice": 1,
    "signposting": 2,
    "early_help": 2,
    "assessment": 3,
    "strategy_discussion": 4,
    "immediate_protection": 4,
}


def settle_screening(
    made: list[tuple[Contact, DemoContact, int]], now: dt.datetime, seed: int, users: dict[str, User]
) -> None:
    recent = now - dt.timedelta(days=5)
    for contact, demo, number in made:
        contact.refresh_from_db()
        rng = contact_rng(seed, number, "screening")
        if contact.status != ContactStatus.NEW or (contact.received_at > recent and rng.random() < 0.5):
            continue  # in the queue
        worker = users["ooh"] if contact.queue == "out_of_hours" else users["screener"]
        if contact.allocated_to_id is not None:
            worker = users["socialworker"]
        screening.claim(contact, actor=worker)
        if contact.received_at > recent and rng.random() < 0.5:
            continue  # still being screened
        outcome = rng.choices(*zip(*_OUTCOMES.get(demo.scenario, (("early_help", 1),)), strict=True))[0]
        bruise = demo.scenario == "bruised_baby"
        values: dict[str, Any] = {
            "nature_of_concern": contact.concern.split(". ")[0][:400],
            "continuum_level": _LEVEL[outcome],
            "continuum_reasons": "Read with the family's history and what the referrer added by phone.",
            "parental_knowledge": "not_informed"
            if outcome in ("strategy_discussion", "immediate_protection")
            else rng.choice(("informed_agreed", "informed_only")),
            "not_informed_ground": "behavioural_risk"
            if outcome in ("strategy_discussion", "immediate_protection")
            else "",
            "suspected_crime": outcome in ("strategy_discussion", "immediate_protection"),
            "bruising": True if bruise else None,
            "baby_mobility": rng.choice(("not_mobile", "rolls")) if bruise else "",
            "bruise_explanation": "Mother says the baby caught her face on the cot bars." if bruise else "",
            "paediatric_assessment": "Child protection medical, Northshire General, same day." if bruise else "",
        }
        screening.save_screening(contact, actor=worker, keep_wording=True, **values)
        if values["suspected_crime"]:
            screening.record_police_notification(contact, "Police control room by phone; log given.", actor=worker)
        extra: dict[str, str] = {}
        if outcome == "early_help":
            extra["early_help_service"] = rng.choice(("families_first", "targeted_youth_support", "universal_services"))
        if outcome == "signposting":
            extra["signposted_to"] = (
                "Local Authority Designated Officer (LADO)"
                if demo.scenario == "allegation"
                else "Northshire Young Carers"
            )
        if outcome in ("strategy_discussion", "immediate_protection"):
            extra["reasonable_cause"] = "What the child said and the injury seen, with the family's history."
        if outcome in _REFERRAL_OUTCOMES:
            _link_children(contact, worker)  # the screener confirms who the children are (PPL-3)
        try:
            decision = screening.propose_decision(
                contact,
                actor=worker,
                outcome=outcome,
                reasons="The needs and risks described, read with the history.",
                **extra,
            )
        except screening.ScreeningRefused:
            continue  # a suggestion still needs answering: left for a screener, as in life
        if contact.received_at > recent and rng.random() < 0.5:
            continue  # waiting for a manager
        manager = users["manager2"] if worker == users["socialworker"] else users["manager"]
        screening.authorise(
            decision,
            actor=manager,
            strategy_consideration=(
                "Discussed with the paediatrician; a strategy discussion is not needed unless the medical finds more."
                if bruise
                else ""
            ),
        )
        # DEMO DATA ONLY: the decision was made a day after the contact, not when the loader ran.
        decided = min(contact.received_at + dt.timedelta(hours=rng.randint(3, 22)), now)
        Contact.objects.filter(pk=contact.pk).update(decided_at=decided, claimed_at=contact.received_at)
        Decision.objects.filter(pk=decision.pk).update(proposed_at=decided - dt.timedelta(hours=1), reviewed_at=decided)
        for referral in Referral.objects.filter(decision=decision):
            screening.schedule_referral(referral, decided)
            referral.save()
            if referral.episodes.exists():  # the pathway records the referral's deadlines (STA-1)
                _pathway_history(referral, decided, users, now, contact_rng(seed, number, "pathway"))
            else:
                _meet_deadlines(referral, manager, now, rng)
        _mark_sent(OutboundEmail.objects.filter(contact=contact, kind=OutboundEmail.Kind.OUTCOME), decided)


def _meet_deadlines(referral: Any, actor: User, now: dt.datetime, rng: random.Random) -> None:
    """Most of the demo's past deadlines were met, a few were not (so the deadlines page shows some)."""
    took = {
        "strategy_discussion": dt.timedelta(hours=6),
        "child_seen": dt.timedelta(days=2),
        "assessment": dt.timedelta(days=30),
    }
    for deadline, due, _ in referral.deadlines():
        done = referral.referred_at + took[deadline.rule_id]
        if done < now and rng.random() < 0.9:
            screening.record_milestone(referral, actor=actor, milestone=deadline.met_field, at=min(done, due))


# --- The pathway after a referral (STA-1) -------------------------------------------------------------
#
# Children on a contact that becomes a referral are linked to the person index while it is screened,
# so the authorisation opens their episodes. Each then goes as far along the pathway as the days since
# the referral allow, through the real services (audited): strategy discussions, Section 47 enquiries,
# initial conferences and child protection plans for significant harm; assessments with the census
# factors, child in need plans, and closures with their census reasons. A few children known from the
# council's earlier records have older episodes with review conferences and a period looked after.

_REFERRAL_OUTCOMES = ("assessment", "strategy_discussion", "immediate_protection")
_ETHNICITY = (  # the contact's description (2021 census wording) -> the DfE code
    ("White: English", "WBRI"),
    ("White: British", "WBRI"),
    ("White: Irish", "WIRI"),
    ("White: Gypsy", "WROM"),
    ("White: Roma", "WROM"),
    ("White: Any other", "WOTH"),
    ("Mixed or multiple ethnic groups: White and Black Caribbean", "MWBC"),
    ("Mixed or multiple ethnic groups: White and Black African", "MWBA"),
    ("Mixed or multiple ethnic groups: White and Asian", "MWAS"),
    ("Mixed", "MOTH"),
    ("Asian or Asian British: Pakistani", "APKN"),
    ("Asian or Asian British: Bangladeshi", "ABAN"),
    ("Asian or Asian British: Indian", "AIND"),
    ("Asian or Asian British: Chinese", "CHNE"),
    ("Asian", "AOTH"),
    ("Black, Black British, Caribbean or African: African", "BAFR"),
    ("Black, Black British, Caribbean or African: Caribbean", "BCRB"),
    ("Black", "BOTH"),
    ("Other", "OOTH"),
)
_FACTORS_HARM = (["19B", "3B"], ["16A"], ["17A", "3B", "4B"], ["18B"], ["16A", "2B"], ["19B"])
_FACTORS_NEED = (["16A", "1B"], ["4B"], ["6A"], ["3B", "2B"], ["21"], ["7A", "6B"], ["14A", "10A"], ["5A"], ["4A"])
_NEED_FOR = {
    "6A": "N2",
    "5A": "N2",
    "4A": "N2",
    "7A": "N3",
    "6B": "N3",
    "4B": "N3",
    "14A": "N6",
    "21": "N4",
    "3B": "N5",
    "1B": "N5",
    "16A": "N1",
}
_POLICE = ("DC Amir Patel", "DS Claire Hughes", "DC Tom Nowak", "DS Funmi Okafor")
_DOCTORS = ("Dr Ruth Evans", "Dr Sanjay Mehta", "Dr Aoife Byrne")


def _link_children(contact: Contact, actor: User) -> None:
    """Link each child named with a date of birth: to their index record if the NHS number and
    date of birth agree, otherwise to a new record made from what the referrer said."""
    for cp in contact.people.filter(role=PersonRole.CHILD, date_of_birth__isnull=False):
        known = None
        if cp.nhs_number:
            known = IndexPerson.objects.filter(
                nhs_number=cp.nhs_number, date_of_birth=cp.date_of_birth, merged_into__isnull=True
            ).first()
        if known is not None:
            people_services.link_contact_person(cp, known, "NHS number and date of birth agree", actor=actor)
        else:
            people_services.record_new_person(cp, "Not in the index: added from the contact", actor=actor)


def _census_details(child: Any, ethnicity_text: str, on: dt.date, actor: User, rng: random.Random) -> None:
    ethnicity = next((code for prefix, code in _ETHNICITY if ethnicity_text.startswith(prefix)), "NOBT")
    age = (on - child.date_of_birth).days // 365 if child.date_of_birth else 0
    values: dict[str, Any] = {"ethnicity": ethnicity}
    if age >= 5:
        rest = f"873{rng.randint(1000, 9999)}{(on.year - age + 5) % 100:02d}{rng.randint(0, 999):03d}"
        values["upn"] = pathway.upn_check_letter(rest) + rest
    else:
        values["upn_unknown"] = "UN1"  # not of school age
    values["disabilities"] = rng.choices((["NONE"], ["LD"], ["AUT"], ["COMM"], ["MOB", "HAND"]), (85, 5, 5, 3, 2))[0]
    pathway.update_child_details(child, actor=actor, **values)


def _participants(worker: User, rng: random.Random) -> list[dict[str, str]]:
    people = [
        {"name": worker.display_name, "agency": "Northshire children's social care", "role": "Social worker"},
        {"name": rng.choice(_POLICE), "agency": "Northshire Police", "role": "Child abuse investigation team"},
        {"name": rng.choice(_DOCTORS), "agency": HOSPITAL, "role": "Named doctor for safeguarding"},
    ]
    if rng.random() < 0.5:
        people.append({"name": "Designated safeguarding lead", "agency": "The child's school", "role": "Teacher"})
    return people


def _working_day_on_or_before(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _pathway_history(
    referral: Any, decided: dt.datetime, users: dict[str, User], now: dt.datetime, rng: random.Random
) -> None:
    """DEMO DATA ONLY: each child's episode dated from the (back-dated) referral, then taken as far
    along the pathway as the days since allow, through the services."""
    referral_date = to_london(decided).date()
    Episode.objects.filter(referral=referral).update(referral_date=referral_date)
    for episode in Episode.objects.filter(referral=referral).select_related("child"):
        link = (
            ContactPersonLink.objects.filter(person=episode.child, contact_person__contact_id=referral.contact_id)
            .select_related("contact_person")
            .first()
        )
        ethnicity = link.contact_person.ethnicity if link else ""
        _census_details(episode.child, ethnicity, referral_date, users["socialworker"], rng)
        _episode_story(episode, referral, decided, users, now, rng)


def _episode_story(
    episode: Any, referral: Any, decided: dt.datetime, users: dict[str, User], now: dt.datetime, rng: random.Random
) -> None:
    worker, boss = users["socialworker"], users["manager"]
    today = to_london(now).date()
    start = episode.referral_date

    def on(n: int, base: dt.date = start) -> dt.date | None:
        day = working_days_after(base, n) if n else base
        return day if day <= today else None

    significant = referral.route in SIGNIFICANT_HARM_OUTCOMES
    if not significant and rng.random() < 0.12:
        pathway.close_episode(episode, actor=worker, closed_on=start, reason="RC7", referral_nfa=True)
        return
    s47 = None
    if significant:
        held = min(decided + dt.timedelta(hours=rng.randint(1, 6)), now)
        outcome = rng.choices(("s47", "no_s47", "nfa"), (7, 2, 1))[0]
        discussion = pathway.record_strategy_discussion(
            episode,
            actor=worker,
            held_at=held,
            participants=_participants(worker, rng),
            outcome=outcome,
            notes="Agreed a joint visit with the police; the child to be seen today." if outcome == "s47" else "",
        )
        if outcome == "nfa":
            pathway.close_episode(
                episode, actor=worker, closed_on=to_london(held).date(), reason="RC7", referral_nfa=True
            )
            return
        start = to_london(held).date()
        if outcome == "s47":
            s47 = pathway.start_section47(episode, actor=worker, strategy_discussion=discussion, started_on=start)
    factors = rng.choice(_FACTORS_HARM if significant else _FACTORS_NEED)
    need = "N1" if significant else _NEED_FOR.get(factors[0], "N4")
    assessment = pathway.start_assessment(episode, actor=worker, started_on=start, primary_need=need)
    seen = on(rng.choice((0, 1, 2, 3, 4, 4, 6)) if not significant else 0)
    if seen is None:
        return
    pathway.record_child_seen(assessment, actor=worker, seen_on=seen)
    plan = None
    if s47 is not None:
        done = on(rng.randint(4, 8))
        if done is None:
            return
        found = rng.choices(("substantiated_icpc", "substantiated_no_icpc", "not_substantiated"), (5, 2, 3))[0]
        s47 = pathway.complete_section47(s47, actor=worker, completed_on=done, outcome=found)
        if s47.icpc_required and s47.icpc_target is not None:
            late = rng.random() < 0.1
            held_on = (
                working_days_after(s47.icpc_target, 2)
                if late
                else _working_day_on_or_before(s47.icpc_target - dt.timedelta(days=rng.randint(0, 4)))
            )
            held_on = max(held_on, done)
            if held_on > today:
                return
            needs_plan = rng.random() < 0.85
            pathway.hold_initial_conference(
                s47,
                actor=worker,
                held_on=held_on,
                outcome="plan" if needs_plan else "no_plan",
                category=rng.choice(("NEG", "PHY", "EMO", "SAB")) if needs_plan else "",
            )
            plan = episode.cp_plans.filter(ended_on__isnull=True).first()
    completed = on(rng.randint(18, 52))
    if completed is None or completed < seen:
        return
    pathway.complete_assessment(
        assessment,
        actor=worker,
        completed_on=completed,
        factors=factors,
        primary_need=need,
        summary="Seen at home and at school; parents' and child's views recorded.",
    )
    authorised = on(1, completed)
    if authorised is None:
        return
    pathway.authorise_assessment(assessment, actor=boss, authorised_on=authorised)
    if plan is not None or pathway.open_items(episode):
        return
    choice = rng.random()
    if s47 is not None:  # after an enquiry, services end for another reason than "after assessment"
        if choice < 0.5:
            pathway.start_cin_plan(episode, actor=worker, started_on=authorised)
        else:
            pathway.close_episode(episode, actor=worker, closed_on=authorised, reason="RC7")
    elif factors != ["21"] and choice < 0.45:
        pathway.start_cin_plan(episode, actor=worker, started_on=authorised)
    elif factors == ["21"] or choice < 0.9:
        pathway.close_episode(
            episode, actor=worker, closed_on=authorised, reason="RC9" if rng.random() < 0.3 else "RC8"
        )


def earlier_pathways(now: dt.datetime, users: dict[str, User]) -> None:
    """DEMO DATA ONLY: three children the index knew before Front Door, with older episodes: one
    with a child protection plan and its review conferences, still open; one whose plan ended and
    became a child in need plan, now closed; one who was looked after."""
    worker, boss = users["socialworker"], users["manager"]
    today = to_london(now).date()
    team = worker.team
    children = [
        p
        for p in IndexPerson.objects.filter(kind="child", date_of_birth__isnull=False, episodes__isnull=True)
        .exclude(sex="")
        .order_by("id")[:40]
        if p.date_of_birth is not None and 3 <= (today - p.date_of_birth).days // 365 <= 14
    ][:3]
    rng = contact_rng(DEFAULT_SEED, 0, "earlier pathways")
    for number, (child, days_ago) in enumerate(zip(children, (250, 420, 330), strict=False)):
        start = _working_day_on_or_before(today - dt.timedelta(days=days_ago))
        _census_details(child, "White: English", start, worker, rng)
        episode = pathway.open_earlier_episode(
            child, actor=worker, referral_date=start, referral_source=("2A", "6", "3A")[number], team=team
        )
        held = dt.datetime.combine(start, dt.time(14, 0), tzinfo=LONDON)
        discussion = pathway.record_strategy_discussion(
            episode, actor=worker, held_at=held, participants=_participants(worker, rng), outcome="s47"
        )
        s47 = pathway.start_section47(episode, actor=worker, strategy_discussion=discussion, started_on=start)
        assessment = pathway.start_assessment(episode, actor=worker, started_on=start, primary_need="N1")
        pathway.record_child_seen(assessment, actor=worker, seen_on=working_days_after(start, 1))
        pathway.complete_section47(
            s47, actor=worker, completed_on=working_days_after(start, 6), outcome="substantiated_icpc"
        )
        icpc = working_days_after(start, 14)
        pathway.hold_initial_conference(
            s47, actor=worker, held_on=icpc, outcome="plan", category=("NEG", "EMO", "PHY")[number]
        )
        completed = working_days_after(start, 30)
        pathway.complete_assessment(
            assessment, actor=worker, completed_on=completed, factors=_FACTORS_HARM[number], primary_need="N1"
        )
        pathway.authorise_assessment(assessment, actor=boss, authorised_on=working_days_after(completed, 1))
        plan = episode.cp_plans.get()
        review = _working_day_on_or_before(months_after(icpc, 3) - dt.timedelta(days=3))
        pathway.hold_review_conference(plan, actor=worker, held_on=review, outcome="plan_continues")
        if number == 0:
            continue  # still on a plan: the next review is due within 6 months of the last
        ended = _working_day_on_or_before(months_after(review, 5))
        pathway.hold_review_conference(plan, actor=worker, held_on=ended, outcome="plan_ends")
        cin = pathway.start_cin_plan(episode, actor=worker, started_on=ended)
        finished = min(_working_day_on_or_before(months_after(ended, 2)), today)
        pathway.end_cin_plan(cin, actor=worker, ended_on=finished)
        pathway.close_episode(episode, actor=worker, closed_on=finished, reason="RC7")
        if number == 2:
            pathway.record_looked_after(
                child,
                actor=worker,
                started_on=finished + dt.timedelta(days=1),
                ended_on=min(finished + dt.timedelta(days=60), today),
            )


def _mark_sent(emails: Any, at: dt.datetime) -> None:
    """DEMO DATA ONLY: emails "sent" in the past are marked sent, so the worker does not send
    them now (their waiting delivery tasks are removed once, by ``forget_sent_deliveries``)."""
    emails.update(status=OutboundEmail.Status.SENT, sent_at=at, attempts=1, created_at=at, next_attempt_at=at)


def forget_sent_deliveries() -> None:
    """DEMO DATA ONLY: remove the waiting delivery tasks of emails already marked sent."""
    sent = set(OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).values_list("pk", flat=True))
    stale = [
        pk
        for pk, args_kwargs in DBTaskResult.objects.ready()
        .filter(task_path=deliver_email.module_path)
        .values_list("pk", "args_kwargs")
        if isinstance(args_kwargs, dict) and (args_kwargs.get("args") or [None])[0] in sent
    ]
    DBTaskResult.objects.filter(pk__in=stale).delete()
