"""Partner organisations and their tokens (issued, scoped, revoked and rotated by an
administrator), contacts sent through the API, and the audit of every API call.

Every change here is atomic and audited in the same transaction (SEC-2)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from frontdoor.accounts.models import Role, User
from frontdoor.audit import services as audit
from frontdoor.audit.actions import Action
from frontdoor.core import validation
from frontdoor.core.errors import Refused
from frontdoor.intake import services as intake
from frontdoor.intake.models import Attachment, Contact, ContactStatus
from frontdoor.partners.models import ApiToken, IdempotencyRecord, PartnerOrganisation, PartnerSubmission, Scope

TOKEN_PREFIX = "fdp_"  # noqa: S105 - the tokens' visible prefix, not a secret
# How long a key's first answer is kept and a retry's body compared with the first. After it, the
# same key still finds the same contact (its submission key derives from the key): never a second.
IDEMPOTENCY_DAYS = 7


class NotAllowed(Refused):
    """Only an administrator manages partner organisations and their tokens."""


def _require_admin(actor: User) -> None:
    if not (actor.is_active and actor.role == Role.ADMINISTRATOR):
        raise NotAllowed("Only an administrator can manage partner organisations and their tokens")


def actor_label(organisation: PartnerOrganisation) -> str:
    return f"partner:{organisation.name}"[:150]


# Organisations and tokens --------------------------------------------------------------------------


@transaction.atomic(durable=True)
def create_organisation(name: str, organisation_type: str, contact_email: str, *, actor: User) -> PartnerOrganisation:
    _require_admin(actor)
    organisation = PartnerOrganisation.objects.create(
        name=name.strip(), organisation_type=organisation_type, contact_email=contact_email, created_by=actor
    )
    audit.record(actor, Action.PARTNER_CREATED, organisation, name=organisation.name)
    return organisation


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(6)
    return prefix, f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


def _clean_scopes(scopes: list[str]) -> list[str]:
    allowed = {s.value for s in Scope}
    chosen = sorted({s for s in scopes if s in allowed})
    if not chosen or len(chosen) != len(set(scopes)):
        raise ValueError("Select at least one scope from the list")
    return chosen


@transaction.atomic(durable=True)
def issue_token(organisation: PartnerOrganisation, *, actor: User, name: str, scopes: list[str]) -> IssuedToken:
    """Issue a token (top level); ``_issue_token`` does it inside rotate_token's transaction."""
    return _issue_token(organisation, actor=actor, name=name, scopes=scopes)


@transaction.atomic
def _issue_token(organisation: PartnerOrganisation, *, actor: User, name: str, scopes: list[str]) -> IssuedToken:
    _require_admin(actor)
    prefix, secret = _new_secret()
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name.strip()[:100],
        prefix=prefix,
        token_hash=ApiToken.hash(secret),
        scopes=_clean_scopes(scopes),
        created_by=actor,
    )
    audit.record(actor, Action.PARTNER_TOKEN_ISSUED, token, organisation=organisation.pk, scopes=token.scopes)
    return IssuedToken(token, secret)


@transaction.atomic(durable=True)
def revoke_token(token: ApiToken, *, actor: User, reason: str = "") -> None:
    _require_admin(actor)
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor
    )
    if updated:
        audit.record(actor, Action.PARTNER_TOKEN_REVOKED, token, reason=reason, organisation=token.organisation_id)
    token.refresh_from_db()


@transaction.atomic(durable=True)
def rotate_token(token: ApiToken, *, actor: User) -> IssuedToken:
    """A new secret with the same name and scopes; the old one stops working at once."""
    _require_admin(actor)
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        raise ValueError("This token has been revoked or rotated already: issue a new one")
    issued = _issue_token(locked.organisation, actor=actor, name=locked.name, scopes=list(locked.scopes))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.replaced_by = issued.token
    locked.save(update_fields=["revoked_at", "revoked_by", "replaced_by"])
    audit.record(actor, Action.PARTNER_TOKEN_ROTATED, locked, replaced_by=issued.token.pk)
    token.refresh_from_db()
    return issued


def authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret, or None. Constant-time comparison of the hash."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    prefix = secret[len(TOKEN_PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("organisation").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.token_hash, ApiToken.hash(secret)):
        return None
    if not token.is_active:
        return None
    return token


def touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


# Contacts ------------------------------------------------------------------------------------------


def contacts_of(organisation: PartnerOrganisation) -> QuerySet[Contact]:
    return Contact.objects.filter(partner_submission__organisation=organisation)


def request_hash(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"%s %s\n" % (method.encode(), path.encode()) + body).hexdigest()


@dataclass(frozen=True)
class Replay:
    status_code: int
    body: dict[str, Any]


class KeyReused(Refused):
    """The same Idempotency-Key was sent with a different request."""


def replay(organisation: PartnerOrganisation, key: str, digest: str) -> Replay | None:
    """The first answer to this key, if the same request was made before; KeyReused if another."""
    cutoff = timezone.now() - dt.timedelta(days=IDEMPOTENCY_DAYS)
    record = IdempotencyRecord.objects.filter(organisation=organisation, key=key, created_at__gte=cutoff).first()
    if record is None:
        return None
    if record.request_hash != digest:
        raise KeyReused("This Idempotency-Key was used before with a different request: use a new key")
    return Replay(record.status_code, dict(record.response))


def _json(body: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(json.dumps(body, default=str))
    return result


def _claim(organisation: PartnerOrganisation, key: str, digest: str) -> Replay | None:
    """Inside the caller's transaction: insert this key's record first, and let the unique
    constraint decide (never look first and insert after: two concurrent calls would both find
    nothing). A concurrent insert of the same key waits for the first transaction, then fails
    here and reads the first call's committed answer. None: this call is the key's first."""
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.create(
                organisation=organisation, key=key, request_hash=digest, status_code=0, response={}
            )
        return None
    except IntegrityError:
        pass
    record = IdempotencyRecord.objects.select_for_update().get(organisation=organisation, key=key)
    if record.created_at < timezone.now() - dt.timedelta(days=IDEMPOTENCY_DAYS):
        record.request_hash, record.status_code, record.response = digest, 0, {}
        record.created_at = timezone.now()
        record.save(update_fields=["request_hash", "status_code", "response", "created_at"])
        return None  # expired: the key is this call's now
    if record.request_hash != digest:
        raise KeyReused("This Idempotency-Key was used before with a different request: use a new key")
    return Replay(record.status_code, dict(record.response))


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: dict[str, Any]
    replayed: bool = False


def once(
    organisation: PartnerOrganisation, key: str | None, digest: str, work: Callable[[], tuple[int, dict[str, Any]]]
) -> Answer:
    """Do `work` (its writes and its answer) once per Idempotency-Key (INT-15, issue 13): the
    key's record and the work commit together, so a retry, even a concurrent one, gets the first
    answer, and the same key with a different body is refused (KeyReused), never lost silently.
    A refusal (not 201) is not kept: the caller may fix the request and send it with the key."""
    with transaction.atomic(durable=True):
        if key:
            found = _claim(organisation, key, digest)
            if found is not None:
                return Answer(found.status_code, found.body, replayed=True)
        status_code, body = work()
        if status_code != 201:
            transaction.set_rollback(True)
            return Answer(status_code, body)
        if key:
            IdempotencyRecord.objects.filter(organisation=organisation, key=key).update(
                status_code=status_code, response=_json(body)
            )
        return Answer(status_code, body)


def submission_key(organisation: PartnerOrganisation, idempotency_key: str | None) -> uuid.UUID:
    """With an Idempotency-Key, the contact's own idempotency key derives from it, so even two
    concurrent retries make one contact (submit_contact's unique key decides). Derived with
    the server's secret key: it cannot be worked out from the organisation and its key."""
    if idempotency_key:
        return intake.derived_submission_key(f"api:{organisation.pk}:{idempotency_key}")
    return uuid.uuid4()


def submit(token: ApiToken, draft: intake.ContactDraft) -> intake.Submission:
    """Commit a contact from a partner's system through the one submit service (INT-1, INT-15),
    and record which organisation sent it."""
    draft.actor_label = actor_label(token.organisation)
    try:
        # The contact and the record of who sent it commit together; the unique submission key
        # decides between concurrent retries, as in submit_contact (INT-15).
        with transaction.atomic():
            submission = intake.create_contact(draft, actor=None)
            PartnerSubmission.objects.create(contact=submission.contact, organisation=token.organisation, token=token)
    except IntegrityError:
        existing = Contact.objects.filter(submission_key=draft.submission_key).first()
        if existing is None:
            raise
        return intake.Submission(existing, None, created=False)
    return submission  # its arrival follow-ups (INT-12, INT-14) were enqueued with the contact


@transaction.atomic
def attach_document(token: ApiToken, contact: Contact, *, filename: str, data: bytes) -> Attachment:
    """INT-8 through the API: the same content checks as the form's upload."""
    if contact.status not in (ContactStatus.NEW, ContactStatus.SCREENING, ContactStatus.AWAITING_AUTHORISATION):
        raise validation.ValidationProblem("Documents can only be added to a contact that is still open")
    kind = validation.sniff_upload(data, filename)
    attachment = Attachment.objects.create(
        contact=contact,
        journey_key=contact.submission_key,
        filename=validation.safe_filename(filename or "document", kind.extension),
        content_type=kind.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
    audit.record(
        None,
        Action.ATTACHMENT_ADDED,
        attachment,
        actor_label=actor_label(token.organisation),
        contact=contact.reference,
        size=attachment.size,
    )
    return attachment


def record_read(token: ApiToken, contact: Contact) -> None:
    audit.record(None, Action.CONTACT_READ_BY_PARTNER, contact, actor_label=actor_label(token.organisation))


# Audit of every call ------------------------------------------------------------------------------


def record_api_call(request: HttpRequest, response: HttpResponse) -> None:
    """SEC-2: every API call, answered or refused, with who made it (if anyone) and the answer."""
    token = getattr(request, "auth", None)
    detail: dict[str, Any] = {
        "method": request.method,
        "path": request.path[:300],
        "status": response.status_code,
        "replayed": response.headers.get("Idempotent-Replayed") == "true",
    }
    if isinstance(token, ApiToken):
        audit.record(None, Action.API_CALL, token, actor_label=actor_label(token.organisation), **detail)
    else:
        audit.append(
            actor=None,
            actor_label="API caller without a valid token",
            action=Action.API_CALL,
            object_type="partners.apitoken",
            object_id="",
            detail={**detail, "ip": request.META.get("REMOTE_ADDR", "")},
        )
