from django.urls import path

from frontdoor.intake import channel_views, views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("report/<slug:slug>/", views.step, name="step"),
    path("report/<str:which>/<str:index>/", views.person, name="person"),
    path("sent/<str:reference>/", views.confirmation, name="confirmation"),
    path("sent/<str:reference>/receipt.pdf", views.receipt, name="receipt"),
    path("status/", views.status, name="status"),
    path("staff/", views.staff_home, name="staff-home"),
    path("staff/record/", views.staff_record, name="staff-record"),
    path("staff/record/resume/", views.staff_resume, name="staff-resume"),
    path("staff/record/<slug:slug>/", views.staff_step, name="staff-step"),
    path("staff/record/<str:which>/<str:index>/", views.staff_person, name="staff-person"),
    path("staff/contacts/<str:reference>/", views.staff_contact, name="staff-contact"),
    path(
        "staff/contacts/<str:reference>/documents/<int:attachment_id>/", views.staff_attachment, name="staff-attachment"
    ),
    path("staff/contacts/<str:reference>/move/", views.staff_move, name="staff-move"),
    path(
        "staff/contacts/<str:reference>/acknowledged-by-phone/",
        views.staff_acknowledged_by_phone,
        name="staff-acknowledged-by-phone",
    ),
    path(
        "staff/contacts/<str:reference>/written-confirmation/",
        views.staff_written_confirmation,
        name="staff-written-confirmation",
    ),
    # Channels (issue 8): the referrals mailbox, emailed drafts, phone quick entry, INT-12 matches.
    path("staff/mailbox/", channel_views.inbound, name="staff-inbound"),
    path("staff/mailbox/<int:pk>/", channel_views.inbound_message, name="staff-inbound-message"),
    path("staff/mailbox/<int:pk>/message.eml", channel_views.inbound_eml, name="staff-inbound-eml"),
    path("staff/mailbox/<int:pk>/reviewed/", channel_views.inbound_reviewed, name="staff-inbound-reviewed"),
    path("staff/contacts/<str:reference>/complete/", channel_views.complete_draft, name="staff-complete-draft"),
    path("staff/phone/", channel_views.phone, name="staff-phone"),
    path(
        "staff/contacts/<str:reference>/confirmations/<int:pk>/undo/",
        channel_views.undo_confirmation,
        name="staff-undo-confirmation",
    ),
]
