from django.urls import path

from frontdoor.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("mine/", views.mine, name="mine"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("claim-next/", views.claim_next, name="claim-next"),
    path("referrals/", views.referrals, name="referrals"),
    path("<str:reference>/", views.contact, name="contact"),
    path("<str:reference>/claim/", views.claim, name="claim"),
    path("<str:reference>/release/", views.release, name="release"),
    path("<str:reference>/reassign/", views.reassign, name="reassign"),
    path("<str:reference>/allocate/", views.allocate, name="allocate"),
    path("<str:reference>/record/", views.record, name="record"),
    path("<str:reference>/overrule/<slug:rule_id>/", views.overrule, name="overrule"),
    path("<str:reference>/police/", views.police, name="police"),
    path("<str:reference>/propose/", views.propose, name="propose"),
    path("<str:reference>/review/", views.review, name="review"),
    path("<str:reference>/told/", views.told, name="told"),
    path("<str:reference>/escalate/", views.escalate, name="escalate"),
    path("<str:reference>/referrals/<int:referral_id>/", views.milestone, name="milestone"),
    path("<str:reference>/escalations/<int:escalation_id>/resolve/", views.resolve, name="resolve"),
]
