"""Back-office addresses of this part (under /admin/theo-doi/, namespace "followup")."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("thiet-lap/van-ban/<int:pk>/cau-hoi/", views.DirectiveQuestionsView.as_view(), name="directive_questions"),
    path(
        "thiet-lap/van-ban/<int:pk>/cau-hoi/<int:question>/giao-viec/",
        views.DirectiveQuestionsView.as_view(),
        name="question_task",
    ),
]
