from django.urls import path

from frontdoor.people import views

app_name = "people"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:suspect_id>/merge/", views.duplicate_merge, name="duplicate-merge"),
    path("duplicates/<int:suspect_id>/not-duplicate/", views.duplicate_not_same, name="duplicate-not-same"),
    path("match/<int:contact_person_id>/", views.match, name="match"),
    path("match/<int:contact_person_id>/link/", views.match_link, name="match-link"),
    path("match/<int:contact_person_id>/new/", views.match_new, name="match-new"),
    path("match/<int:contact_person_id>/not-sure/", views.match_not_sure, name="match-not-sure"),
    path("match/<int:contact_person_id>/unlink/", views.match_unlink, name="match-unlink"),
    path("contacts/<str:reference>/relationships/", views.contact_relationships, name="contact-relationships"),
    path("<int:person_id>/", views.person, name="person"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/family/", views.family, name="family"),
    path("<int:person_id>/names/new/", views.name_add, name="name-add"),
    path("<int:person_id>/addresses/new/", views.address_add, name="address-add"),
    path("<int:person_id>/addresses/<int:address_id>/", views.address_dates, name="address-dates"),
    path("<int:person_id>/relationships/new/", views.relationship_add, name="relationship-add"),
    path("<int:person_id>/relationships/<int:relationship_id>/end/", views.relationship_end, name="relationship-end"),
]
