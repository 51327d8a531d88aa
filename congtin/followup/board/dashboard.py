"""The back office's dashboard panel "Theo dõi thực hiện": the directives a person follows, with
the board for the city and each unit's workspace for its people (their dashboard had nothing of
the follow-up, and its search led them to pages they may not open)."""

from typing import Any

from django.urls import reverse
from wagtail.admin.ui.components import Component

from .views import directives_for

SHOWN = 5


class FollowupPanel(Component):
    name = "followup"
    template_name = "followup/board/dashboard_panel.html"
    order = 100  # first: for those it concerns it is their work; for the others it is absent

    def get_context_data(self, parent_context: dict[str, Any]) -> dict[str, Any]:
        directives, city = directives_for(parent_context["request"].user)  # newest first (Directive.Meta)
        return {"directives": directives[:SHOWN], "city": city, "list_url": reverse("followup:directives")}
