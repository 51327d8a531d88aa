"""Plausible counts for make demo (congtin.demo's load_demo calls `seed_demo_counts`)."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from congtin.news.models import ArticlePage

from .models import DailyReads
from .service import WINDOW_DAYS, rank


def seed_demo_counts(articles: int = 30, seed: int = 7) -> int:
    """A week of reads for the newest live articles, a few read far more than the rest (as on a
    real site), then the ranking, so the block shows at once. Counts already there (a second
    run, or real readers) are kept as they are. The number of rows written."""
    if DailyReads.objects.exists():
        return 0
    chance = random.Random(seed)
    today = timezone.localdate()
    newest = list(ArticlePage.objects.live().order_by("-published_at", "-pk").values_list("pk", flat=True)[:articles])
    rows = []
    for place, article in enumerate(newest):
        popularity = 2000 / (place + 1) ** 0.8 * chance.uniform(0.4, 1.6)  # a long tail
        for back in range(WINDOW_DAYS):
            reads = int(popularity * chance.uniform(0.3, 1.0) / (1 + back * 0.3))
            rows.append(DailyReads(article_id=article, day=today - timedelta(days=back), reads=reads))
    with transaction.atomic():
        DailyReads.objects.bulk_create(rows)
        rank()
    return len(rows)
