"""nginx-rtmp callbacks and the HLS auth_request check (see broadcast.py)."""

app_name = "broadcast"
urlpatterns = []
