from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from frontdoor.partners.api import api as partner_api

urlpatterns = [
    path("", include("frontdoor.intake.urls")),
    path("accounts/", include("frontdoor.accounts.urls")),
    path("staff/people/", include("frontdoor.people.urls")),
    path("staff/screening/", include("frontdoor.screening.urls")),
    path("staff/requests/", include("frontdoor.sharing.urls")),
    path("staff/agencies/", include("frontdoor.sharing.agency_urls")),
    path("staff/audit/", include("frontdoor.audit.urls")),
    path("staff/search/", include("frontdoor.search.urls")),
    path("staff/users/", include("frontdoor.accounts.staff_urls")),
    # SEC-1: staff sign in (password, then second factor) on one page, the admin site included.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True), name="admin-login"),
    path("staff/access/", include("frontdoor.access.urls")),
    path("staff/returns/", include("frontdoor.returns.urls")),
    path("staff/pathway/", include("frontdoor.pathway.urls")),
    path("staff/work/", include("frontdoor.workbench.urls")),
    path("staff/chronology/", include("frontdoor.chronology.urls")),
    path("admin/", admin.site.urls),
    path("", include("frontdoor.partners.urls")),
    path("api/v1/", partner_api.urls),
    path("", include("frontdoor.bench_views")),  # empty unless FRONTDOOR_BENCH_VIEWS=1 (bench/intake)
]

# GOV.UK-style pages for requests refused before a view answers (SEC-4; frontdoor/errors.py).
handler400 = "frontdoor.errors.bad_request"
handler403 = "frontdoor.errors.permission_denied"
handler404 = "frontdoor.errors.page_not_found"
handler500 = "frontdoor.errors.server_error"
