"""Staff pages for partner organisations and their API tokens (administrators only), and the
API's documentation page (public: it describes, it gives no access)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from frontdoor.core import staff
from frontdoor.partners import services
from frontdoor.partners.forms import OrganisationForm, RevokeForm, TokenForm
from frontdoor.partners.models import ApiToken, PartnerOrganisation


@require_http_methods(["GET", "POST"])
def organisations(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(actor=staff.staff_user(request), **form.cleaned_data)
        messages.success(request, f"{organisation.name} added. Issue it a token below.")
        return redirect("partners:organisation", organisation.pk)
    return render(
        request,
        "partners/organisations.html",
        staff.staff_context(
            request,
            page_title="Partner organisations (API)",
            organisations=PartnerOrganisation.objects.prefetch_related("tokens"),
            form=form,
        ),
        status=400 if form.is_bound else 200,
    )


def _organisation_page(
    request: HttpRequest,
    organisation: PartnerOrganisation,
    *,
    form: TokenForm | None = None,
    issued: services.IssuedToken | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "partners/organisation.html",
        staff.staff_context(
            request,
            page_title=organisation.name,
            organisation=organisation,
            tokens=organisation.tokens.select_related("created_by", "revoked_by"),
            form=form or TokenForm(),
            revoke_form=RevokeForm(),
            issued=issued,
            back_url="/staff/partners/",
        ),
        status=status,
    )


def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    return _organisation_page(request, get_object_or_404(PartnerOrganisation, pk=pk))


@require_POST
def issue_token(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(PartnerOrganisation, pk=pk)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _organisation_page(request, org, form=form, status=400)
    issued = services.issue_token(
        org, actor=staff.staff_user(request), name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
    )
    return _organisation_page(request, org, issued=issued)


@require_POST
def rotate_token(request: HttpRequest, pk: int, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, organisation_id=pk)
    try:
        issued = services.rotate_token(token, actor=staff.staff_user(request))
    except ValueError as problem:
        messages.error(request, str(problem))
        return redirect("partners:organisation", pk)
    return _organisation_page(request, token.organisation, issued=issued)


@require_POST
def revoke_token(request: HttpRequest, pk: int, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, organisation_id=pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter why you are revoking the token")
        return redirect("partners:organisation", pk)
    services.revoke_token(token, actor=staff.staff_user(request), reason=form.cleaned_data["reason"])
    messages.success(request, f"Token '{token.name}' revoked: it is refused from now on.")
    return redirect("partners:organisation", pk)


def _schema_ref(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref", "")
    if ref:
        return str(ref).rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"list of {_schema_ref(schema.get('items', {}))}"
    if "anyOf" in schema:
        return " or ".join(_schema_ref(s) for s in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(f"'{v}'" for v in schema["enum"])
    kind = str(schema.get("type", "object"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def api_docs(request: HttpRequest) -> HttpResponse:
    """The OpenAPI document, rendered on the server as a readable page: no script, no CDN."""
    from frontdoor.partners.api import api

    document = api.get_openapi_schema(path_prefix="/api/v1")
    operations = []
    for path, methods in document.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {})
            operations.append(
                {
                    "id": op.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": _schema_ref(p.get("schema", {})),
                            "description": p.get("description", "") or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": [
                        {"type": content_type, "schema": _schema_ref(spec.get("schema", {}))}
                        for content_type, spec in body.items()
                    ],
                    "responses": [
                        {
                            "status": status,
                            "description": spec.get("description", ""),
                            "schema": ", ".join(
                                _schema_ref(c.get("schema", {})) for c in spec.get("content", {}).values()
                            ),
                        }
                        for status, spec in op.get("responses", {}).items()
                    ],
                }
            )
    schemas = []
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        required = set(schema.get("required", []))
        schemas.append(
            {
                "name": name,
                "description": schema.get("description", ""),
                "fields": [
                    {
                        "name": field,
                        "type": _schema_ref(spec),
                        "required": field in required,
                        "description": spec.get("description", ""),
                    }
                    for field, spec in schema.get("properties", {}).items()
                ],
            }
        )
    return render(
        request,
        "partners/api_docs.html",
        {
            "page_title": "Partner API documentation",
            "document": document,
            "operations": operations,
            "schemas": schemas,
            "openapi_url": "/api/v1/openapi.json",
        },
    )
