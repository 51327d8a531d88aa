"""The portal's pages: a home page, its sections, and the articles inside them.

Tree shape: articles sit flat under their section (home / section / article). URLs stay
short (/tin-tuc-su-kien/slug/), moving a section moves its articles, and every listing
filters on the section's path prefix and orders by the indexed `published_at`, so the
cost of a listing does not depend on how many articles the section holds.
"""

import json
from datetime import timedelta
from typing import Literal, overload

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from congtin import pagecache, vietnamese
from congtin.core.params import page_number

from .blocks import ArticleBodyBlock
from .choices import ChoicesPageForm, choice_rows, choices_panel, fill, unexpired
from .editing import ArticlePageForm, VietnamesePage

# Cache tags (congtin.pagecache): what a listing page shows, purged by congtin.news.lifecycle.
HOME_TAG = "home"
# The public archive of corrections (/dinh-chinh/, congtin.news.corrections): it shows the
# titles of the articles it lists, so any article's change purges it, as the home page.
CORRECTIONS_TAG = "corrections"
# The version of the set of live articles, renewed by any publication, unpublication, move,
# deletion or import (congtin.news.lifecycle): part of the key of lists computed from it.
ARTICLES = "articles"
# How long a section (for routing) and an article's "Tin khác" are kept; a new version of
# the site or of the live articles retires them sooner.
SECTION_SECONDS, OTHER_NEWS_SECONDS = 3600, 86400


def section_tag(section_or_pk):
    return f"section:{getattr(section_or_pk, 'pk', section_or_pk)}"


def topic_tag(slug: str) -> str:
    """The cache tag of a tag page, /chu-de/<slug>/ (congtin.news.tags), every page number."""
    return f"topic:{slug}"


# A listing card's photo: one 8:5 crop in three widths, each as AVIF, WebP and JPEG, for
# a <picture> the browser picks from (congtin.news.templatetags.media_tags).
LISTING_PICTURE = tuple(Filter.expand_spec("fill-{320x200,480x300,640x400} format-{avif,webp,jpeg}"))
SOCIAL_IMAGE = "fill-1200x630"
# The article's photo in the three shapes search engines show it (16:9, 4:3, 1:1), for its JSON-LD.
STRUCTURED_DATA_IMAGES = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")


def json_for_script(data) -> str:
    """JSON that is safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def with_listing_fields(articles):
    """Articles ready for a listing: every rendition of their card photos fetched in one query."""
    images = get_image_model().objects.prefetch_renditions(*LISTING_PICTURE)
    return articles.select_related(None).prefetch_related(Prefetch("image", queryset=images))


def first_free_slug(slug: str, taken) -> str:
    """`slug`, or `slug-2`, `slug-3`... the first one not in `taken`."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def page_of(items, per_page: int, page_param: str | None):
    """The `?page=` page of a listing (Django's Page); 404 for a page number that is not a page.

    `?page=abc`, `?page=0` or a page past the end would otherwise be endless duplicate URLs
    for crawlers; a 404 tells people and robots the truth.
    """
    number = page_number(page_param)
    if number is None:
        raise Http404(_("Trang không tồn tại"))
    try:
        return Paginator(items, per_page, allow_empty_first_page=True).page(number)
    except EmptyPage as error:
        raise Http404(_("Trang không tồn tại")) from error


def live_articles_by_pk(pks) -> dict:
    """{pk: article} of those of these articles that are live, ready for a listing (editors'
    choices: one query and one for their photos however many, none without any)."""
    if not pks:
        return {}
    return {article.pk: article for article in with_listing_fields(ArticlePage.objects.live().filter(pk__in=pks))}


class ParentPage:
    """What a page that holds other pages knows of its children (a mixin of HomePage and SectionPage)."""

    def unique_child_slug(self, slug: str, exclude_pk: int | None = None) -> str:
        """`slug`, or the first of `slug-2`, `slug-3`... that no child of this page has yet."""
        taken = self.get_children().filter(slug__startswith=slug).exclude(pk=exclude_pk).values_list("slug", flat=True)
        return first_free_slug(slug, set(taken))


class HomePage(VietnamesePage, ParentPage, Page):
    intro = RichTextField(gettext_lazy("Giới thiệu"), blank=True, features=["bold", "italic", "link"])
    latest_per_section = 4
    featured_count = 4  # the "Tin nổi bật" row: one row of the card grid

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        choices_panel(
            "lead_choices",
            gettext_lazy("Tin chính"),
            1,
            gettext_lazy("Bài dẫn đầu trang chủ. Để trống, hoặc khi bài đã gỡ hay hết hạn: bài mới nhất dẫn đầu."),
        ),
        choices_panel(
            "featured_choices",
            gettext_lazy("Tin nổi bật"),
            featured_count,
            gettext_lazy(
                "Hàng tin ngay dưới tin chính, theo thứ tự kéo thả. Chỗ còn trống (bài đã gỡ, hết hạn "
                "hoặc chưa chọn) được điền bằng các bài mới nhất."
            ),
        ),
    ]
    base_form_class = ChoicesPageForm
    subpage_types = ["news.SectionPage"]
    max_count = 1

    class Meta:
        verbose_name = gettext_lazy("Trang chủ")

    @classmethod
    def default(cls) -> "HomePage":
        """The default site's home page: where imports and drafts go when no home is named."""
        site = Site.objects.select_related("root_page").get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, cls):
            raise cls.DoesNotExist(_("Trang gốc của site mặc định không phải Trang chủ (HomePage)."))
        return home

    def route(self, request, path_components):
        """The section from this process's memory (kept per site version, which any change to
        a section renews), then the section routes on: an article costs one query."""
        section = path_components and self.section_at(path_components[0])
        if section:
            section._cached_parent_obj = self
            return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def section_at(self, slug: str) -> "SectionPage | None":
        """The section at /`slug`/, kept per site version (a reader's request asks the database once)."""
        return pagecache.fragment(
            f"congtin:section:{self.pk}:{slug}",
            lambda: SectionPage.objects.child_of(self).filter(slug=slug).first(),
            seconds=SECTION_SECONDS,
            versions=[pagecache.SITE_VERSION],
        )

    @overload
    def section_titled(self, title: str, *, create: Literal[True]) -> "SectionPage": ...

    @overload
    def section_titled(self, title: str, *, create: bool = False) -> "SectionPage | None": ...

    def section_titled(self, title: str, *, create: bool = False) -> "SectionPage | None":
        """The section of this home page titled `title`; with `create`, when there is none, a
        new one, published and shown in the menu (importing and drafting put articles there)."""
        section = SectionPage.objects.child_of(self).filter(title=title).first()
        if section is None and create:
            slug = self.unique_child_slug(vietnamese.slugify(title) or "chuyen-muc")
            section = SectionPage(title=title, slug=slug, show_in_menus=True)
            self.add_child(instance=section)
            section.save_revision(log_action=False).publish(log_action=False)
        return section

    def sections(self):
        """Live sections under this home page, found by type first: a tree-only filter
        (path LIKE) can make SQLite walk every page of a 100k-article site."""
        return SectionPage.objects.exact_type(SectionPage).child_of(self).live().order_by("path")

    def get_context(self, request, *args, **kwargs):
        """The lead story, the "Tin nổi bật" row and a block per section: chosen articles
        first (congtin.news.choices), the newest after them, no article twice."""
        context = super().get_context(request, *args, **kwargs)
        pagecache.tag(request, HOME_TAG)  # any article's change purges it: a choice unpublished too
        now = timezone.now()
        lead_ids = unexpired(choice_rows(self, "lead_choices", request), now)
        featured_ids = unexpired(choice_rows(self, "featured_choices", request), now)
        chosen = live_articles_by_pk(lead_ids + featured_ids)
        sections = list(self.sections())
        # Enough of each section's newest for the lead, the row and its block, whatever those take.
        latest = ArticlePage.newest_in_each(sections, self.latest_per_section + 1 + self.featured_count)
        newest = sorted((a for articles in latest.values() for a in articles), key=ArticlePage.newness, reverse=True)
        shown: set[int] = set()
        lead = fill([chosen[pk] for pk in lead_ids if pk in chosen], newest, 1, shown)
        context["lead_story"] = lead[0] if lead else None
        context["featured"] = fill(
            [chosen[pk] for pk in featured_ids if pk in chosen], newest, self.featured_count, shown
        )
        context["section_blocks"] = [
            (section, [a for a in latest[section.pk] if a.pk not in shown][: self.latest_per_section])
            for section in sections
            # a section whose few articles all lead the page has no block left to show
            if not latest[section.pk] or any(a.pk not in shown for a in latest[section.pk])
        ]
        return context


class SectionPage(VietnamesePage, ParentPage, Page):
    intro = RichTextField(gettext_lazy("Giới thiệu"), blank=True, features=["bold", "italic", "link"])
    per_page = 12

    featured_count = 3

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        choices_panel(
            "featured_choices",
            gettext_lazy("Tin nổi bật"),
            featured_count,
            gettext_lazy(
                "Bài đứng đầu trang đầu tiên của chuyên mục, theo thứ tự kéo thả; các bài khác xếp sau, "
                "mới nhất trước. Bài đã gỡ hoặc hết hạn tự rời chỗ này."
            ),
        ),
    ]
    base_form_class = ChoicesPageForm
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = gettext_lazy("Chuyên mục")
        verbose_name_plural = gettext_lazy("Chuyên mục")

    def route(self, request, path_components):
        """An article in one query (its page and article rows joined), where Wagtail's route
        takes two (the page row, then the specific row)."""
        if len(path_components) == 1:
            article = ArticlePage.objects.child_of(self).filter(slug=path_components[0]).first()
            if article is not None:
                article._cached_parent_obj = self
                return article.route(request, [])
        return super().route(request, path_components)

    def articles(self):
        return ArticlePage.newest_in(self)

    def paginate(self, page_param, leaving_out=()):
        """The requested page of articles (page_of: 404 for a page number that is not a page),
        without those `leaving_out` (the featured ones, shown above the first page)."""
        articles = self.articles().exclude(pk__in=leaving_out) if leaving_out else self.articles()
        return page_of(with_listing_fields(articles), self.per_page, page_param)

    def get_context(self, request, *args, **kwargs):
        """A page of the section's articles, newest first; above the first, its featured ones
        (congtin.news.choices), which the pages then leave out (no article twice)."""
        context = super().get_context(request, *args, **kwargs)
        featured_ids = unexpired(choice_rows(self, "featured_choices", request), timezone.now())
        context["page_obj"] = self.paginate(request.GET.get("page"), featured_ids)  # a choice not live is not listed
        chosen = live_articles_by_pk(featured_ids if context["page_obj"].number == 1 else [])
        featured = context["featured"] = [chosen[pk] for pk in featured_ids if pk in chosen]
        pagecache.tag(request, section_tag(self))
        pagecache.tag_pages(request, featured)  # one from another section changes with it too
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE)


class ArticlePage(VietnamesePage, Page):
    lead = models.TextField(
        gettext_lazy("Sa-pô"), blank=True, help_text=gettext_lazy("Đoạn mở đầu in đậm dưới tiêu đề.")
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=gettext_lazy("Nội dung"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=gettext_lazy("Ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("Dùng trong danh sách tin và khi chia sẻ lên mạng xã hội."),
    )
    author = models.CharField(gettext_lazy("Tác giả"), max_length=255, blank=True)
    source_name = models.CharField(gettext_lazy("Nguồn tin"), max_length=255, blank=True)
    source_url = models.URLField(gettext_lazy("Địa chỉ bài gốc"), max_length=1000, blank=True)
    published_at = models.DateTimeField(
        gettext_lazy("Thời gian đăng"),
        default=timezone.now,
        db_index=True,
        help_text=gettext_lazy(
            "Thời gian bạn đọc thấy ở bài và thứ tự của bài trong các danh sách. Đặt một thời điểm sắp tới "
            "rồi bấm Xuất bản thì bài được lên lịch: bài chỉ lên trang đúng lúc đó (giờ Việt Nam), "
            "không sớm hơn. Thời điểm đã qua: bài lên trang ngay khi xuất bản."
        ),
    )
    external_id = models.CharField(
        gettext_lazy("Mã nguồn nhập"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=gettext_lazy("Mã của bài trong tệp nhập; nhập lại cùng mã thì cập nhật bài."),
    )
    tags = ClusterTaggableManager(gettext_lazy("Từ khóa"), through=ArticlePageTag, blank=True)
    # The parent section (parent_section()), copied by keep_section() whenever the article is
    # saved or moved, so a listing is one range of the (section, published_at) index instead
    # of a tree scan.
    section = models.ForeignKey(
        "news.SectionPage", null=True, editable=False, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    other_news_count = 6
    base_form_class = ArticlePageForm

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("author"), FieldPanel("source_name"), FieldPanel("source_url")],
            heading=gettext_lazy("Tác giả và nguồn tin"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("published_at"),
                FieldPanel(
                    "expire_at",
                    heading=gettext_lazy("Thời gian gỡ bài"),
                    help_text=gettext_lazy(
                        "Để trống nếu bài đăng lâu dài. Đến lúc này bài tự rời trang: khỏi chuyên mục, "
                        "trang chủ, RSS và sơ đồ trang."
                    ),
                ),
            ],
            heading=gettext_lazy("Lịch xuất bản"),
        ),
        FieldPanel("image"),
        FieldPanel("tags"),
        InlinePanel(
            "corrections",
            heading=gettext_lazy("Đính chính"),
            label=gettext_lazy("Đính chính"),
            help_text=gettext_lazy(
                "Ghi chú sửa sai hiện ở đầu bài và trong trang Đính chính khi bài được xuất bản lại."
            ),
        ),
    ]
    # No go-live field of Wagtail's (its PublishingPanel): "Thời gian đăng" is the one time an
    # editor sets, and a future one schedules (congtin.news.lifecycle.go_live_for).
    settings_panels = [panel for panel in Page.settings_panels if not panel.path.endswith(".PublishingPanel")]
    # Wagtail's own index serves the admin's page search: titles (also folded), leads and
    # bylines are what editors look for. Readers' full-text search is congtin.search.
    search_fields = VietnamesePage.search_fields + [
        index.SearchField("lead"),
        index.SearchField("author"),
        index.FilterField("published_at"),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = gettext_lazy("Bài viết")
        verbose_name_plural = gettext_lazy("Bài viết")
        indexes = [models.Index(fields=["section", "-published_at"], name="article_section_newest")]

    def save(self, *args, **kwargs):
        if self.path:  # a revision being published may carry the section it had before a move
            self.keep_section()
        if self.pk and not kwargs.get("update_fields"):
            # The tags it had until now (a publication rewrites them): their tag pages are stale too.
            self.tag_names_before = set(
                ArticlePageTag.objects.filter(content_object_id=self.pk).values_list("tag__name", flat=True)
            )
        return super().save(*args, **kwargs)

    def parent_section(self) -> Page:
        """Which section this article is in: its parent in the page tree, the one answer every
        part of news asks (no query when the article was routed or imported there)."""
        return self.get_parent()

    def keep_section(self, *, commit: bool = False) -> None:
        """Copy parent_section() into `section`, the column listings filter on; `commit` writes
        it at once (a move, which does not save the article)."""
        self.section_id = self.parent_section().pk
        if commit:
            ArticlePage.objects.filter(pk=self.pk).update(section_id=self.section_id)

    def full_clean(self, *args, **kwargs):
        from .lifecycle import go_live_for  # the lifecycle imports this module

        # The slug: VietnamesePage.full_clean (from the title when there is none).
        self.go_live_at = go_live_for(self.published_at)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.expire_at and self.published_at and self.expire_at <= self.published_at:
            raise ValidationError({"expire_at": _("Thời gian gỡ bài phải sau thời gian đăng.")})

    @classmethod
    def newest_in(cls, section):
        """Live articles of a section, newest first (the order of every listing)."""
        return cls.objects.filter(section=section).live().order_by("-published_at", "-pk")

    @classmethod
    def tagged(cls, tag_ids):
        """Live articles carrying any of these tags, newest first (a tag page, congtin.news.tags):
        a semi-join on the tag rows, so an article with two of them is listed once."""
        carrying = ArticlePageTag.objects.filter(tag_id__in=tag_ids).values("content_object_id")
        return cls.objects.filter(pk__in=carrying).live().order_by("-published_at", "-pk")

    def newness(self):
        """The order of every listing, as a sort key (newest is largest)."""
        return (self.published_at, self.pk)

    @classmethod
    def newest_in_each(cls, sections, count):
        """{section pk: its `count` newest live articles, ready for a listing} in one query
        (and one for their photos) however many sections: each section's few come from a
        LIMIT subquery on the (section, published_at) index, so the cost does not grow with
        the articles either, as a window function numbering every article would."""
        found = {section.pk: [] for section in sections}
        newest = Q()
        for section in sections:
            newest |= Q(pk__in=cls.newest_in(section).values("pk")[:count])
        if found:
            for article in with_listing_fields(cls.objects.filter(newest).order_by("-published_at", "-pk")):
                found[article.section_id].append(article)
        return found

    def published_before(self) -> Q:
        """The articles before this one in the order of every listing."""
        earlier = Q(published_at__lt=self.published_at)
        return earlier | Q(published_at=self.published_at, pk__lt=self.pk) if self.pk else earlier

    def published_after(self) -> Q:
        later = Q(published_at__gt=self.published_at)
        return later | Q(published_at=self.published_at, pk__gt=self.pk) if self.pk else later

    def other_articles(self, section) -> list:
        """ "Tin khác": the articles of the same section published just before this one, newest
        first, as in a printed paper's "previously"; the oldest articles of a section, which
        have fewer earlier ones, are filled up with those published just after them.

        So a new article enters the list of the few published just after it, and of the
        oldest few of its section: congtin.news.freshness purges exactly those.
        """
        fields = ("title", "url_path", "published_at", "slug", "path", "depth")
        count = self.other_news_count
        earlier = list(ArticlePage.newest_in(section).filter(self.published_before()).only(*fields)[:count])
        if len(earlier) == count:
            return earlier
        later = ArticlePage.newest_in(section).filter(self.published_after()).order_by("published_at", "pk")
        return sorted(later.only(*fields)[: count - len(earlier)], key=ArticlePage.newness, reverse=True) + earlier

    def photo_url(self, spec: str) -> str:
        """An absolute URL of the photo in this rendition ("" without a photo); never makes one
        on a reader's request (the task worker does, congtin.news.renditions)."""
        from .renditions import rendition_url_or_original

        return rendition_url_or_original(self.image, spec) if self.image else ""

    def share_image(self) -> dict | None:
        """The photo as sharers show it (og:image, twitter:image): its 1200×630 crop, with its alt text."""
        if not self.image:
            return None
        return {"url": self.photo_url(SOCIAL_IMAGE), "alt": self.image.default_alt_text, "width": 1200, "height": 630}

    def breadcrumbs(self, request=None) -> list[tuple[str, str]]:
        """(name, absolute URL) from the home page down to this article: the visible breadcrumb."""
        section = self.parent_section()
        home = section.get_parent()
        return [
            (_("Trang chủ"), home.get_full_url(request)),
            (section.title, section.get_full_url(request)),
            (self.title, self.get_full_url(request)),
        ]

    def structured_data(self, canonical_url, organisation, request=None) -> list[str]:
        """JSON-LD for search engines, one <script> each: the NewsArticle, published by the
        organisation the site belongs to (an article's source is who reported it, not who
        publishes the portal), and the breadcrumb the page shows."""
        trail = self.breadcrumbs(request)
        publisher = {"@type": "Organization", "name": organisation.name, "url": trail[0][1]}
        logo = organisation.logo_rendition()
        if logo:
            publisher["logo"] = {
                "@type": "ImageObject",
                "url": logo.full_url,
                "width": logo.width,
                "height": logo.height,
            }
        article = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.lead,
            "datePublished": timezone.localtime(self.published_at).isoformat(),
            "dateModified": timezone.localtime(self.date_modified()).isoformat(),
            "mainEntityOfPage": canonical_url,
            "articleSection": trail[1][0],
            "inLanguage": "vi",
            "author": {"@type": "Person", "name": self.author} if self.author else publisher,
            "publisher": publisher,
        }
        if self.image:
            article["image"] = list(dict.fromkeys(self.photo_url(spec) for spec in STRUCTURED_DATA_IMAGES))
        breadcrumb = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": name, "item": url}
                for position, (name, url) in enumerate(trail, start=1)
            ],
        }
        return [json_for_script(data) for data in (article, breadcrumb)]

    @cached_property
    def corrections_shown(self) -> list["ArticleCorrection"]:
        """Its corrections, newest first, as the article's "Đính chính" box lists them (one
        query, shared by the box and the dates in its head; the draft's own in a preview)."""
        return sorted(self.corrections.all(), key=ArticleCorrection.newness, reverse=True)

    def date_modified(self):
        """When the article last changed for its readers (dateModified, article:modified_time):
        its newest correction's time; without one, its last publication (or its own time)."""
        if self.corrections_shown:
            return self.corrections_shown[0].corrected_at
        return self.last_published_at or self.published_at

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        section = self.parent_section()
        context["section"] = section
        context["canonical_url"] = self.get_full_url(request)
        if getattr(request, "is_preview", False):  # a draft's date or section: never kept
            others = self.other_articles(section)
        else:
            others = pagecache.fragment(
                f"congtin:other-news:{self.pk}:{self.published_at.timestamp()}",
                lambda: self.other_articles(section),
                seconds=OTHER_NEWS_SECONDS,
                versions=[ARTICLES],
            )
        context["other_articles"] = others
        pagecache.tag_pages(request, [self, *others])
        return context


# How far ahead of the server's clock a correction's time may be (an editor's clock that runs fast).
CORRECTION_LEEWAY = timedelta(minutes=5)


class ArticleCorrection(Orderable):
    """A dated "Đính chính" note on an article, as Newspack's corrections: shown on the article
    and in the public archive (/dinh-chinh/, congtin.news.corrections).

    An inline of the article (a ParentalKey), not a snippet: a correction is part of the
    article's revision, so it goes through the same approval and publishing, a draft's note
    shows nowhere until published, it is in the revision history beside the text it corrects,
    and the rows in the table are always the published ones (Wagtail writes a page's
    children only when it publishes). Who added it is set by the article's admin form.
    """

    MAX_LENGTH = 2000

    page = ParentalKey("news.ArticlePage", related_name="corrections", on_delete=models.CASCADE)
    corrected_at = models.DateTimeField(
        gettext_lazy("Thời điểm đính chính"),
        default=timezone.now,
        help_text=gettext_lazy("Giờ Việt Nam; bài đổi ngày cập nhật theo đính chính mới nhất."),
    )
    text = models.TextField(
        gettext_lazy("Nội dung đính chính"),
        max_length=MAX_LENGTH,
        help_text=gettext_lazy("Điều gì đã sai, nay sửa thế nào: “Bài viết đã ghi nhầm …, nay sửa là …”."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("Người thêm"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("corrected_at"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = gettext_lazy("Đính chính")
        verbose_name_plural = gettext_lazy("Đính chính")
        indexes = [models.Index(fields=["-corrected_at"], name="correction_newest")]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        super().clean()
        # A correction made later than now would date the article's last change in the future.
        if self.corrected_at and self.corrected_at > timezone.now() + CORRECTION_LEEWAY:
            raise ValidationError({"corrected_at": _("Thời điểm đính chính không được ở tương lai.")})

    def newness(self):
        """The order of the box and the archive, as a sort key (newest is largest)."""
        return (self.corrected_at, self.pk or 0)

    @classmethod
    def archive(cls):
        """The corrections of live, public articles, newest first, each with its article's
        title and address (one query per page of the archive, however many are listed)."""
        articles = ArticlePage.objects.live().public().values("pk")
        return (
            cls.objects.filter(page__in=articles)
            .select_related("page")
            .only("corrected_at", "text", "page__title", "page__url_path", "page__path", "page__depth")
            .order_by("-corrected_at", "-pk")
        )


class ArticleChoice(Orderable):
    """An article an editor chose for a place on a listing page, in order, until an optional
    expiry: an inline of the home or section page, part of its revision (why, and how the page
    shows them: congtin.news.choices)."""

    article = models.ForeignKey(
        "news.ArticlePage", verbose_name=gettext_lazy("Bài viết"), on_delete=models.CASCADE, related_name="+"
    )
    expires_at = models.DateTimeField(
        gettext_lazy("Hết hạn lúc"),
        null=True,
        blank=True,
        db_index=True,
        help_text=gettext_lazy(
            "Giờ Việt Nam. Để trống nếu bài được chọn đến khi bạn đổi. Đến lúc này bài rời chỗ được chọn "
            "(trong vòng một phút) và bài mới nhất thế chỗ."
        ),
    )

    panels = [FieldPanel("article"), FieldPanel("expires_at")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return str(self.article)


class HomeLeadChoice(ArticleChoice):
    page = ParentalKey("news.HomePage", related_name="lead_choices", on_delete=models.CASCADE)

    class Meta(ArticleChoice.Meta):
        verbose_name = gettext_lazy("Tin chính")
        verbose_name_plural = gettext_lazy("Tin chính")


class HomeFeaturedChoice(ArticleChoice):
    page = ParentalKey("news.HomePage", related_name="featured_choices", on_delete=models.CASCADE)

    class Meta(ArticleChoice.Meta):
        verbose_name = gettext_lazy("Tin nổi bật trên trang chủ")
        verbose_name_plural = gettext_lazy("Tin nổi bật trên trang chủ")


class SectionFeaturedChoice(ArticleChoice):
    page = ParentalKey("news.SectionPage", related_name="featured_choices", on_delete=models.CASCADE)

    class Meta(ArticleChoice.Meta):
        verbose_name = gettext_lazy("Tin nổi bật của chuyên mục")
        verbose_name_plural = gettext_lazy("Tin nổi bật của chuyên mục")
