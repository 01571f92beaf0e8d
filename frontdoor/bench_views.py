"""Views for the benchmarks in bench/, mounted only when FRONTDOOR_BENCH_VIEWS=1.

`one_row` is the baseline of bench/intake: the same server, middleware and database as a
real submission, but a request that writes a single row. Production never sets the
variable, so there these URL patterns are empty and the view cannot be reached.
"""

from __future__ import annotations

import os

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from frontdoor.audit.actions import Action
from frontdoor.audit.services import append


@csrf_exempt
@require_POST
def one_row(request: HttpRequest) -> HttpResponse:
    """Append one audit entry (one INSERT, keyed; the sealer chains it later) and answer 204."""
    append(actor=None, actor_label="benchmark", action=Action.BENCH_ONE_ROW, object_type="bench", object_id="0")
    return HttpResponse(status=204)


urlpatterns: list[URLPattern] = (
    [path("bench/one-row/", one_row, name="bench-one-row")] if os.environ.get("FRONTDOOR_BENCH_VIEWS") == "1" else []
)
