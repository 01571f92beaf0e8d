"""DEC-1..DEC-7, SCR-2..SCR-7, ACK-3: screening, proposing, authorising, and what follows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from frontdoor.accounts.models import Role
from frontdoor.audit.models import AuditEntry
from frontdoor.intake.models import ContactStatus, OutboundEmail
from frontdoor.people import services as people
from frontdoor.people.models import Involvement, InvolvementKind
from frontdoor.policy.calendar import LONDON
from frontdoor.screening import services
from frontdoor.screening.models import Decision, DecisionStatus, Escalation, Referral, ReferrerUpdate, Screening
from frontdoor.screening.services import LanguageCheck, ScreeningRefused
from tests.factories import IN_HOURS, JAYDEN, make_contact, manager, proposed, screened, screener, staff

pytestmark = pytest.mark.django_db


def test_dec1_nobody_authorises_their_own_decision_and_only_managers_authorise() -> None:
    boss, other_boss, tom = manager("boss"), manager("other"), screener("tom")
    contact = make_contact()
    screened(contact, boss)  # a manager may screen...
    decision = services.propose_decision(contact, actor=boss, outcome="assessment", reasons="Needs assessing.")
    with pytest.raises(ScreeningRefused, match="nobody authorises their own decision"):
        services.authorise(decision, actor=boss)
    with pytest.raises(ScreeningRefused, match="Only a team manager"):
        services.authorise(decision, actor=tom)
    services.authorise(decision, actor=other_boss)  # ...but another manager authorises
    decision.refresh_from_db()
    contact.refresh_from_db()
    assert decision.status == DecisionStatus.AUTHORISED and decision.reviewed_by == other_boss
    assert contact.status == ContactStatus.DECIDED and contact.decided_at is not None


def test_dec1_a_proposal_needs_the_continuum_of_need_and_the_parents_knowledge() -> None:
    tom = screener()
    contact = make_contact()
    services.claim(contact, actor=tom)
    with pytest.raises(ScreeningRefused) as refused:
        services.propose_decision(contact, actor=tom, outcome="early_help", reasons="Support needed.")
    assert "Continuum of Need" in str(refused.value) and "parents know" in str(refused.value)
    assert "early help service" in str(refused.value)


def test_dec2_option_3_makes_a_referral_with_its_own_reference_date_and_deadlines() -> None:
    tom, boss = screener(), manager()
    contact = make_contact()
    decision = proposed(contact, tom, "assessment")
    services.authorise(decision, actor=boss)
    referral = Referral.objects.get()
    assert referral.reference.startswith("REF-") and referral.reference != contact.reference
    assert referral.contact == contact and referral.route == "assessment"
    assert referral.child_seen_due_at is not None and referral.child_seen_due_at > referral.referred_at
    assert referral.assessment_due_at is not None and referral.strategy_due_at is None
    # Options 1 and 2 make no referral: contacts and referrals stay distinct.
    other = make_contact(received_at=IN_HOURS + dt.timedelta(hours=1))
    services.authorise(proposed(other, tom, "early_help", early_help_service="families_first"), actor=boss)
    assert Referral.objects.count() == 1
    assert Decision.objects.get(contact=other).outcome_text == "Early help: Families First assessment"


def test_dec3_a_section_47_route_needs_the_decision_makers_own_reasonable_cause() -> None:
    tom, boss = screener(), manager()
    contact = make_contact()
    screened(contact, tom, abuse_or_neglect="significant_harm")
    with pytest.raises(ScreeningRefused, match="reasonable cause"):
        services.propose_decision(contact, actor=tom, outcome="strategy_discussion", reasons="Serious.")
    with pytest.raises(ScreeningRefused, match="reasonable cause"):
        services.propose_decision(
            contact, actor=tom, outcome="strategy_discussion", reasons="Serious.", reasonable_cause=" "
        )
    cause = "Jayden says his stepfather burnt his arm with a cigarette; the school saw a fresh round burn."
    decision = services.propose_decision(
        contact, actor=tom, outcome="strategy_discussion", reasons="Serious.", reasonable_cause=cause
    )
    services.authorise(decision, actor=boss)
    referral = Referral.objects.get()
    assert Decision.objects.get().reasonable_cause == cause
    assert referral.strategy_due_at == referral.referred_at + dt.timedelta(hours=24)
    assert referral.s47_started_at is None  # DEC-3: no rule ever starts s47


def _baby(**extra: object) -> dict[str, object]:
    return {**JAYDEN, "given_names": "Ruby", "date_of_birth": dt.date(2026, 9, 1), "nhs_number": "", **extra}


def test_dec4_a_bruised_pre_mobile_baby_needs_a_paediatric_assessment_and_a_managers_consideration() -> None:
    tom, boss = screener(), manager()
    contact = make_contact(people=[_baby()], concern="The health visitor saw a bruise on Ruby's cheek.")
    screened(contact, tom, bruising=True)
    suggested = services.suggestions(contact, Screening.objects.get())
    bruise = next(s for s in suggested if s["rule"] == "pre_mobile_bruise")
    assert (
        "paediatric" in bruise["reason"].lower() and "does not by itself start a section 47" in bruise["reason"].lower()
    )
    with pytest.raises(ScreeningRefused) as refused:
        services.propose_decision(contact, actor=tom, outcome="assessment", reasons="Bruise to assess.")
    assert "rolls, crawls or cruises" in str(refused.value) and "paediatric assessment" in str(refused.value)
    services.save_screening(
        contact,
        actor=tom,
        baby_mobility="rolls",
        bruise_explanation="Mother says she rolled into the cot bars.",
        paediatric_assessment="Northshire General, child protection medical today 15:00",
    )
    # Not s47 by rule: the screener may propose an assessment, not a strategy discussion.
    decision = services.propose_decision(contact, actor=tom, outcome="assessment", reasons="Paediatric view first.")
    with pytest.raises(ScreeningRefused, match="consideration of a strategy discussion"):
        services.authorise(decision, actor=boss)
    services.authorise(
        decision,
        actor=boss,
        strategy_consideration=(
            "Spoke to the paediatrician: consistent with rolling; no strategy discussion now, review after the medical."
        ),
    )
    assert Decision.objects.get().strategy_consideration.startswith("Spoke to the paediatrician")
    assert not Referral.objects.filter(s47_started_at__isnull=False).exists()


def test_dec5_a_suspected_crime_needs_the_police_notified_or_the_suggestion_overruled() -> None:
    tom = screener()
    contact = make_contact(concern="Jayden says his uncle touched him sexually at the weekend.")
    screened(contact, tom, suspected_crime=True)
    with pytest.raises(ScreeningRefused, match="police were notified"):
        services.propose_decision(contact, actor=tom, outcome="assessment", reasons="x")
    services.record_police_notification(contact, "PC 1234 Jones, Public Protection Unit, by phone; log 0456", actor=tom)
    screening = Screening.objects.get()
    assert screening.police_notified and "PC 1234" in screening.police_notification
    assert AuditEntry.objects.filter(action="screening.police_notified").exists()
    decision = services.propose_decision(
        contact,
        actor=tom,
        outcome="strategy_discussion",
        reasons="x",
        reasonable_cause="A disclosure of sexual abuse by a named adult.",
    )
    assert decision.status == DecisionStatus.PROPOSED


def test_dec7_a_suggestion_is_overruled_only_with_a_reason_and_it_is_recorded() -> None:
    tom = screener()
    contact = make_contact(concern="Jayden said his dad hit him.")
    screened(contact, tom, suspected_crime=True)
    with pytest.raises(ScreeningRefused, match="why"):
        services.overrule(contact, "suspected_crime", "  ", actor=tom)
    with pytest.raises(ScreeningRefused, match="does not apply"):
        services.overrule(contact, "pre_mobile_bruise", "no baby", actor=tom)
    services.overrule(contact, "suspected_crime", "The police made this referral themselves: they know.", actor=tom)
    suggested = services.suggestions(contact, Screening.objects.get())
    crime = next(s for s in suggested if s["rule"] == "suspected_crime")
    assert crime["overruled"]["reason"].startswith("The police made") and crime["source"]
    decision = services.propose_decision(contact, actor=tom, outcome="assessment", reasons="x")
    assert any(s["rule"] == "suspected_crime" and s["overruled"] for s in decision.suggestions)


def test_dec1_a_manager_sends_back_with_comments_and_the_screener_proposes_again() -> None:
    tom, boss = screener(), manager()
    contact = make_contact()
    decision = proposed(contact, tom, "no_further_action")
    with pytest.raises(ScreeningRefused, match="comments"):
        services.send_back(decision, "", actor=boss)
    services.send_back(decision, "The school says this is the third week: look again.", actor=boss)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.SCREENING and contact.claimed_by == tom
    second = services.propose_decision(
        contact, actor=tom, outcome="early_help", reasons="x", early_help_service="families_first"
    )
    statuses = dict(Decision.objects.values_list("pk", "status"))
    assert statuses == {decision.pk: DecisionStatus.SENT_BACK, second.pk: DecisionStatus.PROPOSED}


def test_dec6_an_escalation_and_its_resolution_are_recorded_and_can_reopen_the_contact() -> None:
    tom, boss = screener(), manager()
    contact = make_contact()
    decision = proposed(contact, tom, "no_further_action")
    services.authorise(decision, actor=boss)
    escalation = services.record_escalation(
        decision,
        actor=tom,
        name="Ann Teacher",
        role="DSL, Elm Road Primary",
        disagreement="He is still hungry every day; NFA leaves him without help.",
    )
    with pytest.raises(ScreeningRefused, match="team manager"):
        services.resolve_escalation(escalation, actor=tom, result="upheld", resolution="x")
    services.resolve_escalation(
        escalation,
        actor=boss,
        result=Escalation.Result.REOPENED,
        resolution="Agreed: screen again with the school's new information.",
    )
    escalation.refresh_from_db()
    contact.refresh_from_db()
    assert escalation.resolved_by == boss and not escalation.is_open
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.SUPERSEDED
    assert contact.status == ContactStatus.NEW and contact.claimed_by is None
    assert AuditEntry.objects.filter(action="decision.escalation_resolved", object_id=str(contact.pk)).exists()


def test_ack3_a_professional_is_told_the_outcome_by_email_and_it_is_recorded_on_the_contact() -> None:
    tom, boss = screener(), manager()
    contact = make_contact(on_behalf_of_someone_else=True)
    services.authorise(proposed(contact, tom, "assessment"), actor=boss)
    email = OutboundEmail.objects.get(kind=OutboundEmail.Kind.OUTCOME)
    assert email.to == "ann.teacher@school.example" and contact.reference in email.subject
    assert "Child and family assessment" in email.body
    assert "feed back" in email.body  # they passed on someone else's worry
    assert contact.concern not in email.body  # the email never repeats the concern
    update = ReferrerUpdate.objects.get()
    assert update.contact == contact and update.email == email and update.method == "email"


def test_ack3_a_member_of_the_public_learns_less_than_a_professional() -> None:
    tom, boss = screener(), manager()
    contact = make_contact(
        referrer_type="public",
        organisation_type="",
        organisation_name="",
        hub_advice="",
        referrer_email="neighbour@example.org",
    )
    services.authorise(
        proposed(contact, tom, "strategy_discussion", reasonable_cause="Serious injury seen."), actor=boss
    )
    body = OutboundEmail.objects.get(kind=OutboundEmail.Kind.OUTCOME).body
    assert "Strategy discussion" not in body and "section 47" not in body.lower()
    assert "privacy" in body and "cannot tell you what we have decided" in body


def test_ack3_signposting_tells_where_and_phone_updates_are_recorded() -> None:
    tom, boss = screener(), manager()
    contact = make_contact(referrer_email="", referrer_phone="01632 960 123")
    services.authorise(proposed(contact, tom, "signposting", signposted_to="Northshire Young Carers"), actor=boss)
    assert not OutboundEmail.objects.filter(kind=OutboundEmail.Kind.OUTCOME).exists()
    text = services.referrer_message(contact, Decision.objects.get())
    assert "Northshire Young Carers" in text
    with pytest.raises(ScreeningRefused, match="what the referrer was told"):
        services.record_referrer_told(contact, actor=tom, method="phone", text="")
    services.record_referrer_told(contact, actor=tom, method="phone", text=text)
    assert ReferrerUpdate.objects.get().recorded_by == tom


def test_ppl1_an_authorised_decision_adds_the_contact_and_referral_to_each_linked_childs_history() -> None:
    tom, boss = screener(), manager()
    jayden = people.create_person(actor=None, given_name="Jayden", surname="Smith", date_of_birth=dt.date(2019, 4, 3))
    contact = make_contact()
    people.link_contact_person(contact.people.get(), jayden, actor=tom)
    services.authorise(proposed(contact, tom, "assessment"), actor=boss)
    kinds = dict(Involvement.objects.filter(person=jayden).values_list("kind", "source_reference"))
    referral = Referral.objects.get()
    assert kinds == {InvolvementKind.CONTACT: contact.reference, InvolvementKind.REFERRAL: referral.reference}
    assert Involvement.objects.get(person=jayden, kind="referral").is_open


def test_scr7_euphemisms_are_pointed_out_and_kept_only_by_choice() -> None:
    tom = screener()
    contact = make_contact()
    services.claim(contact, actor=tom)
    with pytest.raises(LanguageCheck) as check:
        services.save_screening(
            contact, actor=tom, nature_of_concern="Dad chastised him after rough handling at bath time."
        )
    assert {f.euphemism.id for f in check.value.flags} >= {"chastisement", "rough_handling"}
    assert Screening.objects.get().nature_of_concern == ""  # nothing saved until the writer chooses
    services.save_screening(contact, actor=tom, nature_of_concern="Dad hit him twice with a belt at bath time.")
    assert Screening.objects.get().nature_of_concern.startswith("Dad hit him")
    services.save_screening(contact, actor=tom, keep_wording=True, how_arisen="Rough handling reported by the school.")
    screening = Screening.objects.get()
    assert screening.kept_language == [{"field": "how_arisen", "text": "Rough handling", "euphemism": "rough_handling"}]
    assert AuditEntry.objects.filter(action="screening.wording_kept").exists()
    # Kept once, not asked again.
    services.save_screening(contact, actor=tom, how_arisen="Rough handling reported by the school.")


def test_scr2_scr6_con1_the_screening_record_starts_from_what_the_referrer_said() -> None:
    tom = screener()
    contact = make_contact(domestic_abuse="yes", parental_knowledge="not_informed", not_informed_ground="evidence")
    services.claim(contact, actor=tom)
    screening = Screening.objects.get()
    assert screening.domestic_abuse == "yes"
    assert screening.parental_knowledge == "not_informed" and screening.not_informed_ground == "evidence"
    with pytest.raises(ScreeningRefused, match="ground"):
        services.save_screening(contact, actor=tom, not_informed_ground="")
    services.save_screening(contact, actor=tom, parental_knowledge="informed_only")
    assert Screening.objects.get().not_informed_ground == ""


def test_scr2_only_the_holder_changes_the_screening_record() -> None:
    tom, ann = screener("tom"), screener("ann")
    contact = make_contact()
    services.claim(contact, actor=tom)
    with pytest.raises(ScreeningRefused, match="claim it first"):
        services.save_screening(contact, actor=ann, nature_of_concern="x")
    with pytest.raises(ScreeningRefused, match="claim it first"):
        services.propose_decision(contact, actor=ann, outcome="no_further_action", reasons="x")


def test_scr5_repeated_and_anonymous_contacts_about_a_family_are_visible_never_discarded() -> None:
    tom, boss = screener(), manager()
    start = dt.datetime(2026, 10, 26, 10, 0, tzinfo=LONDON)
    anonymous: dict[str, Any] = {
        "referrer_type": "public",
        "anonymity": "anonymous",
        "referrer_email": "",
        "referrer_name": "",
        "organisation_type": "",
        "hub_advice": "",
    }
    earlier = []
    for day in range(4):
        c = make_contact(received_at=start + dt.timedelta(days=day * 7), **anonymous)
        earlier.append(c)
        services.authorise(proposed(c, tom, "no_further_action"), actor=boss)
    fifth = make_contact(received_at=start + dt.timedelta(days=29), **anonymous)
    found = services.pattern(fifth)
    assert [c.reference for c in found.about_family] == [c.reference for c in reversed(earlier)]
    assert found.anonymous_30d == 4 and found.no_further_action == 4
    rules = {s["rule"] for s in services.suggestions(fifth)}
    assert {"repeated_contacts", "anonymous_pattern", "repeat_nfa"} <= rules
    # The same referrer's earlier contacts, by email address.
    professional = make_contact(received_at=start + dt.timedelta(days=30))
    again = make_contact(received_at=start + dt.timedelta(days=31))
    assert services.pattern(again).from_referrer == [professional]
    assert "same_referrer" in {s["rule"] for s in services.suggestions(again)}


def test_a_social_worker_role_can_screen_but_a_customer_service_officer_cannot_propose() -> None:
    worker = staff(Role.SOCIAL_WORKER, "priya")
    contact = make_contact()
    services.claim(contact, actor=worker)
    cso = staff(Role.CUSTOMER_SERVICE_OFFICER, "cso")
    with pytest.raises(ScreeningRefused, match="delegated authority"):
        services.propose_decision(contact, actor=cso, outcome="no_further_action", reasons="x")


def test_ack2_the_status_page_says_only_received_until_the_decision_then_what_the_referrer_is_told() -> None:
    import uuid

    from django.test import Client

    from frontdoor.intake.models import Contact as ContactModel
    from frontdoor.intake.services import ContactDraft, submit_contact
    from tests.factories import PROFESSIONAL

    draft = ContactDraft(uuid.uuid4(), "online", IN_HOURS, dict(PROFESSIONAL), [JAYDEN])
    submission = submit_contact(draft, actor=None)
    contact = ContactModel.objects.get(pk=submission.contact.pk)
    form = {"reference": contact.reference, "secret": submission.status_secret}
    before = Client().post("/status/", form).content.decode()
    assert "It is being looked at" in before and "Child and family assessment" not in before
    tom, boss = screener(), manager()
    services.authorise(proposed(contact, tom, "assessment"), actor=boss)
    after = Client().post("/status/", form).content.decode()
    assert "Our decision: Child and family assessment" in after and "It is being looked at" not in after
    assert contact.concern not in after
