from django import template
from django.template import Context
from wagtail.models import Page

from congtin.newsroom.review import ReviewStatus, review_status, step_rules

register = template.Library()


@register.simple_tag(takes_context=True)
def review_of(context: Context, page: Page) -> ReviewStatus | None:
    """Where `page` is in its workflow; the steps' rules are loaded once per request."""
    request = context.get("request")
    rules = getattr(request, "_newsroom_step_rules", None)
    if rules is None:
        rules = step_rules()
        if request is not None:
            request._newsroom_step_rules = rules
    return review_status(page, rules)
