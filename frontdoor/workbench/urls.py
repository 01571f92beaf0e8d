from django.urls import path

from frontdoor.workbench import views

app_name = "workbench"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("workload/", views.workload, name="workload"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.mark_read, name="notifications-read"),
]
