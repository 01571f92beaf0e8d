from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("frontdoor.intake.urls")),
    path("accounts/", include("frontdoor.accounts.urls")),
    path("staff/people/", include("frontdoor.people.urls")),
    path("staff/screening/", include("frontdoor.screening.urls")),
    path("admin/", admin.site.urls),
    path("", include("frontdoor.bench_views")),  # empty unless FRONTDOOR_BENCH_VIEWS=1 (bench/intake)
]

# GOV.UK-style pages for requests refused before a view answers (SEC-4; frontdoor/errors.py).
handler400 = "frontdoor.errors.bad_request"
handler403 = "frontdoor.errors.permission_denied"
handler404 = "frontdoor.errors.page_not_found"
handler500 = "frontdoor.errors.server_error"
