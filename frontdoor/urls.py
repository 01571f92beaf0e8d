from django.contrib import admin
from django.urls import include, path

from frontdoor.partners.api import api as partner_api

urlpatterns = [
    path("", include("frontdoor.intake.urls")),
    path("accounts/", include("frontdoor.accounts.urls")),
    path("staff/people/", include("frontdoor.people.urls")),
    path("staff/screening/", include("frontdoor.screening.urls")),
    path("admin/", admin.site.urls),
    path("", include("frontdoor.partners.urls")),
    path("api/v1/", partner_api.urls),
    path("", include("frontdoor.bench_views")),  # empty unless FRONTDOOR_BENCH_VIEWS=1 (bench/intake)
]
