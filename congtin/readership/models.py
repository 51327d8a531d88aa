"""What the counts become in the database: reads per article per day, the batches already
added (so a batch is never added twice) and the ranking the "Tin đọc nhiều" block shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyReads(models.Model):
    """Reads of an article on one day (Asia/Ho_Chi_Minh): "the last 7 days" is a sum of 7 rows."""

    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+", verbose_name=_("bài"))
    day = models.DateField(_("ngày"))
    reads = models.PositiveIntegerField(_("lượt đọc"), default=0)

    class Meta:
        verbose_name = _("lượt đọc trong ngày")
        verbose_name_plural = _("lượt đọc theo ngày")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="readership_one_row_per_article_day")]
        indexes = [models.Index(fields=["day"], name="readership_daily_day")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}: {self.reads}"


class FlushedBatch(models.Model):
    """A batch of counts already added, recorded in the same transaction as its counts: a
    flush that runs twice, or two at once, adds a batch once."""

    batch_id = models.CharField(max_length=64, unique=True)
    flushed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("đợt ghi lượt đọc")
        verbose_name_plural = _("các đợt ghi lượt đọc")

    def __str__(self) -> str:
        return self.batch_id


class MostRead(models.Model):
    """One place in the ranking the block shows, as last computed (service.rank): reading it is
    one query joined to the live articles, and it changes only when the order changes."""

    position = models.PositiveSmallIntegerField(_("vị trí"), unique=True)
    article = models.OneToOneField(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="most_read_rank", verbose_name=_("bài")
    )
    reads = models.PositiveIntegerField(_("lượt đọc trong 7 ngày"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("tin đọc nhiều")
        verbose_name_plural = _("tin đọc nhiều")

    def __str__(self) -> str:
        return f"{self.position}. {self.article_id}"
