from django.urls import path

from frontdoor.sharing import views

app_name = "requests"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("claim-next/", views.claim_next, name="claim-next"),
    path("mine/", views.mine, name="mine"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("disclosures/", views.disclosures, name="disclosures"),
    path("new/", views.new, name="new"),
    path("<str:reference>/", views.detail, name="request"),
    path("<str:reference>/claim/", views.claim, name="claim"),
    path("<str:reference>/release/", views.release, name="release"),
    path("<str:reference>/allocate/", views.allocate, name="allocate"),
    path("<str:reference>/match/", views.match, name="match"),
    path("<str:reference>/route/", views.decide, name="decide"),
    path("<str:reference>/evidence/", views.evidence, name="evidence"),
    path("<str:reference>/prepare/", views.prepare, name="prepare"),
    path("<str:reference>/review/", views.review, name="review"),
    path("<str:reference>/send/", views.send, name="send"),
    path("<str:reference>/outcome/", views.outcome, name="outcome"),
]
