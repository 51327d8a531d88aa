"""Editors' choices ("Bài chọn"): the home page's lead story ("Tin chính"), its "Tin nổi bật"
row, and each section's featured articles ("Tin nổi bật" of the section), chosen and ordered
by editors, each with an optional expiry ("Hết hạn lúc"); a place no live choice fills falls
back to the newest articles.

Why inlines of the home and section pages (Orderable + InlinePanel, congtin.news.models
ArticleChoice), not a separate model: a choice is part of the page's revision, so it goes
through the same workflow and approval as the page (the front page is the paper's most
visible decision), shows in the page's preview before it is published, is in the revision
history beside the intro, and can be scheduled with the page. Publishing the home or a
section page already purges it (congtin.news.lifecycle); the price is that a new choice
needs that publication, which also renews the site version (lifecycle's rule for listing
pages: the menu).

How the page shows them (`fill`): a choice leads only while its article is live and its
expiry is ahead; an unpublished, deleted or expired choice just falls away, and the newest
articles close the gap. No article shows twice on a page: the lead, then the "Tin nổi bật"
row, then the section blocks each skip what an earlier place took.

When an expiry passes, the pages that showed the choice are purged within the minute
(`purge_expired_choices`, a receiver of congtin.core.signals.minute_passed). An article's
own unpublication, expiry or edit purges the home page and its section already (the
home page is tagged "home", a section's featured articles are tagged on it).
"""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from wagtail.admin.panels import InlinePanel
from wagtail.models import Page

from congtin import pagecache
from congtin.core.signals import minute_passed

from .editing import NewsPageForm

if TYPE_CHECKING:
    from .models import HomePage

# How long a page's choices (article ids and expiries, per live revision) are kept in memory.
CHOICE_ROWS_SECONDS = 3600
# Where the expiry purge remembers the moment it last looked (the shared `default` cache).
LAST_RUN_KEY = "congtin:choices:expiry-purge:last-run"
# Without that moment (a first run, a cache emptied): look this far back. A page kept longer
# than CONGTIN_PAGE_CACHE_SECONDS has expired by itself, so nothing older is ever looked at.
FIRST_LOOK_BACK = timedelta(minutes=2)


class Choice(Protocol):
    article_id: int
    expires_at: datetime | None
    sort_order: int | None


class Listed(Protocol):
    pk: Any


A = TypeVar("A", bound=Listed)


def in_order(choices: Iterable[Choice]) -> list[Choice]:
    """Choices in the order editors dragged them into (a preview's unsaved rows included)."""
    return sorted(choices, key=lambda choice: (choice.sort_order is None, choice.sort_order or 0))


def unexpired(rows: Iterable[tuple[int, datetime | None]], now: datetime) -> list[int]:
    """The article ids of these (article id, expiry) rows whose expiry is still ahead, in order."""
    return [article_id for article_id, expires_at in rows if expires_at is None or expires_at > now]


def choice_rows(page: Page, relation: str, request: HttpRequest | None = None) -> list[tuple[int, datetime | None]]:
    """(article id, expiry) of `page`'s choices in `relation`, in the editors' order.

    Choices change only when the page is published (they are part of its revision), so a
    live page's rows are kept per live revision (a page never published from the admin, as
    the one the data migration made, has none: its rows change only with a first one): a
    reader's render asks the database nothing for them. A preview shows the revision's own
    rows, never kept."""

    def rows() -> list[tuple[int, datetime | None]]:
        return [(choice.article_id, choice.expires_at) for choice in in_order(getattr(page, relation).all())]

    if getattr(request, "is_preview", False):
        return rows()
    return pagecache.fragment(
        f"congtin:choices:{page.pk}:{relation}:{page.live_revision_id}", rows, seconds=CHOICE_ROWS_SECONDS
    )


def fill(chosen: Iterable[A], newest: Iterable[A], count: int, shown: set) -> list[A]:
    """Up to `count` articles for one place on a page: the chosen first, in their order, then
    the newest; none already in `shown` (what earlier places took), to which these are added."""
    picked: list[A] = []
    for article in (*chosen, *newest):
        if len(picked) == count:
            break
        if article.pk not in shown:
            picked.append(article)
            shown.add(article.pk)
    return picked


def same_minute(typed: datetime, stored: datetime | None) -> bool:
    """Whether a time typed in the admin (to the minute) is the one stored: an old expiry sent
    back unchanged is no mistake, even once it has passed."""
    return stored is not None and typed.replace(second=0, microsecond=0) == stored.replace(second=0, microsecond=0)


def choices_panel(relation: str, label: Promise, max_num: int, help_text: Promise) -> InlinePanel:
    """The panel of a page's choices in `relation` ("Bài viết", "Hết hạn lúc" a row, dragged
    into order), headed and each row named `label`, at most `max_num` rows, which the help says."""
    limit = ngettext_lazy("Tối đa %(count)d bài.", "Tối đa %(count)d bài.", max_num) % {"count": max_num}
    return InlinePanel(
        relation, heading=label, label=label, max_num=max_num, help_text=format_lazy("{} {}", help_text, limit)
    )


class ChoicesPageForm(NewsPageForm):
    """The admin form of the home and section pages: an article chosen twice in one list, or an
    expiry typed in the past, is refused with a Vietnamese error beside the field."""

    def is_valid(self) -> bool:
        # The inline rows are validated by their formsets after the page's own clean(), so the
        # checks across rows come after both.
        valid = super().is_valid()
        return self._choices_are_valid() and valid

    def _choices_are_valid(self) -> bool:
        valid, now = True, timezone.now()
        for name, formset in self.formsets.items():
            if name == "comments":
                continue
            seen = set()
            for form in formset.forms:
                data = getattr(form, "cleaned_data", None)
                if not data or data.get("DELETE"):
                    continue
                article, expires_at = data.get("article"), data.get("expires_at")
                if article is not None and article.pk in seen:
                    form.add_error("article", _("Bài này đã được chọn ở trên trong cùng danh sách."))
                    valid = False
                elif article is not None:
                    seen.add(article.pk)
                if expires_at and expires_at <= now and not same_minute(expires_at, form.initial.get("expires_at")):
                    form.add_error(
                        "expires_at", _("Thời điểm hết hạn đã qua: hãy chọn một thời điểm sắp tới, hoặc để trống.")
                    )
                    valid = False
        return valid


def expired_between(since: datetime, now: datetime) -> tuple[set[str], set[str]]:
    """(paths, tags) of the pages that showed a choice whose expiry fell in (since, now]: the
    home page or the section holding it (every page number, by its tag)."""
    from .freshness import site_path
    from .models import HOME_TAG, HomeFeaturedChoice, HomeLeadChoice, SectionFeaturedChoice, section_tag

    paths: set[str] = set()
    tags: set[str] = set()
    window = {"expires_at__gt": since, "expires_at__lte": now}
    for model in (HomeLeadChoice, HomeFeaturedChoice):
        for url_path in model.objects.filter(**window).values_list("page__url_path", flat=True).distinct():
            paths.add(site_path(url_path))
            tags.add(HOME_TAG)
    for section_id, url_path in (
        SectionFeaturedChoice.objects.filter(**window).values_list("page_id", "page__url_path").distinct()
    ):
        paths.add(site_path(url_path))
        tags.add(section_tag(section_id))
    return paths, tags


@receiver(minute_passed, dispatch_uid="congtin.news.choices.purge_expired_choices")
def purge_expired_choices(sender: Any = None, now: datetime | None = None, **kwargs: Any) -> None:
    """Each minute: purge the pages whose choices expired since the last look (three queries on
    the expiry index when none did). Idempotent: a second run at the same moment finds nothing."""
    now = now or timezone.now()
    since = cache.get(LAST_RUN_KEY) or now - FIRST_LOOK_BACK
    since = max(since, now - timedelta(seconds=settings.CONGTIN_PAGE_CACHE_SECONDS))
    if since < now:
        pagecache.purge(*expired_between(since, now))
    cache.set(LAST_RUN_KEY, max(since, now), None)


def choose_demo_featured(home: "HomePage", lead_title: str | None = None, featured: Sequence[str] = ()) -> bool:
    """make demo's editors' choices (called by load_demo): the home page's lead story and its
    "Tin nổi bật" row, from live articles by title, else its newest ones that have a photo,
    published as an editor would publish the home page. A home page that has choices keeps
    them (load_demo run again changes nothing); says whether it chose."""
    from .models import ArticlePage, HomeFeaturedChoice, HomeLeadChoice

    if home.lead_choices.exists() or home.featured_choices.exists():
        return False
    live = ArticlePage.objects.live().order_by("-published_at", "-pk")
    by_title = {article.title: article for article in live.filter(title__in=[lead_title, *featured])}
    with_photo = list(live.filter(image__isnull=False)[: 1 + home.featured_count])
    lead = by_title.get(lead_title or "") or (with_photo[0] if with_photo else None)
    row = [by_title[title] for title in featured if title in by_title] or [a for a in with_photo if a != lead]
    if lead is None and not row:
        return False
    draft = home.get_latest_revision_as_object()
    draft.lead_choices = [HomeLeadChoice(article=lead, sort_order=0)] if lead else []
    draft.featured_choices = [
        HomeFeaturedChoice(article=article, sort_order=number)
        for number, article in enumerate(row[: home.featured_count])
    ]
    draft.save_revision(log_action=False).publish(log_action=False)
    return True
