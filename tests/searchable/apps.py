"""A page type that exists only in tests, to show that a content app makes its pages
searchable through congtin.search's door alone: nothing in congtin/search names it."""

from django.apps import AppConfig


class SearchableConfig(AppConfig):
    name = "tests.searchable"
    label = "searchable"
    verbose_name = "Thông báo (chỉ để kiểm thử)"

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished

        from congtin.search.entries import Kind, register

        from .models import NoticePage, after_publish, after_unpublish, live_entries

        register(Kind("notice", "Thông báo", live_entries))
        page_published.connect(after_publish, sender=NoticePage, dispatch_uid="tests.searchable.published")
        page_unpublished.connect(after_unpublish, sender=NoticePage, dispatch_uid="tests.searchable.unpublished")
