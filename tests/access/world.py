"""Real records of every kind a URL can name, made through the services, for the access tests."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from frontdoor.access import services as access
from frontdoor.access.models import BreakGlass
from frontdoor.accounts.models import Role, Team, User
from frontdoor.chronology import services as chronology
from frontdoor.chronology.models import CaseNote
from frontdoor.intake import services as intake
from frontdoor.intake.models import Attachment, Contact, ContactPerson, InboundMessage
from frontdoor.partners import services as partners
from frontdoor.partners.models import ApiToken, PartnerOrganisation
from frontdoor.pathway.models import Episode
from frontdoor.people import services as people
from frontdoor.people.models import DuplicateSuspect, Person
from frontdoor.screening import services as screening
from frontdoor.screening.models import Escalation, Referral
from frontdoor.sharing.models import InformationRequest
from tests.conftest import confirmed_device
from tests.factories import log as log_request
from tests.factories import make_contact, proposed, staff

ROLES = tuple(Role.values)


@dataclass
class World:
    users: dict[str, User]
    contact: Contact
    cp: ContactPerson
    attachment: Attachment
    referral: Referral
    escalation: Escalation
    person: Person
    other_person: Person
    suspect: DuplicateSuspect
    allegation: Contact
    grant: BreakGlass
    lado: User
    information_request: InformationRequest
    inbound: InboundMessage
    organisation: PartnerOrganisation
    token: ApiToken
    episode: Episode
    note: CaseNote


def build() -> World:
    lado_team = Team.objects.create(name="Allegations (LADO)", kind=Team.Kind.ALLEGATIONS)
    users = {role: staff(role, f"{role}-user") for role in ROLES}
    admin = users[Role.ADMINISTRATOR]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    tom, boss = staff(Role.SCREENING_SOCIAL_WORKER, "tom"), staff(Role.TEAM_MANAGER, "boss")
    lado = staff(Role.SCREENING_SOCIAL_WORKER, "lado-worker", team=lado_team)

    contact = make_contact()
    decision = proposed(contact, tom, "assessment")
    screening.authorise(decision, actor=boss)
    escalation = screening.record_escalation(
        decision, actor=tom, name="Ann Teacher", role="DSL", disagreement="She wants a faster visit."
    )
    contact.refresh_from_db()
    referral = Referral.objects.get(contact=contact)
    attachment = Attachment.objects.create(
        contact=contact,
        journey_key=uuid.uuid4(),
        filename="note.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
        data=b"%PDF-1.4\n",
    )
    cp = contact.people.get()
    person = people.create_person(
        actor=None, given_name="Jayden", surname="Smith", date_of_birth=dt.date(2019, 4, 3), postcode="NS1 2AB"
    )
    other = people.create_person(actor=None, given_name="Jaden", surname="Smith", date_of_birth=dt.date(2019, 4, 3))
    a, b = sorted([person, other], key=lambda p: p.pk)
    suspect = DuplicateSuspect.objects.create(person_a=a, person_b=b, score=0.95)

    allegation = make_contact(
        allegation_against_worker=True, concern="The football coach hit Jayden at training on Saturday."
    )
    restriction = allegation.restrictions.get()
    grant = access.break_glass([restriction], "Police on the phone about the coach tonight", actor=boss)[0]
    information_request = log_request(tom)
    inbound = intake.receive_email(
        b"From: Asha Patel <asha@gp.example>\r\nTo: referrals@council.example\r\nSubject: Worried about Jayden\r\n"
        b"Message-ID: <world-1@gp.example>\r\n\r\nJayden came to surgery with a bruise on his cheek.\r\n",
        mail_from="asha@gp.example",
        rcpt_tos=["referrals@council.example"],
    )
    organisation = partners.create_organisation(
        actor=admin, name="Northtown Primary", organisation_type="school", contact_email="dsl@northtown.example"
    )
    episode = Episode.objects.create(
        child=person, referral=referral, referral_date=dt.date(2026, 11, 2), referral_source="2A"
    )
    token = partners.issue_token(organisation, actor=admin, name="MIS", scopes=["contacts:read"]).token
    note = chronology.add_note(
        person,
        actor=tom,
        kind="home_visit",
        happened_on=dt.date(2026, 11, 3),
        text="Saw Jayden at home with his mother.",
        episode=episode,
    )
    confirmed_device(admin)  # the administrator has signed in with a second factor, as in life
    return World(
        users=users,
        contact=contact,
        cp=cp,
        attachment=attachment,
        referral=referral,
        escalation=escalation,
        person=person,
        other_person=other,
        suspect=suspect,
        allegation=allegation,
        grant=grant,
        lado=lado,
        information_request=information_request,
        inbound=inbound,
        organisation=organisation,
        token=token,
        episode=episode,
        note=note,
    )


def url_arguments(world: World, view_name: str) -> dict[str, str]:
    """Concrete values for every argument a URL pattern can have, from the world's real records."""
    admin = world.users[Role.ADMINISTRATOR]
    return {
        "reference": (world.information_request if view_name.startswith("requests:") else world.contact).reference,
        "pk": str(world.organisation.pk if view_name.startswith("partners:") else world.inbound.pk),
        "token_id": str(world.token.pk),
        "episode_id": str(world.episode.pk),
        "s47_id": "999999",
        "assessment_id": "999999",
        "plan_id": "999999",
        "export_id": "999999",
        "kind": "assessment",
        "name": "list-1-contacts",
        "slug": "danger" if view_name == "intake:step" else "arrival",
        "which": "children",
        "index": "new",
        "attachment_id": str(world.attachment.pk),
        "suspect_id": str(world.suspect.pk),
        "note_id": str(world.note.pk),
        "address_id": "999999",
        "relationship_id": "999999",
        "contact_person_id": str(world.cp.pk),
        "person_id": str(world.person.pk),
        "referral_id": str(world.referral.pk),
        "escalation_id": str(world.escalation.pk),
        "rule_id": "no-such-rule",
        "break_glass_id": str(world.grant.pk),
        "content_type_id": str(ContentType.objects.get_for_model(User).pk),
        # The admin site keeps reference data only (teams, task results): name a real team.
        "object_id": str(admin.team_id),
        "user_id": str(world.users[Role.CUSTOMER_SERVICE_OFFICER].pk),  # the administrator's account pages
        "id": str(admin.pk),
        "app_label": "accounts",
        "url": "nothing-here/",
    }
