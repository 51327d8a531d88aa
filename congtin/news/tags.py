"""Tag pages ("Chủ đề"): each tag an article shows links to /chu-de/<slug>/, the live articles
carrying it, newest first, paginated, cached and purged like a section's pages.

A tag's address is congtin.vietnamese.slugify of its name ("Thanh niên" → thanh-nien), not
the slug taggit stores (which keeps diacritics, "thanh-niên", and suffixes `_1` on a clash).
Tags whose names slugify alike ("Đà Nẵng", "Da Nang", "đà nẵng": taggit keeps them apart)
are one topic on purpose: one page lists the articles of them all, under the name of the
oldest. A reader folds them as search does; an address never depends on another tag's
existence, so a new tag cannot move an old tag's page.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from taggit.models import Tag

from congtin import pagecache, vietnamese
from congtin.core.origin import site_url

from .models import ARTICLES, ArticlePage, ArticlePageTag, SectionPage, page_of, topic_tag, with_listing_fields

# How long the map of topics is kept; any publication renews it sooner (it is kept per
# version of the live articles, which every publication, unpublication or import renews).
TOPICS_SECONDS = 3600


def topic_slug(name: str) -> str:
    """The address of a tag's page: its name as the portal slugs it ("" when nothing is left)."""
    return vietnamese.slugify(name)


def topic_url(name: str) -> str:
    """The path of the page of the tag named `name`, "" for a name with no slug ("!!!")."""
    slug = topic_slug(name)
    return reverse("topic", kwargs={"slug": slug}) if slug else ""


@dataclass(frozen=True)
class Topic:
    """A tag page: its address, the name it shows and the tags it lists."""

    slug: str
    name: str
    tag_ids: tuple[int, ...]

    @property
    def title(self) -> str:
        return _("Chủ đề: %(name)s") % {"name": self.name}

    @property
    def search_description(self) -> str:  # the meta description (congtin.core meta_description)
        return _("Các bài viết về chủ đề “%(name)s”, mới nhất trước.") % {"name": self.name}

    @property
    def full_url(self) -> str:
        return site_url(reverse("topic", kwargs={"slug": self.slug}))


def topics() -> dict[str, list[tuple[int, str]]]:
    """{slug: [(tag pk, name), oldest first]} for every tag an article carries, made once per
    version of the live articles (a new tag counts once an article carrying it is published)."""

    def collect() -> dict[str, list[tuple[int, str]]]:
        found: dict[str, list[tuple[int, str]]] = {}
        used = Tag.objects.filter(pk__in=ArticlePageTag.objects.values("tag_id")).order_by("pk")
        for pk, name in used.values_list("pk", "name"):
            if slug := topic_slug(name):
                found.setdefault(slug, []).append((pk, name))
        return found

    return pagecache.fragment("congtin:topics", collect, seconds=TOPICS_SECONDS, versions=[ARTICLES])


def topic_at(slug: str) -> Topic | None:
    tags = topics().get(slug)
    return Topic(slug, tags[0][1], tuple(pk for pk, _name in tags)) if tags else None


def topic_slugs_of(articles: Sequence[ArticlePage]) -> set[str]:
    """The slugs of the tag pages these articles show on, or showed on until their last save
    (congtin.news.freshness purges them): one query for the batch."""
    names = set(
        ArticlePageTag.objects.filter(content_object_id__in=[article.pk for article in articles]).values_list(
            "tag__name", flat=True
        )
    )
    for article in articles:
        names |= getattr(article, "tag_names_before", set())
    return {slug for name in names if (slug := topic_slug(name))}


def topic_page(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Chủ đề: <tag>": /chu-de/<slug>/?page=N, as a section's pages (12 a page, 404 for a
    page number that is not a page); 404 for a tag no live article carries."""
    topic = topic_at(slug)
    if topic is None:
        raise Http404(_("Không có chủ đề này."))
    page_obj = page_of(
        with_listing_fields(ArticlePage.tagged(topic.tag_ids)), SectionPage.per_page, request.GET.get("page")
    )
    if not page_obj.paginator.count:
        raise Http404(_("Chủ đề này chưa có bài viết nào."))
    pagecache.tag(request, topic_tag(slug))
    pagecache.tag_pages(request, page_obj)  # an article's edit purges the pages listing it
    return render(request, "news/topic_page.html", {"topic": topic, "page": topic, "page_obj": page_obj})
