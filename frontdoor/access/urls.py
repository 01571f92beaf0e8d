from django.urls import path

from frontdoor.access import views

app_name = "access"

urlpatterns = [
    path("contacts/<str:reference>/restrict/", views.restrict_contact, name="restrict-contact"),
    path("people/<int:person_id>/restrict/", views.restrict_person, name="restrict-person"),
    path("contacts/<str:reference>/ask/", views.break_glass_contact, name="break-glass-contact"),
    path("people/<int:person_id>/ask/", views.break_glass_person, name="break-glass-person"),
    path("break-glass/", views.break_glass_uses, name="break-glass-uses"),
    path("break-glass/<int:break_glass_id>/review/", views.break_glass_review, name="break-glass-review"),
]
