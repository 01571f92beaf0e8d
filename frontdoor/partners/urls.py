from django.urls import path

from frontdoor.partners import views

app_name = "partners"

urlpatterns = [
    path("staff/partners/", views.organisations, name="organisations"),
    path("staff/partners/<int:pk>/", views.organisation, name="organisation"),
    path("staff/partners/<int:pk>/tokens/", views.issue_token, name="issue-token"),
    path("staff/partners/<int:pk>/tokens/<int:token_id>/rotate/", views.rotate_token, name="rotate-token"),
    path("staff/partners/<int:pk>/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke-token"),
    path("api/v1/docs/", views.api_docs, name="api-docs"),
]
