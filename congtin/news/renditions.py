"""An article's photo renditions are made by the task worker, never on a reader's request.

AVIF is slow to make (about 0.4 s a photo in its nine sizes and formats): publishing and
importing enqueue the work (congtin.news.tasks) instead of making the editor or the importer
wait, and a page rendered before the worker got to it shows the stored photo itself
(`picture_or_original`) rather than making its renditions while the reader waits. The task
then purges the pages that showed the photo, so the next reader gets the <picture>.
"""

import logging
from itertools import islice

from django.conf import settings
from django.forms.utils import flatatt
from django.utils.html import format_html
from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture, SourceImageIOError

from congtin import pagecache

from .models import LISTING_PICTURE, SOCIAL_IMAGE, STRUCTURED_DATA_IMAGES, ArticlePage

# The body photo's <picture> (templates/news/blocks/captioned_image.html asks for it).
BODY_PICTURE = tuple(Filter.expand_spec("width-{480,800,1200} format-{avif,webp,jpeg}"))
logger = logging.getLogger(__name__)
# One article a task (about 0.4 s a photo): a purge goes first (congtin.pagecache.tasks) but
# waits for the task in hand, and five articles a task held readers' news back 2-5 s behind an
# import's backlog (bench/newsroom.py). Several workers share a batch the finer it is cut.
ARTICLES_PER_TASK = 1


def photo_specs(article) -> list[tuple[int, tuple[str, ...]]]:
    """(image id, rendition specs) for every photo the article's pages show, read from the
    stored body without loading a block or an image."""
    photos = []
    if article.image_id:
        photos.append((article.image_id, (*LISTING_PICTURE, SOCIAL_IMAGE, *STRUCTURED_DATA_IMAGES)))
    for block in article.body.raw_data:
        if block["type"] == "image" and (block["value"] or {}).get("image"):
            photos.append((block["value"]["image"], BODY_PICTURE))
    return photos


def make_renditions(article) -> None:
    """Make whichever of the article's renditions are missing: running it twice makes nothing new."""
    photos = photo_specs(article)
    images = get_image_model().objects.in_bulk({image_id for image_id, _ in photos})
    for image_id, specs in photos:
        if image_id not in images:  # a photo deleted since: nothing to make
            continue
        try:
            images[image_id].get_renditions(*specs)
        except SourceImageIOError:  # its file is gone: nothing to make them from
            logger.error("Photo %s of article %s has no file: no renditions made", image_id, article.pk)


def articles_queued() -> set[int]:
    """Ids of articles whose renditions wait in the database queue (none on other backends)."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from .tasks import make_article_renditions

    if not isinstance(task_backends[make_article_renditions.backend], DatabaseBackend):
        return set()
    waiting = DBTaskResult.objects.ready().filter(task_path=make_article_renditions.module_path)
    return {pk for args_kwargs in waiting.values_list("args_kwargs", flat=True) for pk in args_kwargs["args"][0]}


def articles_lacking_renditions(chunk: int = 1000) -> list[int]:
    """Ids of live articles with a rendition missing and none queued, two queries a thousand
    articles: after a worker was killed or a task failed, `manage.py make_renditions` queues
    them again."""
    lacking, queued = [], articles_queued()
    articles = ArticlePage.objects.live().only("pk", "image_id", "body").order_by("pk").iterator(chunk_size=chunk)
    while batch := list(islice(articles, chunk)):
        needs = {article.pk: photo_specs(article) for article in batch}
        image_ids = {image_id for photos in needs.values() for image_id, _ in photos}
        made = set(
            get_image_model()
            .get_rendition_model()
            .objects.filter(image_id__in=image_ids)
            .values_list("image_id", "filter_spec")
        )
        lacking += [
            pk
            for pk, photos in needs.items()
            if pk not in queued and any((i, spec) not in made for i, specs in photos for spec in specs)
        ]
    return lacking


def photos_version(article_id) -> int:
    """A number that changes when the worker has made the article's renditions: part of the
    key of the cached fragments that show its photos (templates/news/article_page.html)."""
    return pagecache.version(f"photos:{article_id}")


def photos_made(articles) -> None:
    """Readers get the <picture> now: fragments and pages that showed the stored photos go."""
    from .freshness import stale_for_articles

    for article in articles:
        pagecache.new_version(f"photos:{article.pk}")
    pagecache.purge(*stale_for_articles(articles))


def enqueue_renditions(article_ids) -> None:
    """One task per few articles. On the database backend the task's row commits with the
    change that asked for it: a rolled-back import leaves no task, a committed one no gap."""
    from .tasks import make_article_renditions

    article_ids = sorted(set(article_ids))
    for start in range(0, len(article_ids), ARTICLES_PER_TASK):
        make_article_renditions.enqueue(article_ids[start : start + ARTICLES_PER_TASK])


def picture_or_original(image, specs, attrs) -> str:
    """The photo's <picture> when its renditions are made (prefetched, cached or one query);
    until then the stored photo itself, full size, so no reader waits for AVIF encoding."""
    filters = [Filter(spec=spec) if isinstance(spec, str) else spec for spec in specs]
    found = image.find_existing_renditions(*filters)
    if len(found) == len(filters):
        return Picture({f.spec: found[f] for f in filters}, attrs).__html__()
    original = {key: value for key, value in attrs.items() if key != "sizes"}  # sizes needs a srcset
    original.update(src=image.file.url, width=image.width, height=image.height)
    return format_html("<picture><img{}></picture>", flatatt(original))


def rendition_url_or_original(image, spec: str) -> str:
    """An absolute URL of the rendition, or of the stored photo until the worker made it."""
    found = image.find_existing_renditions(Filter(spec=spec))
    if found:
        return next(iter(found.values())).full_url
    url = image.file.url
    return settings.WAGTAILADMIN_BASE_URL + url if url.startswith("/") else url
