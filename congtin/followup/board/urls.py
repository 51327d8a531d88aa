"""Back-office addresses of this part (under /admin/theo-doi/, namespace "followup")."""

urlpatterns: list = []
