from django.urls import path

from frontdoor.pathway import views

app_name = "pathway"

urlpatterns = [
    path("", views.episodes, name="episodes"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("referrals/<int:referral_id>/", views.referral, name="referral"),
    path("referrals/<int:referral_id>/open/", views.open_episodes, name="open-episodes"),
    path("referrals/<int:referral_id>/allocate/", views.allocate_referral, name="allocate-referral"),
    path("<int:episode_id>/", views.episode, name="episode"),
    path("<int:episode_id>/strategy-discussion/", views.strategy, name="strategy"),
    path("<int:episode_id>/section-47/", views.s47_start, name="s47-start"),
    path("<int:episode_id>/section-47/<int:s47_id>/complete/", views.s47_complete, name="s47-complete"),
    path("<int:episode_id>/section-47/<int:s47_id>/conference/", views.initial_conference, name="initial-conference"),
    path("<int:episode_id>/assessment/", views.assessment_start, name="assessment-start"),
    path("<int:episode_id>/assessment/<int:assessment_id>/seen/", views.child_seen, name="child-seen"),
    path(
        "<int:episode_id>/assessment/<int:assessment_id>/complete/",
        views.assessment_complete,
        name="assessment-complete",
    ),
    path(
        "<int:episode_id>/assessment/<int:assessment_id>/authorise/",
        views.assessment_authorise,
        name="assessment-authorise",
    ),
    path("<int:episode_id>/plan/<int:plan_id>/review/", views.review_conference, name="review-conference"),
    path("<int:episode_id>/plan/<int:plan_id>/end/", views.cp_plan_end, name="cp-plan-end"),
    path("<int:episode_id>/cin-plan/", views.cin_plan_start, name="cin-plan-start"),
    path("<int:episode_id>/cin-plan/<int:plan_id>/end/", views.cin_plan_end, name="cin-plan-end"),
    path("<int:episode_id>/close/", views.close, name="close"),
    path("<int:episode_id>/allocate/", views.allocate, name="allocate"),
    path("<int:episode_id>/child/", views.child_details, name="child-details"),
    path("<int:episode_id>/looked-after/", views.looked_after, name="looked-after"),
    path("<int:episode_id>/letters/<slug:kind>/", views.letter, name="letter"),
    path("<int:episode_id>/letters/<slug:kind>/pdf/", views.letter_pdf, name="letter-pdf"),
    path("<int:episode_id>/letters/<slug:kind>/sent/", views.letter_sent, name="letter-sent"),
]
