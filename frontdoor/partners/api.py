"""The partner API, version 1 (/api/v1/): typed schemas from which django-ninja generates the
OpenAPI 3 document (/api/v1/openapi.json), described for developers at /api/v1/docs/ and in
docs/api.md. Thin: validation is the standard form's (convert.py), writes are services."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, File, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.params.functions import Header
from ninja.security import HttpBearer
from pydantic import ConfigDict

from frontdoor.core import validation
from frontdoor.intake import flat, limits, uploads
from frontdoor.intake.models import (
    Anonymity,
    Contact,
    ContactStatus,
    FormType,
    HubAdvice,
    NotInformedGround,
    OrganisationType,
    ParentalKnowledge,
    ReferrerType,
    YesNoUnknown,
)
from frontdoor.partners import services
from frontdoor.partners.models import ApiToken, Scope

RATE_GROUP = "partners-api"


class RateLimited(Exception):
    pass


class TokenAuth(HttpBearer):
    """`Authorization: Bearer fdp_...`: an active token; then the token's rate limit."""

    openapi_description = "A token issued to your organisation by the council's administrator (docs/api.md)."

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = services.authenticate(token.strip())
        if found is None:
            return None
        request.auth = found  # type: ignore[attr-defined]  # so that a refusal below is audited with its token
        if limits.over_rate(f"{RATE_GROUP}:{found.prefix}", settings.FRONTDOOR_API_RATE):  # SEC-3, one upsert
            raise RateLimited
        services.touch(found)
        return found


api = NinjaAPI(
    title="Front Door partner API",
    version="1.0.0",
    description=(
        "Send contacts about children to the council's children's services front door from your "
        "organisation's own system, attach documents, and read the status and outcome of the contacts "
        "your organisation sent. The same standard form, rules and messages as the online form."
    ),
    auth=TokenAuth(),
    docs_url=None,
    urls_namespace="api-v1",
)


# Schemas -------------------------------------------------------------------------------------------


class Problem(Schema):
    field: str = Field(description="Where the problem is, for example `children[0].nhs_number`.")
    message: str = Field(description="What is wrong and how to fix it, ready to show to a person.")


class Error(Schema):
    detail: str
    errors: list[Problem] = Field(default_factory=list)


Sex = Literal["female", "male", "other", "unknown"]
PersonRoleIn = Literal[
    "parent", "household", "alleged_perpetrator", "child_who_harmed", "worker", "extended_family", "other"
]


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ChildIn(Strict):
    """A child the worry is about. No field is required (INT-4), but give a name or a description."""

    born: bool = Field(True, description="false for an unborn baby")
    given_names: str | None = None
    family_name: str | None = None
    other_names: str | None = None
    description: str | None = Field(None, description="How to recognise the child if you do not know their name.")
    date_of_birth: dt.date | None = None
    age_description: str | None = Field(None, description="For example 'about 6'")
    expected_date: dt.date | None = Field(None, description="Expected date of birth of an unborn baby.")
    sex: Sex | None = None
    address: str | None = None
    postcode: str | None = None
    previous_address: str | None = None
    school: str | None = None
    location_and_condition: str | None = None
    nhs_number: str | None = Field(None, description="10 digits, checked (modulus 11). Health contacts must give it.")
    ethnicity: str | None = None
    first_language: str | None = None
    religion: str | None = None
    needs_and_communication: str | None = None


class PersonIn(Strict):
    """Another person: a parent, someone in the household, someone who may have caused harm."""

    role: PersonRoleIn
    given_names: str | None = None
    family_name: str | None = None
    other_names: str | None = None
    relationship_to_child: str | None = None
    date_of_birth: dt.date | None = None
    age_description: str | None = None
    sex: Sex | None = None
    address: str | None = None
    postcode: str | None = None
    has_parental_responsibility: YesNoUnknown | None = None
    lives_with_child: YesNoUnknown | None = None
    occupation: str | None = Field(None, description="Required when role is 'worker'.")
    ethnicity: str | None = None
    first_language: str | None = None
    religion: str | None = None
    description: str | None = None


class ContactIn(Strict):
    """Everything the standard form holds (INT-3). Only the concern, who you are, the kind of
    request, whether a child is in immediate danger and at least one child are required."""

    immediate_danger: Literal["yes", "no", "unknown"]
    referrer_type: ReferrerType
    anonymity: Anonymity | None = Field(None, description="Professionals cannot be anonymous.")
    referrer_name: str | None = None
    referrer_email: str | None = Field(None, description="The acknowledgement is emailed here.")
    referrer_phone: str | None = None
    referrer_address: str | None = None
    referrer_relationship: str | None = None
    organisation_name: str | None = None
    organisation_type: OrganisationType | None = None
    professional_role: str | None = None
    form_type: FormType
    hub_advice: HubAdvice | None = Field(None, description="Required for schools and early years settings.")
    hub_advice_notes: str | None = None
    children: list[ChildIn] = Field(default_factory=list)
    people: list[PersonIn] = Field(default_factory=list)
    concern: str
    concern_source: str | None = None
    concern_when: str | None = None
    concern_where: str | None = None
    on_behalf_of_someone_else: bool | None = None
    allegation_against_worker: bool | None = None
    harm_by_another_child: bool | None = None
    significant_events: str | None = None
    domestic_abuse: YesNoUnknown | None = None
    mental_ill_health: YesNoUnknown | None = None
    substance_misuse: YesNoUnknown | None = None
    learning_difficulties: YesNoUnknown | None = None
    threats_to_professionals: YesNoUnknown | None = None
    background_details: str | None = None
    positive_aspects: str | None = None
    other_agencies: str | None = None
    extended_family: str | None = None
    parental_knowledge: ParentalKnowledge | None = None
    not_informed_ground: NotInformedGround | None = None
    parental_knowledge_notes: str | None = None


class ContactOut(Schema):
    reference: str = Field(description="The council's reference, for example FD-7K3M-Q9PX.")
    status: Literal["received", "returned", "decided"] = Field(
        description="received until a decision is authorised; returned: consult the Consultation Hub first."
    )
    status_text: str
    received_at: dt.datetime
    acknowledged_at: dt.datetime | None
    documents: int
    outcome: str | None = Field(description="What the council tells the referrer once the decision is authorised.")


class ContactList(Schema):
    count: int
    items: list[ContactOut]


class DocumentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str


# Answers -------------------------------------------------------------------------------------------


def _contact_out(contact: Contact, *, documents: int | None = None) -> dict[str, Any]:
    from frontdoor.screening.services import outcome_for_referrer

    if contact.status == ContactStatus.DECIDED:
        status, text = "decided", "A decision has been made and authorised."
        outcome: str | None = outcome_for_referrer(contact) or None
    elif contact.status == ContactStatus.RETURNED:
        status, text, outcome = "returned", "Returned: please consult the Consultation Hub first.", None
    else:
        status, text, outcome = "received", "Received. We will tell you the outcome once a decision is made.", None
    return {
        "reference": contact.reference,
        "status": status,
        "status_text": text,
        "received_at": contact.received_at,
        "acknowledged_at": contact.acknowledged_at,
        "documents": contact.attachments.count() if documents is None else documents,
        "outcome": outcome,
    }


def _token(request: HttpRequest) -> ApiToken:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)  # noqa: S101 - the auth class guarantees it
    return token


def _require(request: HttpRequest, scope: Scope) -> ApiToken:
    token = _token(request)
    if scope.value not in token.scopes:
        raise HttpError(403, f"This token does not have the {scope.value} scope")
    return token


def _replayed(status_code: int, body: dict[str, Any]) -> HttpResponse:
    response = JsonResponse(body, status=status_code)
    response["Idempotent-Replayed"] = "true"
    return response


IdempotencyKey: Any = Header(
    None,
    alias="Idempotency-Key",
    min_length=1,
    max_length=200,
    pattern=r"^[\x21-\x7e]+$",
    description="Any unique string (a UUID is best). A retry with the same key and body gets the first answer.",
)


def _idempotent(request: HttpRequest, token: ApiToken, key: str | None, body: bytes) -> tuple[str, HttpResponse | None]:
    digest = services.request_hash(request.method or "POST", request.path, body)
    if not key:
        return digest, None
    try:
        found = services.replay(token.organisation, key, digest)
    except services.KeyReused as problem:
        raise HttpError(422, str(problem)) from problem
    return digest, _replayed(found.status_code, found.body) if found else None


COMMON = {400: Error, 401: Error, 403: Error, 429: Error}


@api.post(
    "/contacts",
    response={201: ContactOut, 422: Error, **COMMON},
    operation_id="submitContact",
    summary="Send a contact",
    tags=["contacts"],
)
def submit_contact(request: HttpRequest, payload: ContactIn, idempotency_key: str | None = IdempotencyKey) -> Any:
    """Send a contact about one or more children: the standard form as JSON. Needs `contacts:write`.
    Errors come back as 422 with one entry per problem, as the form would show them."""
    token = _require(request, Scope.CONTACTS_WRITE)
    digest, replayed = _idempotent(request, token, idempotency_key, request.body)
    if replayed is not None:
        return replayed
    draft, errors = flat.to_draft(payload.model_dump(), services.submission_key(token.organisation, idempotency_key))
    if draft is None:
        return Status(422, {"detail": "There is a problem with the contact", "errors": errors})

    def work() -> tuple[int, dict[str, Any]]:
        submission = services.submit(token, draft)
        body = _contact_out(submission.contact, documents=0 if submission.created else None)
        return 201, _as_sent(request, ContactOut, body)

    return _answer(request, token, idempotency_key, digest, work)


def _answer(
    request: HttpRequest,
    token: ApiToken,
    key: str | None,
    digest: str,
    work: Any,
) -> Any:
    """The work done once per Idempotency-Key, even under concurrency (services.once)."""
    try:
        answer = services.once(token.organisation, key, digest, work)
    except services.KeyReused as problem:
        raise HttpError(422, str(problem)) from problem
    if answer.replayed:
        return _replayed(answer.status_code, answer.body)
    return Status(answer.status_code, answer.body)


def _as_sent(request: HttpRequest, schema: type[Schema], body: dict[str, Any]) -> dict[str, Any]:
    """The body exactly as the first answer sent it, for a retry to be given the same bytes' meaning."""
    rendered = api.renderer.render(request, schema(**body).model_dump(), response_status=201)
    result: dict[str, Any] = json.loads(rendered)
    return result


def _own_contact(token: ApiToken, reference: str) -> Contact:
    contact = services.contacts_of(token.organisation).filter(reference=reference[:16]).first()
    if contact is None:
        raise HttpError(404, "Your organisation has sent no contact with that reference")
    return contact


@api.post(
    "/contacts/{reference}/documents",
    response={201: DocumentOut, 404: Error, 422: Error, **COMMON},
    operation_id="attachDocument",
    summary="Attach a document to a contact",
    tags=["contacts"],
)
def attach_document(
    request: HttpRequest, reference: str, file: File[UploadedFile], idempotency_key: str | None = IdempotencyKey
) -> Any:
    """A court order, another authority's findings, a Families First assessment (INT-8): PDF, Word,
    ODT, RTF, text or image, up to 20MB, checked by its content. Needs `contacts:write`."""
    token = _require(request, Scope.CONTACTS_WRITE)
    contact = _own_contact(token, reference)
    if uploads.refused(request, "file"):  # stopped as it arrived (uploads.SizeLimitUploadHandler)
        problem = {"field": "file", "message": validation.FILE_SIZE_MESSAGE}
        return Status(422, {"detail": "There is a problem with the file", "errors": [problem]})
    data = file.read(validation.MAX_UPLOAD_BYTES + 1)
    name = file.name or "document"
    digest, replayed = _idempotent(request, token, idempotency_key, name.encode() + b"\n" + data)
    if replayed is not None:
        return replayed

    def work() -> tuple[int, dict[str, Any]]:
        try:
            attachment = services.attach_document(token, contact, filename=name, data=data)
        except validation.ValidationProblem as problem:
            return 422, {
                "detail": "There is a problem with the file",
                "errors": [{"field": "file", "message": problem.message}],
            }
        body = {
            "id": attachment.pk,
            "filename": attachment.filename,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "sha256": attachment.sha256,
        }
        return 201, _as_sent(request, DocumentOut, body)

    return _answer(request, token, idempotency_key, digest, work)


@api.get(
    "/contacts/{reference}",
    response={200: ContactOut, 404: Error, **COMMON},
    operation_id="getContact",
    summary="The status and outcome of a contact",
    tags=["contacts"],
)
def get_contact(request: HttpRequest, reference: str) -> Any:
    """Only contacts your organisation sent. Before a decision is authorised you learn only that it
    was received (ACK-2); then what the council tells the referrer (ACK-3). Needs `contacts:read`."""
    token = _require(request, Scope.CONTACTS_READ)
    contact = _own_contact(token, reference)
    services.record_read(token, contact)
    return Status(200, _contact_out(contact))


class Page(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


@api.get(
    "/contacts",
    response={200: ContactList, 422: Error, **COMMON},
    operation_id="listContacts",
    summary="Contacts your organisation sent, newest first",
    tags=["contacts"],
)
def list_contacts(request: HttpRequest, page: Query[Page]) -> Any:
    """Needs `contacts:read`."""
    token = _require(request, Scope.CONTACTS_READ)
    contacts = services.contacts_of(token.organisation).order_by("-received_at", "-id")
    items = list(contacts[page.offset : page.offset + page.limit])
    for contact in items:
        services.record_read(token, contact)
    return Status(200, {"count": contacts.count(), "items": [_contact_out(c) for c in items]})


# Errors, in one shape ------------------------------------------------------------------------------


def _field_path(loc: Any) -> str:
    parts = [p for p in loc if p not in ("body", "payload", "query", "page", "header", "path", "file")]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "request"


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = [{"field": _field_path(e.get("loc", ())), "message": str(e.get("msg", "Invalid"))} for e in exc.errors]
    return api.create_response(
        request, {"detail": "There is a problem with the request", "errors": problems}, status=422
    )


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "Send a valid, active token: Authorization: Bearer fdp_...", "errors": []}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="frontdoor"'
    return response


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": f"Too many requests: the limit is {settings.FRONTDOOR_API_RATE} per token", "errors": []},
        status=429,
    )
    response["Retry-After"] = "60"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "errors": []}, status=exc.status_code)
