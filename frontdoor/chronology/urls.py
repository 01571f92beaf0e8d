from django.urls import path

from frontdoor.chronology import views

app_name = "chronology"

urlpatterns = [
    path("<int:person_id>/", views.child, name="child"),
    path("<int:person_id>/pdf/", views.child_pdf, name="pdf"),
    path("<int:person_id>/notes/new/", views.note_person, name="note-person"),
    path("<int:person_id>/notes/<int:note_id>/edit/", views.note_edit, name="note-edit"),
    path("<int:person_id>/notes/<int:note_id>/amend/", views.note_amend, name="note-amend"),
    path("contacts/<str:reference>/notes/new/", views.note_contact, name="note-contact"),
    path("pathways/<int:episode_id>/notes/new/", views.note_episode, name="note-episode"),
]
