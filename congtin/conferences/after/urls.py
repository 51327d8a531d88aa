"""After the event, from the dashboard (namespace `conferences:live`, beside its endpoints):
the attendance report and the draft article."""

from django.urls import path

from . import views

endpoints = [
    path("<slug:slug>/dieu-hanh/diem-danh.<str:report_format>", views.attendance_report, name="attendance_report"),
    path("<slug:slug>/dieu-hanh/bai-viet-nhap/", views.report_article, name="report_article"),
]
