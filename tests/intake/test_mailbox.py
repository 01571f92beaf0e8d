"""Issue 8, the email channel: messages to the council's referrals mailbox, received by the real
SMTP receiver (`manage.py receive_mail`, aiosmtpd) over loopback, become DRAFT contacts with their
attachments and the original message, acknowledged through the outbox (INT-1, INT-8, INT-15,
ACK-1); replies, automatic replies and spam are filed and never acknowledged."""

from __future__ import annotations

import smtplib
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from frontdoor.audit.models import AuditEntry
from frontdoor.intake import outbox
from frontdoor.intake.mailbox import controller
from frontdoor.intake.models import (
    Attachment,
    Channel,
    Contact,
    ContactStatus,
    InboundMessage,
    OutboundEmail,
    QuarantinedAttachment,
)
from frontdoor.screening import services as screening
from tests.arrivals import run_arrival_follow_ups
from tests.intake.smtp import LoopbackSMTP, free_port
from tests.intake.test_acknowledgement import BASE_DIR, worker_env

pytestmark = pytest.mark.django_db(transaction=True)

MAILBOX = "referrals@example-council.gov.uk"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def referral_email(**headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Dr Asha Patel <asha.patel@northtown-gp.example>"
    message["To"] = MAILBOX
    message["Subject"] = "Referral: Mia Jones, age 4"
    message["Message-ID"] = "<ref-1@northtown-gp.example>"
    # What the council's receiving mail server adds once it has checked the sender (RFC 8601).
    message["Authentication-Results"] = (
        "mx.example-council.gov.uk; spf=pass smtp.mailfrom=northtown-gp.example; "
        "dkim=pass header.d=northtown-gp.example; dmarc=pass (p=reject) header.from=northtown-gp.example"
    )
    for name, value in headers.items():
        del message[name]
        message[name] = value
    message.set_content("Mia (4) had bruising on both upper arms at her appointment today. Mum said she fell.")
    return message


def send(port: int, message: EmailMessage, mail_from: str = "asha.patel@northtown-gp.example") -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.send_message(message, from_addr=mail_from, to_addrs=[MAILBOX])


@pytest.fixture
def mailbox(settings: SettingsWrapper) -> Iterator[int]:
    """The receiver in this process (its handler stores each message in a thread of its own)."""
    port = free_port()
    receiver = controller("127.0.0.1", port, {MAILBOX})
    receiver.start()
    yield port
    receiver.stop()


def test_int1_int8_ack1_email_with_attachments_through_receive_mail_becomes_an_acknowledged_draft(
    settings: SettingsWrapper,
) -> None:
    """The real `manage.py receive_mail` process, on loopback, sharing the test database."""
    port = free_port()
    sender_mail_server = LoopbackSMTP().start()
    env = worker_env(sender_mail_server, FRONTDOOR_MAILBOX_ADDRESSES=MAILBOX)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "receive_mail", "--host", "127.0.0.1", "--port", str(port)],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                smtplib.SMTP("127.0.0.1", port, timeout=2).quit()
                break
            except OSError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "receive_mail did not start"
                time.sleep(0.2)
        message = referral_email()
        message.add_attachment(PDF, maintype="application", subtype="pdf", filename="body map.pdf")
        message.add_attachment(EXE, maintype="application", subtype="octet-stream", filename="photos.exe")
        send(port, message)  # returns once the receiver answered 250: committed (INT-15)
        with pytest.raises(smtplib.SMTPRecipientsRefused):  # not a relay
            with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
                client.send_message(message, from_addr="x@example.org", to_addrs=["someone@elsewhere.example"])
    finally:
        process.terminate()
        process.wait(timeout=15)

    contact = Contact.objects.get()
    assert contact.status == ContactStatus.DRAFT and contact.channel == Channel.EMAIL
    assert contact.referrer_email == "asha.patel@northtown-gp.example" and contact.referrer_name == "Dr Asha Patel"
    assert "bruising on both upper arms" in contact.concern and "Referral: Mia Jones" in contact.concern
    assert [(a.filename, a.content_type) for a in Attachment.objects.filter(contact=contact)] == [
        ("body map.pdf", "application/pdf")
    ]
    quarantined = QuarantinedAttachment.objects.get(contact=contact)
    assert quarantined.filename == "photos.exe" and quarantined.data == EXE and "must be a PDF" in quarantined.note
    inbound = InboundMessage.objects.get()
    assert inbound.kind == InboundMessage.Kind.CONTACT and inbound.contact == contact
    assert b"bruising on both upper arms" in bytes(inbound.raw) and b"photos.exe" in bytes(inbound.raw)  # the .eml
    # Not in the screening queue until completed, but its decision deadline shows (TIM-3).
    assert contact not in screening.general_queue(contact.queue)
    assert any(
        i.contact == contact and i.rule_id == "decision" for i in screening.due_items(now=contact.decision_due_at)
    )
    # ACK-1: acknowledged through the outbox, delivered over SMTP, marked auto-generated (no loops).
    ack = OutboundEmail.objects.get(contact=contact, kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = sender_mail_server.host, sender_mail_server.port
    assert "sent" in outbox.deliver(ack.pk)
    received = sender_mail_server.messages
    sender_mail_server.stop()
    assert [r.rcpt_tos for r in received] == [["asha.patel@northtown-gp.example"]]
    assert received[0].message["Auto-Submitted"] == "auto-generated"
    assert contact.reference in received[0].message["Subject"]
    contact.refresh_from_db()
    assert contact.acknowledged_at is not None and contact.acknowledgement_method == "email"


@pytest.mark.parametrize(
    ("headers", "mail_from", "reason"),
    [
        ({"Subject": "Out of Office: Referral"}, "asha.patel@northtown-gp.example", "Subject looks automatic"),
        ({"Auto-Submitted": "auto-replied"}, "asha.patel@northtown-gp.example", "Auto-Submitted"),
        ({"X-Autoreply": "yes"}, "asha.patel@northtown-gp.example", "X-Autoreply"),
        ({"Precedence": "auto_reply"}, "asha.patel@northtown-gp.example", "Precedence"),
        ({}, "", "Empty envelope sender"),
    ],
)
def test_ack1_out_of_office_and_automatic_replies_are_filed_not_contacts_never_acknowledged(
    mailbox: int, headers: dict[str, str], mail_from: str, reason: str
) -> None:
    send(mailbox, referral_email(**headers), mail_from=mail_from)
    inbound = InboundMessage.objects.get()
    assert inbound.kind == InboundMessage.Kind.AUTO_REPLY and reason in inbound.reason
    assert Contact.objects.count() == 0 and OutboundEmail.objects.count() == 0
    assert AuditEntry.objects.filter(action="inbound_email.received").count() == 1


def test_ack1_a_reply_to_our_email_is_filed_with_its_contact_and_spam_is_filed(
    mailbox: int, staff_client: Client
) -> None:
    # A contact of ours, whose acknowledgement the referrer answers.
    send(mailbox, referral_email())
    contact = Contact.objects.get()
    ack = OutboundEmail.objects.get(contact=contact)
    send(mailbox, referral_email(**{"Subject": "Re: We have received your contact", "In-Reply-To": ack.message_id}))
    send(mailbox, referral_email(**{"X-Spam-Flag": "YES", "Subject": "Cheap watches"}))
    reply = InboundMessage.objects.get(kind=InboundMessage.Kind.REPLY)
    assert reply.related_contact == contact and reply.contact is None
    assert InboundMessage.objects.filter(kind=InboundMessage.Kind.SPAM).count() == 1
    assert Contact.objects.count() == 1 and OutboundEmail.objects.count() == 1  # only the first acknowledged
    # Staff see every message, filed or not, and can read and mark it.
    page = staff_client.get("/staff/mailbox/").content.decode()
    assert "Reply to one of our emails" in page and "Cheap watches" in page and contact.reference in page
    assert staff_client.get(f"/staff/mailbox/{reply.pk}/").status_code == 200
    eml = staff_client.get(f"/staff/mailbox/{reply.pk}/message.eml")
    assert eml["Content-Type"] == "message/rfc822" and b"In-Reply-To" in eml.content
    staff_client.post(f"/staff/mailbox/{reply.pk}/reviewed/")
    reply.refresh_from_db()
    assert reply.reviewed_at is not None


def test_int1_an_officer_completes_an_emailed_draft_into_the_queue(mailbox: int, staff_client: Client) -> None:
    from tests.intake.answers import CHILD_NAMED, PROFESSIONAL_SCHOOL
    from tests.intake.test_phone_and_post import an_hour_ago, call

    staff_client.post("/staff/phone/", call(an_hour_ago()))  # the school rang first (INT-12)
    phone = Contact.objects.get()
    send(mailbox, referral_email())
    draft = Contact.objects.exclude(pk=phone.pk).get()
    run_arrival_follow_ups()
    phone.refresh_from_db()
    assert phone.written_confirmation_received_at is None  # a draft confirms nothing until completed
    home = staff_client.get("/staff/").content.decode()
    assert "Emailed contacts waiting to be completed" in home and draft.reference in home
    assert "Complete this contact" in staff_client.get(f"/staff/contacts/{draft.reference}/").content.decode()
    response = staff_client.post(f"/staff/contacts/{draft.reference}/complete/")
    assert response["Location"] == "/staff/record/danger/"
    for slug in ("danger", "about-you", "your-details", "request-type", "hub", "family", "parents"):
        page = PROFESSIONAL_SCHOOL[slug]
        assert staff_client.post(f"/staff/record/{slug}/", page).status_code == 302, slug
    assert staff_client.post("/staff/record/children/new/", CHILD_NAMED).status_code == 302
    check = staff_client.get("/staff/record/check/").content.decode()
    assert "bruising on both upper arms" in check  # the email's text, carried into the form
    key = check.split('name="submission_key" value="')[1].split('"')[0]
    response = staff_client.post("/staff/record/check/", {"submission_key": key})
    assert response["Location"] == f"/staff/contacts/{draft.reference}/"
    draft.refresh_from_db()
    assert Contact.objects.count() == 2  # the same contact, completed (and the phone call)
    assert draft.status == ContactStatus.NEW and draft.channel == Channel.EMAIL
    assert draft.referrer_type == "professional" and draft.form_type == "green"
    assert [p.given_names for p in draft.people.all()] == ["Jayden"]
    assert draft in screening.general_queue(draft.queue)
    assert AuditEntry.objects.filter(action="contact.draft_completed", object_id=str(draft.pk)).count() == 1
    # Completed, the emailed form is the written confirmation of the school's call (INT-12).
    assert run_arrival_follow_ups() == 1  # by the task worker, enqueued with the completion
    phone.refresh_from_db()
    assert phone.written_confirmation_received_at == draft.received_at
    assert phone.confirmations.get().written_contact == draft


def test_issue17_the_published_referrals_address_is_accepted_and_others_refused() -> None:
    """The address the council publishes (on every page, letter and email) is one the mailbox takes:
    it was refused with "550 No such mailbox" when only FRONTDOOR_MAILBOX_ADDRESSES was read."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor
    from types import SimpleNamespace

    from frontdoor.intake.mailbox import MailboxHandler, accepted_addresses
    from frontdoor.policy.council import COUNCIL

    assert COUNCIL.referrals_email.lower() in accepted_addresses()
    assert MAILBOX in accepted_addresses()
    handler = MailboxHandler()

    def rcpt(address: str) -> str:
        # In a thread of its own: a browser test before this one on the same worker may have left
        # Playwright's event loop running in this thread, where asyncio.run refuses to start.
        envelope = SimpleNamespace(rcpt_tos=[])
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, handler.handle_RCPT(None, None, envelope, address, [])).result()

    assert rcpt(COUNCIL.referrals_email.upper()) == "250 OK"
    assert rcpt("someone@elsewhere.example").startswith("550")
