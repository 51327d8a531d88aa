"""Pages with photos for the front-end tests: the seed article, a demo article, listings."""

import json
from pathlib import Path

import pytest

from congtin.demo.images import placeholder_photo
from congtin.demo.management.commands.load_demo import DEMO_ARTICLES, photo_sources

DEMO_ARTICLE_ID = "demo-017"  # the longest demo article, with two photos


@pytest.fixture
def demo_article(home, organisation, tmp_path):
    from congtin.news.importer import import_file
    from congtin.news.models import ArticlePage

    line = next(
        line for line in DEMO_ARTICLES.read_text(encoding="utf-8").splitlines() if f'"{DEMO_ARTICLE_ID}"' in line
    )
    record = json.loads(line)
    jsonl = tmp_path / "demo.jsonl"
    jsonl.write_text(line + "\n", encoding="utf-8")
    for src in photo_sources(jsonl):
        placeholder_photo(tmp_path / src, f"Ảnh minh họa · {Path(src).stem}")
    report = import_file(jsonl, home=home)
    assert report.errors == []
    return ArticlePage.objects.get(external_id=record["id"])


@pytest.fixture
def make_photo(tmp_path):
    """A new stored photo (1200×800 JPEG) each call: no renditions made yet."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    def make(label):
        path = placeholder_photo(tmp_path / f"{abs(hash(label))}.jpg", label)
        with path.open("rb") as handle:
            return get_image_model().objects.create(title=label, file=ImageFile(handle, name=path.name))

    return make


@pytest.fixture
def illustrated(make_photo):
    """Give each article its own new photo, as editors do, and publish it."""

    def illustrate(articles):
        for article in articles:
            article.image = make_photo(article.title)
            article.save_revision().publish()
        return articles

    return illustrate
