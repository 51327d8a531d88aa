"""`{% inline "text-scale.js" %}`: a file of congtin/static/inline/ as an inline <script> or
<style>, which the Content-Security-Policy allows by its hash (congtin.core.inline_assets)."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from congtin.core.inline_assets import element

register = template.Library()


@register.simple_tag
def inline(name: str) -> SafeString:
    # "" + name: a plain str (a template's literal is a SafeString, which pathlib cannot use).
    return mark_safe(element("" + name))
