from django.urls import path

from frontdoor.returns import views

app_name = "returns"

urlpatterns = [
    path("", views.index, name="index"),
    path("census/", views.request_census, name="census"),
    path("annex-a/", views.request_annex_a, name="annex-a"),
    path("annex-a/<slug:name>.csv", views.annex_a_csv, name="annex-a-csv"),
    path("exports/<int:export_id>/", views.export, name="export"),
    path("exports/<int:export_id>/download/", views.download, name="download"),
    path("data-quality/", views.quality, name="quality"),
    path("charts/", views.charts, name="charts"),
    path("charts/<slug:slug>.csv", views.chart_csv, name="chart-csv"),
]
