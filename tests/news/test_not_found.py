"""A mistyped address gets the portal's own Vietnamese 404: a search box and the latest
news, at a bounded cost whatever the number of articles."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article, make_articles, make_section


@pytest.fixture
def articles(home):
    section = make_section(home, "Tin tức")
    make_article(section, "Bản nháp chưa đăng", live=False)
    return make_articles(section, 8, start=timezone.now() - timedelta(minutes=1))


@pytest.mark.parametrize("url", ["/tin-tuc/bai-khong-co/", "/trang-go-nham/", "/tin-tuc/?page=99"])
def test_a_mistyped_address_offers_search_and_the_latest_news(client, articles, url):
    response = client.get(url)
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("html")["lang"] == "vi"
    main = page.select_one("main")
    assert main.h1.get_text(strip=True) == "Không tìm thấy trang"
    form = main.select_one("form[role=search]")
    assert form["action"] == "/tim-kiem/" and form.select_one("input[name=q]") is not None
    links = main.select(".latest-news a")
    assert [a.get_text(strip=True) for a in links] == [f"Bài số {i}" for i in range(6)]
    for link, article in zip(links, articles[:6], strict=True):  # each link, followed as printed, opens its article
        opened = client.get(link["href"])
        assert opened.status_code == 200 and article.title in opened.content.decode()
    assert "Bản nháp chưa đăng" not in response.content.decode()


def test_the_search_box_on_the_404_page_searches(client, articles):
    form = BeautifulSoup(client.get("/khong-co/").content, "html.parser").select_one("main form[role=search]")
    response = client.get(form["action"], {form.select_one("input")["name"]: "bai so"})
    assert response.status_code == 200


def test_the_404_page_costs_the_same_queries_for_few_or_many_articles(client, home):
    section = make_section(home, "Tin tức")
    make_articles(section, 2)
    client.get("/khong-co/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/khong-co-nua/").status_code == 404
    make_articles(section, 30, prefix="Thêm")
    client.get("/khong-co/")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/khong-co-nua/").status_code == 404
    assert len(few) == len(many) <= 6  # routing and the redirect lookup; the latest news is kept
