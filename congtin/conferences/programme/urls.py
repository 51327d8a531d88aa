"""The programme's organiser pages outside the back office: the printed join cards."""

from django.urls import path

from . import views

pages = [
    path("<slug:slug>/ma-qr/", views.qr_sheet, name="qr_sheet"),
]
