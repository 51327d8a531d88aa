"""The editorial calendar ("Lịch xuất bản" in the back office): the articles scheduled for the
next 14 days, those published in the last 7, and those set to leave the site, by day in the
site's time zone (Asia/Ho_Chi_Minh), each with its section and who scheduled or published it.

What is scheduled is a revision Wagtail approved to go live (`approved_go_live_at`), not the
page's `go_live_at`: a live article rescheduled keeps its live row untouched until then. Five
queries however many articles: the scheduled revisions, their articles and sections, the
recently published, those expiring, and the log entries saying who acted.

Each person sees the sections they work in (`sections_for`: Wagtail's page permissions to add,
edit or publish, given on the section or above it; superusers see all), or one of them.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy

from congtin import vietnamese

from .models import ArticlePage, SectionPage

DAYS_AHEAD = 14
DAYS_BACK = 7
# A bound on each list, so one page never grows without limit (a big import in the window).
MOST = 500
# The log actions that say who made a revision live or scheduled it.
ACTIONS = ("wagtail.publish", "wagtail.publish.schedule", "wagtail.publish.scheduled")


# The page permissions that make a section someone's to plan: adding, editing or publishing in it.
EDITING = ("add_page", "change_page", "publish_page")


def sections_for(user: AbstractBaseUser | AnonymousUser) -> list[SectionPage]:
    """The sections whose articles `user` sees in the calendar, in the menu's order: those
    they may add, edit or publish pages in, by a permission on the section or above it (two
    queries: their permissions, which Wagtail keeps on the user for the request, and these)."""
    sections = SectionPage.objects.order_by("path").only("pk", "title", "path")
    if not user.is_active:
        return []
    if user.is_superuser:
        return list(sections)
    paths = [
        permission.page.path
        for permission in PagePermissionPolicy().get_cached_permissions_for_user(user)
        if permission.permission.codename in EDITING
    ]
    if not paths:
        return []
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    return list(sections.filter(under))


@dataclass
class Entry:
    moment: datetime  # in the site's time zone
    kind: str  # "scheduled", "published" or "expiring"
    page_id: int
    title: str
    section: str
    who: str = ""
    live: bool = False  # a scheduled change to an article that is already on the site
    revision_id: int | None = None  # the revision scheduled or live, for who acted


@dataclass
class Day:
    day: date
    label: str
    is_today: bool
    entries: list[Entry] = field(default_factory=list)


def calendar_days(now: datetime | None = None, section_ids: Collection[int] | None = None) -> list[Day]:
    """The days of the window that have something, oldest first, each with its entries in order:
    of the articles in these sections (None: every article)."""
    now = now or timezone.now()
    since, until = now - timedelta(days=DAYS_BACK), now + timedelta(days=DAYS_AHEAD)
    articles = (
        ArticlePage.objects.all() if section_ids is None else ArticlePage.objects.filter(section_id__in=section_ids)
    )
    entries = (
        _scheduled(articles, since, until, scoped=section_ids is not None)
        + _published(articles, since, now)
        + _expiring(articles, now, until)
    )
    _name_who_acted(entries)
    today = timezone.localtime(now).date()
    entries.sort(key=lambda entry: (entry.moment, entry.title))
    return [
        Day(day, f"{vietnamese.weekday_name(day)}, {vietnamese.format_date(day)}", day == today, list(group))
        for day, group in groupby(entries, key=lambda entry: entry.moment.date())
    ]


def _scheduled(articles: QuerySet[ArticlePage], since: datetime, until: datetime, *, scoped: bool) -> list[Entry]:
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(ArticlePage),
        approved_go_live_at__gte=since,
        approved_go_live_at__lt=until,
    )
    if scoped:  # only these sections' (a revision names its object by a string), so MOST counts theirs
        revisions = revisions.filter(object_id__in=articles.annotate(key=Cast("pk", CharField())).values("key"))
    revisions = list(
        revisions.only("pk", "object_id", "object_str", "approved_go_live_at").order_by("approved_go_live_at")[:MOST]
    )
    pages = {
        page.pk: page
        for page in articles.filter(pk__in=[int(revision.object_id) for revision in revisions])
        .select_related("section")
        .only("pk", "title", "live", "section__title")
    }
    entries = []
    for revision in revisions:
        page = pages.get(int(revision.object_id))
        if page is None:
            continue
        entry = _entry(page, timezone.localtime(revision.approved_go_live_at), "scheduled", revision.pk)
        entry.title, entry.live = revision.object_str or page.title, page.live
        entries.append(entry)
    return entries


def _published(articles: QuerySet[ArticlePage], since: datetime, now: datetime) -> list[Entry]:
    articles = (
        articles.live()
        .filter(published_at__gte=since, published_at__lte=now)
        .select_related("section")
        .only("pk", "title", "published_at", "live_revision_id", "section__title")
        .order_by("-published_at")[:MOST]
    )
    return [
        _entry(article, timezone.localtime(article.published_at), "published", article.live_revision_id)
        for article in articles
    ]


def _expiring(articles: QuerySet[ArticlePage], now: datetime, until: datetime) -> list[Entry]:
    articles = (
        articles.live()
        .filter(expire_at__gte=now, expire_at__lt=until)
        .select_related("section")
        .only("pk", "title", "expire_at", "section__title")
        .order_by("expire_at")[:MOST]
    )
    return [_entry(article, timezone.localtime(article.expire_at), "expiring", None) for article in articles]


def _entry(article: ArticlePage, moment: datetime, kind: str, revision_id: int | None) -> Entry:
    section = article.section.title if article.section else ""
    return Entry(moment, kind, article.pk, article.title, section, revision_id=revision_id)


def _name_who_acted(entries: list[Entry]) -> None:
    """Who scheduled or published each entry's revision, from Wagtail's log (one query): the
    person, not the scheduler that later made a scheduled revision live for them."""
    revision_ids = {entry.revision_id for entry in entries if entry.revision_id}
    if not revision_ids:
        return
    names: dict[int, str] = {}
    logs = (
        PageLogEntry.objects.filter(revision_id__in=revision_ids, action__in=ACTIONS, user__isnull=False)
        .select_related("user")
        .order_by("timestamp")
    )
    for log in logs:
        names[log.revision_id] = log.user.get_full_name() or log.user.get_username()
    for entry in entries:
        entry.who = names.get(entry.revision_id or 0, "")
