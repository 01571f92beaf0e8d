"""Asking other agencies about a contact's family (CON-2, CON-3): linked from the screening page,
served by sharing, which owns the lawful footing of every exchange with another agency."""

from django.urls import path

from frontdoor.sharing import views

app_name = "agencies"

urlpatterns = [
    path("contacts/<str:reference>/without-notice/", views.without_notice, name="without-notice"),
    path("contacts/<str:reference>/ask/", views.enquiry, name="enquiry"),
]
