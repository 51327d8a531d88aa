"""The live event: bridge point page, heartbeats, headcount, questions, organiser dashboard."""

app_name = "live"
urlpatterns = []
