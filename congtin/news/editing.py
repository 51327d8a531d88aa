"""What every news page (home, section, article) shares in the back office: a Vietnamese slug
and a title the admin's search finds without diacritics.

The slug an editor types or a client sends becomes congtin.vietnamese.clean_slug's, on the
server (the form's field, and the model's full_clean for pages made in code) as in the
browser (congtin/static/js/admin-slug.js), so "Đà Nẵng" is `da-nang` everywhere. Wagtail's
admin page search and page chooser ask Wagtail's own index (autocomplete over its
search_fields); the folded title in it lets `doan` find "Đoàn…" as the readers' search does.
"""

from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page
from wagtail.search import index

from congtin import vietnamese


class PortalSlugField(forms.SlugField):
    """The slug field of the page forms: made the portal's slug before it is validated."""

    def to_python(self, value):
        return vietnamese.clean_slug(super().to_python(value))


def slug_taken_message(slug: str, sibling: Page | None) -> str:
    if sibling is None:
        return _("Đường dẫn “%(slug)s” đã có trang khác dùng trong mục này. Hãy chọn đường dẫn khác.") % {"slug": slug}
    return _(
        "Đường dẫn “%(slug)s” đã thuộc về trang “%(title)s” trong mục này, có thể vừa được lưu tự động. "
        "Mở trang đó trong danh sách để sửa tiếp; nếu là một bài khác, hãy đổi đường dẫn."
    ) % {"slug": slug, "title": sibling.draft_title or sibling.title}


class NewsPageForm(WagtailAdminPageForm):
    """The admin form of news pages: the portal's slug, and a Vietnamese error when it is taken."""

    class Meta(WagtailAdminPageForm.Meta):
        field_classes = {"slug": PortalSlugField}

    def clean(self):
        # Wagtail's page form checks the slug too, with an English message; its base class's
        # clean is everything else it does.
        cleaned_data = super(WagtailAdminPageForm, self).clean()
        slug = cleaned_data.get("slug")
        if slug and self.parent_page and not Page._slug_is_available(slug, self.parent_page, self.instance):
            siblings = self.parent_page.get_children().filter(slug=slug).exclude(pk=self.instance.pk)
            self.add_error("slug", slug_taken_message(slug, siblings.first()))
        return cleaned_data


class ArticlePageForm(NewsPageForm):
    """The article's admin form: it also records who added each "Đính chính" (ArticleCorrection)."""

    def save(self, commit=True):
        # A correction new in this form was added by whoever sends it; an older one keeps its author.
        formset = self.formsets.get("corrections")
        user = getattr(self, "for_user", None)
        if formset is not None and user is not None and user.is_authenticated:
            for form in formset.forms:
                if not form.instance.pk and not form.instance.added_by_id:
                    form.instance.added_by = user
        return super().save(commit=commit)


class VietnamesePage:
    """A mixin of the news page types (before Page in their bases)."""

    base_form_class = NewsPageForm
    search_fields = Page.search_fields + [
        index.SearchField("folded_title"),
        index.AutocompleteField("folded_title"),
    ]

    def folded_title(self) -> str:
        """The title without diacritics, for Wagtail's index ("Đoàn" is also "Doan")."""
        return vietnamese.fold(self.title)

    def full_clean(self, *args, **kwargs):
        # Pages made in code (an API, a command) get the slug the admin form would give them.
        self.slug = vietnamese.clean_slug(self.slug or "") or vietnamese.slugify(self.title or "")
        super().full_clean(*args, **kwargs)
