from django.urls import path

from frontdoor.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-in/set-up-code/", views.enrol, name="enrol"),
    path("sign-in/code/", views.verify, name="verify"),
    path("sign-in/backup-codes/", views.backup_codes, name="backup-codes"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
]
