from django.urls import include, path

from . import views

app_name = "conferences"

urlpatterns = [
    path("", include("congtin.conferences.urls_live")),
    path("", include("congtin.conferences.urls_broadcast")),
    path("<slug:slug>/diem-cau/<str:token>/", views.join, name="join"),
    path("<slug:slug>/ma-qr/", views.qr_sheet, name="qr_sheet"),
    path("<slug:slug>/dieu-hanh/", views.dashboard, name="dashboard"),
]
