"""The search page and its suggestions, under /tim-kiem/ (congtin/urls.py)."""

from django.urls import path

from .views import search_view, suggest_view

urlpatterns = [
    path("", search_view, name="search"),
    path("goi-y/", suggest_view, name="search_suggest"),
]
