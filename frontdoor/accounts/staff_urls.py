from django.urls import path

from frontdoor.accounts import staff_views as views

app_name = "users"

urlpatterns = [
    path("", views.users, name="list"),
    path("new/", views.new_user, name="new"),
    path("<int:user_id>/", views.user, name="user"),
    path("<int:user_id>/role/", views.change_role, name="role"),
    path("<int:user_id>/activation/", views.activation, name="activation"),
    path("<int:user_id>/second-factor/", views.reset_second_factor, name="reset-second-factor"),
    path("<int:user_id>/unlock/", views.unlock, name="unlock"),
]
