"""The live event's addresses.

`pages`: the bridge point page (`conferences:join`) and the dashboard
(`conferences:dashboard`), whose addresses are printed on QR cards and sent out.
`endpoints` (namespace `conferences:live`): what those pages poll and post.
"""

from django.urls import path

from . import views

pages = [
    path("<slug:slug>/diem-cau/<str:token>/", views.join, name="join"),
    path("<slug:slug>/dieu-hanh/", views.dashboard, name="dashboard"),
]
endpoints = [
    path("<slug:slug>/diem-cau/<str:token>/trang-thai.json", views.bridge_point_state, name="bridge_point_state"),
    path("<slug:slug>/diem-cau/<str:token>/so-nguoi-du/", views.report_headcount, name="headcount"),
    path("<slug:slug>/diem-cau/<str:token>/cau-hoi/", views.ask_question, name="ask"),
    path("<slug:slug>/dieu-hanh/trang-thai.json", views.dashboard_state, name="dashboard_state"),
    path("<slug:slug>/dieu-hanh/cau-hoi/<int:pk>/", views.moderate_question, name="moderate"),
    path("<slug:slug>/dieu-hanh/chuyen-de/", views.set_agenda_item, name="agenda_item"),
]
