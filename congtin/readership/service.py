"""The door to readership ("Tin đọc nhiều"): count a read (the beacon), add the counts to the
database in batches (each minute), rank the last 7 days (every few minutes) and give the block
its articles. docs/readership.md tells the whole path."""

import logging
import time
from datetime import date, datetime, timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Sum
from django.http import HttpRequest
from django.utils import timezone

from congtin import pagecache
from congtin.news.models import ARTICLES, ArticlePage

from .models import DailyReads, FlushedBatch, MostRead
from .readers import is_reader, reader_keys
from .tally import TALLY_ERRORS, Counts, Hit, tally

logger = logging.getLogger("congtin.readership")

WINDOW_DAYS = 7  # "the last 7 days": today and the six days before, in Asia/Ho_Chi_Minh
KEEP_DAYS = WINDOW_DAYS + 1  # rows older than the window and one more day are deleted
RANK_EVERY_MINUTES = 5  # the ranking is computed (and pages purged, if it changed) this often
SHOWN = 10
# The version of the ranking (fragments computed from it) and the page-cache tag of the pages
# that show it: both renewed, or purged, only when the order changes.
MOST_READ = "most-read"
MAX_ARTICLE_ID = 2**31 - 1  # a page's primary key is a 32-bit integer in both databases


def article_id(raw: str) -> int | None:
    """The article's primary key from the beacon's address: ASCII digits only ('١٢' is not 12),
    within the column's range; None for anything else."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        return None
    number = int(raw)
    return number if 0 < number <= MAX_ARTICLE_ID else None


def count_read(request: HttpRequest, article: int) -> bool:
    """Count one read of `article` by this request's reader, off the database: robots,
    prefetches, repeats and floods are not counted. Whether the article exists and is live is
    checked when the counts reach the database (`flush`), not here. Never raises for a Redis
    outage: the read is lost, the outage logged once."""
    if not is_reader(request):
        return False
    reader, address = reader_keys(request)
    now, store = time.time(), tally()
    try:
        counted = store.count(Hit(article, timezone.localdate(), reader, address), now)
    except TALLY_ERRORS:
        store.failed()
        return False
    if store.due(now):  # counts only this process holds: it writes them itself, once a minute
        try:
            flush()
        except DatabaseError:
            logger.exception("readership: flush from a beacon failed; the counts stay pending")
    return counted


def flush() -> int:
    """Add every pending batch of counts to the database; the number of reads added. A batch is
    forgotten only after its transaction committed, and recorded once (FlushedBatch), so a flush
    that fails, runs twice or concurrently neither loses nor doubles counts."""
    store, added = tally(), 0
    try:
        for batch_id, counts in store.batches():
            added += _add_batch(batch_id, counts)
            store.done(batch_id)
    except TALLY_ERRORS:
        store.failed()
    return added


def _add_batch(batch_id: str, counts: Counts) -> int:
    with transaction.atomic():
        try:
            with transaction.atomic():
                FlushedBatch.objects.create(batch_id=batch_id)
        except IntegrityError:  # added already, by an earlier or a concurrent flush
            return 0
        ids = {article for _day, article in counts}
        live = set(ArticlePage.objects.live().filter(pk__in=ids).values_list("pk", flat=True))
        kept = {(day, article): reads for (day, article), reads in counts.items() if article in live}
        DailyReads.objects.bulk_create(
            [DailyReads(article_id=article, day=day) for day, article in kept], ignore_conflicts=True
        )
        for (day, article), reads in kept.items():
            DailyReads.objects.filter(article_id=article, day=day).update(reads=F("reads") + reads)
    return sum(kept.values())


def window(now: datetime | None = None) -> tuple[date, date]:
    """The first and last day of "the last 7 days" at `now` (Asia/Ho_Chi_Minh)."""
    today = timezone.localdate(now)
    return today - timedelta(days=WINDOW_DAYS - 1), today


def ranking(now: datetime | None = None, count: int = SHOWN) -> list[tuple[int, int]]:
    """(article pk, reads) of the most read live articles of the last 7 days, most read first
    (the newer article first on a tie): one aggregate query."""
    first, last = window(now)
    rows = (
        DailyReads.objects.filter(day__gte=first, day__lte=last, article__in=ArticlePage.objects.live().values("pk"))
        .values_list("article_id")
        .annotate(total=Sum("reads"))
        .order_by("-total", "-article_id")
    )
    return [(article, total) for article, total in rows[:count]]


def rank(now: datetime | None = None) -> bool:
    """Store the ranking the block shows; when its order changed, retire the block's fragments
    and purge the pages that show it (here and in nginx). Whether it changed."""
    top = ranking(now)
    if [article for article, _reads in top] == list(MostRead.objects.values_list("article_id", flat=True)):
        return False
    with transaction.atomic():
        MostRead.objects.all().delete()
        MostRead.objects.bulk_create(
            [MostRead(position=place, article_id=article, reads=reads) for place, (article, reads) in enumerate(top, 1)]
        )
        pagecache.new_version(MOST_READ)
        transaction.on_commit(lambda: pagecache.new_version(MOST_READ))
        pagecache.purge(tags=[MOST_READ])
    return True


def prune(now: datetime | None = None) -> None:
    """Delete the days no window will sum again, and the record of batches that old."""
    first, _last = window(now)
    DailyReads.objects.filter(day__lt=first - timedelta(days=KEEP_DAYS - WINDOW_DAYS)).delete()
    FlushedBatch.objects.filter(flushed_at__lt=(now or timezone.now()) - timedelta(days=KEEP_DAYS)).delete()


def on_minute(sender: object, now: datetime, **kwargs: object) -> None:
    """congtin.core.signals.minute_passed: add the minute's counts; every few minutes, rank."""
    flush()
    if timezone.localtime(now).minute % RANK_EVERY_MINUTES == 0:
        rank(now)
        prune(now)


def most_read(count: int = SHOWN) -> list[ArticlePage]:
    """The ranked articles that are still live, most read first: one query when the ranking or
    the live articles changed (or the fragment expired), none otherwise."""
    return pagecache.fragment(
        f"congtin:most-read:{count}",
        lambda: list(
            ArticlePage.objects.live()
            .filter(most_read_rank__isnull=False)
            .order_by("most_read_rank__position")
            .only("title", "url_path", "published_at", "slug", "path", "depth")[:count]
        ),
        seconds=RANK_EVERY_MINUTES * 60,
        versions=[MOST_READ, ARTICLES],
    )
