from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("frontdoor.intake.urls")),
    path("accounts/", include("frontdoor.accounts.urls")),
    path("staff/people/", include("frontdoor.people.urls")),
    path("staff/screening/", include("frontdoor.screening.urls")),
    path("staff/returns/", include("frontdoor.returns.urls")),
    path("staff/pathway/", include("frontdoor.pathway.urls")),
    path("admin/", admin.site.urls),
    path("", include("frontdoor.bench_views")),  # empty unless FRONTDOOR_BENCH_VIEWS=1 (bench/intake)
]
