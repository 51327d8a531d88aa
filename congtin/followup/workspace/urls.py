"""Back-office addresses of this part (under /admin/theo-doi/, namespace "followup")."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("don-vi/", views.WorkspaceView.as_view(), name="workspace"),
    path("don-vi/<str:code>/chi-dao/<int:directive_id>/", views.UnitDirectiveView.as_view(), name="unit_directive"),
    path(
        "don-vi/<str:code>/chi-dao/<int:directive_id>/hoc-tap/them/",
        views.SessionAddView.as_view(),
        name="session_add",
    ),
    path("hoc-tap/<int:pk>/sua/", views.SessionEditView.as_view(), name="session_edit"),
    path("hoc-tap/<int:pk>/xoa/", views.SessionDeleteView.as_view(), name="session_delete"),
    path("ket-qua/<int:pk>/", views.ResultView.as_view(), name="result"),
    path("ket-qua/<int:pk>/gui/", views.SubmitView.as_view(), name="result_submit"),
    path("ket-qua/<int:pk>/tra-lai/", views.ReviewView.as_view(decision="return"), name="result_return"),
    path("ket-qua/<int:pk>/tiep-nhan/", views.ReviewView.as_view(decision="accept"), name="result_accept"),
    path("ket-qua/<int:pk>/tien-do/", views.ProgressView.as_view(), name="progress"),
    path("ket-qua/<int:pk>/nhiem-vu/them/", views.TaskAddView.as_view(), name="task_add"),
    path("nhiem-vu/<int:pk>/sua/", views.TaskEditView.as_view(), name="task_edit"),
    path("nhiem-vu/<int:pk>/xoa/", views.TaskDeleteView.as_view(), name="task_delete"),
    path("lan-gui/<int:pk>/van-ban/", views.DocumentView.as_view(), name="submission_document"),
    path("lan-gui/<int:pk>/xem-truoc/", views.PreviewView.as_view(), name="submission_preview"),
]
