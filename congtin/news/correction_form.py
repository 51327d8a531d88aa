"""The article's admin form: it records who added each "Đính chính" (ArticleCorrection)."""

from .editing import NewsPageForm


class ArticlePageForm(NewsPageForm):
    def save(self, commit=True):
        # A correction new in this form was added by whoever sends it; an older one keeps its author.
        formset = self.formsets.get("corrections")
        user = getattr(self, "for_user", None)
        if formset is not None and user is not None and user.is_authenticated:
            for form in formset.forms:
                if not form.instance.pk and not form.instance.added_by_id:
                    form.instance.added_by = user
        return super().save(commit=commit)
