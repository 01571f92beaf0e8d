"""Schemathesis against the served OpenAPI document (issue 8): every operation of /api/v1/ is
called with data generated from the document (valid and invalid), with a valid token, through
the project's WSGI application on the test database. No server errors and no answer that
contradicts the document (status code, content type, headers, body schema). Bounded: a fixed
number of examples per operation and mode, no shrinking of failures beyond Hypothesis's default.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from frontdoor.accounts.models import User
from tests.partners.conftest import api_client, make_partner, school_contact

pytestmark = pytest.mark.django_db(transaction=False)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 40  # per operation and mode: 4 operations x 2 modes x 40 = at most 320 requests


def test_issue8_schemathesis_no_server_errors_and_no_answer_contradicting_the_document(
    administrator: User,
    settings: Any,
) -> None:
    settings.FRONTDOOR_API_RATE = "100000/m"  # the limit is tested on its own (SEC-3)
    _, secret = make_partner(administrator, "Schemathesis school")
    # One real contact, so that reads and uploads also reach the 200/201 answers, not only 404.
    reference = (
        api_client(secret)
        .post("/api/v1/contacts", json.dumps(school_contact()), content_type="application/json")
        .json()["reference"]
    )
    # In process, as Django's test client does: the request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        run_schemathesis(secret, reference)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def run_schemathesis(secret: str, reference: str) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    headers = {"Authorization": f"Bearer {secret}"}
    requests = {"count": 0}
    statuses: dict[int, int] = {}

    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            real_reference = reference if mode == GenerationMode.POSITIVE else None

            @given(case=operation.as_strategy(generation_mode=mode))
            @hypothesis_settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                if real_reference and case.path_parameters and requests["count"] % 2 == 0:  # noqa: B023 - run() runs at once
                    case.path_parameters["reference"] = real_reference  # noqa: B023 - half the reads reach a real one
                response = case.call(headers=headers)
                requests["count"] += 1
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                case.validate_response(response, checks=CHECKS)

            run()

    print(f"\nSchemathesis made {requests['count']} requests; answers by status: {dict(sorted(statuses.items()))}")
    assert requests["count"] >= 100
    assert statuses.get(201, 0) + statuses.get(200, 0) > 0
