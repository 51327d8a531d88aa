"""Notices: a page with a title and a text, filed under whatever page holds it."""

from collections.abc import Iterator
from typing import Any

from django.db import models
from wagtail.models import Page

from congtin.search import service
from congtin.search.entries import Entry


class NoticePage(Page):
    text = models.TextField(blank=True)
    issued_at = models.DateTimeField()

    class Meta:
        verbose_name = "thông báo"  # the admin shows it among the page types (tests/admin)

    def search_entry(self) -> Entry:
        parent = self.get_parent()
        return Entry(
            page_id=self.pk,
            kind="notice",
            published_at=self.issued_at,
            title=self.title,
            section_id=parent.pk if parent else None,
            text=self.text,
        )


def live_entries() -> Iterator[Entry]:
    for notice in NoticePage.objects.live().order_by("pk"):
        yield notice.search_entry()


def after_publish(sender: type[Page], instance: NoticePage, **kwargs: Any) -> None:
    if instance.live:
        service.index([instance.search_entry()])
    else:  # scheduled: not yet
        service.remove([instance.pk])


def after_unpublish(sender: type[Page], instance: NoticePage, **kwargs: Any) -> None:
    service.remove([instance.pk])
