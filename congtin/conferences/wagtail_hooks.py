from wagtail import hooks

from .programme.admin import conference_viewset


@hooks.register("register_admin_viewset")
def register_conference_viewset():
    return conference_viewset
