"""A page costs the same number of queries for a few articles as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congtin.demo.images import placeholder_photo
from tests.factories import make_articles, make_section


def queries_for(client, url):
    client.get(url)  # warm: renditions are made once, then reused
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def photo(tmp_path):
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    path = placeholder_photo(tmp_path / "p.jpg", "Ảnh")
    with path.open("rb") as handle:
        return get_image_model().objects.create(title="Ảnh", file=ImageFile(handle, name="p.jpg"))


def with_images(articles, photo):
    for article in articles:
        article.image = photo
        article.save_revision().publish()
    return articles


def test_article_page_queries_do_not_grow_with_other_news(client, home, photo):
    section = make_section(home, "Tin tức")
    few = with_images(make_articles(section, 2), photo)
    small = queries_for(client, few[0].url)
    with_images(make_articles(section, 20, prefix="Thêm"), photo)
    assert queries_for(client, few[0].url) == small


def test_section_page_queries_do_not_grow_with_articles(client, home, photo):
    section = make_section(home, "Tin tức")
    with_images(make_articles(section, 3), photo)
    small = queries_for(client, section.url)
    with_images(make_articles(section, 30, prefix="Thêm"), photo)
    assert queries_for(client, section.url) == small
    assert queries_for(client, section.url + "?page=2") == small


def test_home_page_queries_do_not_grow_with_articles(client, home, photo):
    sections = [make_section(home, name) for name in ("Kinh tế", "Văn hóa")]
    for section in sections:
        with_images(make_articles(section, 2, prefix=section.title), photo)
    small = queries_for(client, "/")
    for section in sections:
        with_images(make_articles(section, 10, prefix="Thêm " + section.title), photo)
    assert queries_for(client, "/") == small
