"""Wagtail's page creation view, made safe against a save racing the autosave.

Wagtail's autosave posts the new page's form to the creation URL until the page exists; a
click on "Lưu nháp" or "Xuất bản" meanwhile posts it there too. Each request validates its form
(the slug is free), then saves: the one that saves second found the slug taken inside
Page.save (a ValidationError) or the tree position taken (an IntegrityError), and answered 500.
Here the save runs in one transaction holding the parent page's row, so creations under one
parent happen one after the other, and the loser gets its form back with the Vietnamese error
(the autosave: a 400 it shows as "not saved"). Mounted in front of Wagtail's URL in
congtin/urls.py.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.create import CreateView
from wagtail.models import Page

from .editing import slug_taken_message


class CreatePageView(CreateView):
    def form_valid(self, form):
        try:
            with transaction.atomic():
                # Creations under this parent wait for each other here (SQLite: every write
                # transaction does); the slug check in Page.save then sees the other's page.
                Page.objects.select_for_update().values_list("pk", flat=True).get(pk=self.parent_page.pk)
                return super().form_valid(form)
        except (ValidationError, IntegrityError) as error:
            return self.saved_meanwhile(form, error)

    def saved_meanwhile(self, form, error):
        """The form again, saying which page took the slug in the meantime."""
        self.page = form.instance
        self.page.pk = self.page.id = self.page.depth = None  # as before add_child
        self.page.path = ""
        slug = form.cleaned_data.get("slug") or self.page.slug
        sibling = self.parent_page.get_children().filter(slug=slug).first() if slug else None
        errors = getattr(error, "message_dict", {})
        if sibling or "slug" in errors:
            form.add_error("slug", slug_taken_message(slug, sibling))
        else:
            form.add_error(None, _("Trang vừa được lưu cùng lúc ở một cửa sổ khác. Hãy lưu lại."))
        return self.form_invalid(form)


create_page = never_cache(require_admin_access(CreatePageView.as_view()))
