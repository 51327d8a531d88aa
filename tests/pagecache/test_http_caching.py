"""Public pages carry a caching policy and a validator; unchanged pages answer 304."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_article, make_section


@pytest.fixture
def article(home):
    return make_article(make_section(home, "Kinh tế"), "Giá lúa tăng nhẹ")


@pytest.mark.parametrize("url", ["/", "/kinh-te/", "article", "/sitemap.xml", "/rss/", "/tim-kiem/?q=lua"])
def test_public_pages_have_etag_and_revalidate_policy(client, article, url):
    url = article.url if url == "article" else url
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"]
    assert "public" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_unchanged_article_answers_304_and_a_published_edit_does_not(client, article):
    etag = client.get(article.url)["ETag"]
    again = client.get(article.url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    article.title = "Giá lúa tăng mạnh"
    article.save_revision().publish()
    changed = client.get(article.url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Giá lúa tăng mạnh" in changed.content.decode()


def test_signed_in_editor_gets_private_pages(client, article):
    client.force_login(get_user_model().objects.create_superuser("bientap", "b@example.vn", "mat-khau-dai"))
    assert "public" not in client.get("/admin/")["Cache-Control"]  # which gives the session its editor pass
    assert "private" in client.get(article.url)["Cache-Control"]
