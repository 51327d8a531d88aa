"""The live event: bridge point page state, heartbeats, headcount, questions; the organiser
dashboard's state and actions, the attendance report and the draft article.

The bridge point page itself stays `conferences:join` and the dashboard
`conferences:dashboard` (urls.py): their addresses are printed on QR cards and sent out.
"""

from django.urls import path

from . import views

app_name = "live"
urlpatterns = [
    path("<slug:slug>/diem-cau/<str:token>/trang-thai.json", views.bridge_point_state, name="bridge_point_state"),
    path("<slug:slug>/diem-cau/<str:token>/so-nguoi-du/", views.report_headcount, name="headcount"),
    path("<slug:slug>/diem-cau/<str:token>/cau-hoi/", views.ask_question, name="ask"),
    path("<slug:slug>/dieu-hanh/trang-thai.json", views.dashboard_state, name="dashboard_state"),
    path("<slug:slug>/dieu-hanh/cau-hoi/<int:pk>/", views.moderate_question, name="moderate"),
    path("<slug:slug>/dieu-hanh/chuyen-de/", views.set_agenda_item, name="agenda_item"),
    path("<slug:slug>/dieu-hanh/diem-danh.<str:report_format>", views.attendance_report, name="attendance_report"),
    path("<slug:slug>/dieu-hanh/bai-viet-nhap/", views.report_article, name="report_article"),
]
