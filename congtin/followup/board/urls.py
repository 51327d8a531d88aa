"""Back-office addresses of this part (under /admin/theo-doi/, namespace "followup")."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("van-ban/", views.DirectiveListView.as_view(), name="directives"),
    path("van-ban/<int:pk>/bang-theo-doi/", views.BoardView.as_view(), name="board"),
    path("van-ban/<int:pk>/bang-theo-doi.xlsx", views.board_export, name="board_export"),
    path("van-ban/<int:pk>/bao-cao/", views.SummaryView.as_view(), name="summary"),
    path("van-ban/<int:pk>/bao-cao/bai-viet-nhap/", views.summary_article, name="summary_article"),
]
