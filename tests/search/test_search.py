"""Search of articles that understands Vietnamese: folding, ranking rules, the index kept current
through an article's life, the page's bad inputs, related news.

Articles reach search through news (congtin.news.search_entries) and are found through the
service (congtin.search.service), as readers find them. The same assertions run on SQLite
and, with DATABASE_URL, on PostgreSQL: passing on both is the backends' agreement.
"""

import unicodedata
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from congtin.news.search_entries import index_articles, related_articles
from congtin.search.query import Filters, ParsedQuery
from congtin.search.service import search
from tests.factories import make_article, make_section

NOW = timezone.now().replace(microsecond=0)


def body(*paragraphs):
    return [{"type": "paragraph", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}]


@pytest.fixture
def sections(home):
    return make_section(home, "Thời sự"), make_section(home, "Văn hóa")


@pytest.fixture
def corpus(sections):
    news, culture = sections
    specs = {
        "ma_grave": (news, "Chuyện mà ai cũng biết ở phố cổ", "Một câu chuyện nhỏ.", 10),
        "ma_acute": (news, "Chuyện má ai cũng biết ở phố cổ", "Một câu chuyện nhỏ.", 11),
        "title_hit": (culture, "Lễ hội hoa phượng đỏ rực", "Chương trình nghệ thuật đặc sắc.", 30),
        "body_hit": (
            culture,
            "Chương trình nghệ thuật cuối tuần",
            "Lễ hội hoa phượng năm nay. Lễ hội hoa phượng thu hút khách. Lễ hội hoa phượng kéo dài.",
            1,
        ),
        "phrase": (
            news,
            "Hội nghị trực tuyến của thành phố",
            "Hội nghị trực tuyến toàn thành phố diễn ra sáng nay.",
            40,
        ),
        "scattered": (news, "Tin vắn buổi sáng", "Trực ban báo cáo hội đồng; tuyến đường mới; nghị định mới.", 2),
        "older_twin": (culture, "Thời tiết Đà Nẵng hôm nay", "Trời nắng nhẹ ở Đà Nẵng.", 100),
        "newer_twin": (culture, "Thời tiết Đà Nẵng hôm qua", "Trời nắng nhẹ ở Đà Nẵng.", 50),
        "party": (news, "Đảng bộ phường tổng kết năm", "Đảng bộ phường Đông Khê họp.", 20),
    }
    articles = {}
    for key, (section, title, text, hours_ago) in specs.items():
        articles[key] = make_article(
            section,
            title,
            slug=key.replace("_", "-"),
            published_at=NOW - timedelta(hours=hours_ago),
            lead="",
            body=body(text),
        )
    index_articles(articles.values())
    return articles


def ranked(text, **filters):
    return [result.page.pk for result in search(text, Filters(**filters)).results]


def test_query_without_marks_finds_text_with_them(corpus):
    assert corpus["phrase"].pk in ranked("hoi nghi truc tuyen")
    assert ranked("da nang")[:2] == [corpus["newer_twin"].pk, corpus["older_twin"].pk]
    assert ranked("dang bo") == [corpus["party"].pk]


def test_exact_spelling_ranks_first_and_bare_word_finds_both(corpus):
    assert ranked("mà")[0] == corpus["ma_grave"].pk
    assert ranked("má")[0] == corpus["ma_acute"].pk
    assert set(ranked("ma")[:2]) == {corpus["ma_grave"].pk, corpus["ma_acute"].pk}


def test_title_match_ranks_above_body_only_match(corpus):
    assert ranked("le hoi hoa phuong") == [corpus["title_hit"].pk, corpus["body_hit"].pk]


def test_title_holding_the_phrase_ranks_above_scattered_words_however_old(corpus):
    for text in ("hội nghị trực tuyến", "hoi nghi truc tuyen"):
        assert ranked(text) == [corpus["phrase"].pk, corpus["scattered"].pk]


def test_among_equals_newer_first(corpus):
    assert ranked("thoi tiet da nang") == [corpus["newer_twin"].pk, corpus["older_twin"].pk]


def test_nfd_input_behaves_like_nfc(corpus):
    text = "Lễ hội hoa phượng"
    assert ranked(unicodedata.normalize("NFD", text)) == ranked(text) == [corpus["title_hit"].pk, corpus["body_hit"].pk]


def test_filters_by_section_and_date(corpus, sections):
    news, culture = sections
    assert set(ranked("chuong trinh", section_id=culture.pk)) == {corpus["body_hit"].pk, corpus["title_hit"].pk}
    assert ranked("chuong trinh", section_id=news.pk) == []
    middle = NOW - timedelta(hours=10, minutes=30)
    assert ranked("chuyen", since=middle) == [corpus["ma_grave"].pk]
    assert ranked("chuyen", until=middle) == [corpus["ma_acute"].pk]


def test_query_parsing_caps_words_and_drops_punctuation():
    query = ParsedQuery.parse("!!! Đà-Nẵng, 2021 😀 " + "từ " * 50)
    assert query.words[:3] == ("đà", "nẵng", "2021")
    assert query.folded[:2] == ("da", "nang")
    assert len(query.words) == 12
    assert not ParsedQuery.parse("?!… — 😀")


def test_publishing_unpublishing_moving_and_deleting_keep_the_index_current(sections):
    news, culture = sections
    article = make_article(news, "Khánh thành cầu Bạch Đằng mới", live=False, lead="", body=body("Cây cầu dài nhất."))
    assert ranked("bach dang") == []
    article.save_revision().publish()
    assert ranked("bach dang") == [article.pk]
    article.title = "Khánh thành cầu Bạch Đằng hai"
    article.save_revision().publish()
    assert search("bach dang hai").results[0].page.title == "Khánh thành cầu Bạch Đằng hai"
    article.move(culture, pos="last-child")
    assert ranked("bach dang", section_id=culture.pk) == [article.pk]
    article.refresh_from_db()
    article.unpublish()
    assert ranked("bach dang") == []
    article.save_revision().publish()
    article.delete()
    assert ranked("bach dang") == []


def test_search_page_shows_linked_titles_sections_dates_and_highlighted_snippets(client, corpus):
    response = client.get("/tim-kiem/", {"q": "hoi nghi truc tuyen"})
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    first = page.select_one(".search-result")
    assert first.select_one("a")["href"] == corpus["phrase"].url
    assert "Thời sự" in first.select_one(".search-meta").get_text()
    assert first.select_one("time").get_text(strip=True).count("/") == 2
    assert [m.get_text() for m in first.select(".search-snippet mark")] == ["Hội", "nghị", "trực", "tuyến"]
    assert "kết quả" in page.select_one(".search-count").get_text()


def test_search_page_paginates(client, sections):
    for i in range(25):
        make_article(
            sections[0],
            f"Phiên họp thường kỳ số {i}",
            published_at=NOW - timedelta(hours=i),
            lead="",
            body=body("Nội dung."),
        )
    index_articles(sections[0].get_children().specific())
    page2 = BeautifulSoup(client.get("/tim-kiem/", {"q": "phien hop", "page": "2"}).content, "html.parser")
    assert len(page2.select(".search-result")) == 10
    assert page2.select_one(".search-results")["start"] == "11"
    assert "Trang 2 / 3" in page2.get_text()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "!!! ??? ..."},
        {"q": "hội nghị " * 400},
        {"q": "\x00\ufeff\u202e 😀 \u0301\u0301 ﷽"},
        {"q": "hoi", "section": "abc"},
        {"q": "hoi", "section": "²"},
        {"q": "hoi", "section": "-1"},
        {"q": "hoi", "section": "١٢"},
        {"q": "hoi", "section": "9" * 40},
        {"q": "hoi", "section": "\x00"},
        {"q": "hoi", "to": "9999-12-31"},
        {"q": "hoi", "from": "0001-01-01", "to": "0001-01-01"},
        {"q": "hoi", "from": "9999-12-31"},
        {"q": '" OR 1=1 -- NEAR( {title_f} : *'},
        {"q": "AND OR NOT"},
        {},
    ],
)
def test_search_page_never_errors_on_odd_input(client, corpus, params):
    response = client.get("/tim-kiem/", params)
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select_one("h1").get_text(strip=True) == "Tìm kiếm"


@pytest.mark.parametrize(
    "page", ["abc", "0", "-1", "²", "١٢", "1.5", "101", "99999999999999", "99999999999999999999", "\x00", "1" * 5000]
)
def test_search_page_numbers_that_name_no_page_are_404(client, corpus, page):
    response = client.get("/tim-kiem/", {"q": "hoi", "page": page})
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("h1").get_text(strip=True) == "Không tìm thấy trang"


@pytest.mark.parametrize(
    "field, value",
    [
        ("from", "2021-02-30"),
        ("from", "0000-01-01"),
        ("to", "2021-13-45"),
        ("to", "hôm qua"),
        ("from", "٢٠٢١-٠٦-٢٥"),
        ("to", "²⁰²¹-06-25"),
        ("from", "2021-06-25\x00"),
        ("to", "2" * 5000),
    ],
)
def test_search_page_says_a_bad_date_is_not_a_date(client, corpus, field, value):
    response = client.get("/tim-kiem/", {"q": "hoi nghi", field: value})
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert "Ngày không hợp lệ" in page.select_one("form.search-form [role=alert]").get_text()
    assert page.select_one(f"input[name={field}]")["aria-invalid"] == "true"
    assert page.select_one("#search-q")["value"] == "hoi nghi"  # the reader's query is kept
    assert not page.select(".search-result")


def test_search_dates_at_the_ends_of_the_calendar_filter_nothing_out(client, corpus):
    everything = BeautifulSoup(client.get("/tim-kiem/", {"q": "le hoi"}).content, "html.parser").select(
        ".search-result"
    )
    assert everything
    bounded = client.get("/tim-kiem/", {"q": "le hoi", "from": "0001-01-01", "to": "9999-12-31"})
    assert bounded.status_code == 200
    assert len(BeautifulSoup(bounded.content, "html.parser").select(".search-result")) == len(everything)


def test_empty_result_is_helpful(client, corpus):
    text = BeautifulSoup(client.get("/tim-kiem/", {"q": "xyzzy"}).content, "html.parser").get_text()
    assert "Không tìm thấy kết quả nào cho “xyzzy”" in text
    assert "gõ không dấu" in text


def test_related_articles_share_title_and_tags(sections):
    news, _ = sections
    main = make_article(news, "Hội nghị trực tuyến về chuyển đổi số", lead="", body=body("Nội dung."))
    close = make_article(news, "Chuyển đổi số ở cấp phường", lead="", body=body("Nội dung."))
    tagged = make_article(news, "Một bài khác", lead="", body=body("Nội dung."))
    unrelated = make_article(news, "Giá rau tăng nhẹ", lead="", body=body("Chợ đầu mối."))
    main.tags.add("Thanh niên")
    tagged.tags.add("Thanh niên")
    for article in (main, tagged):
        article.save()
    index_articles([main, close, tagged, unrelated])
    related = [a.pk for a in related_articles(main)]
    assert set(related) == {close.pk, tagged.pk}
    assert main.pk not in related


def test_article_page_shows_related_news(client, sections):
    news, _ = sections
    main = make_article(news, "Lễ hội hoa phượng khai mạc", lead="", body=body("Khai mạc."))
    other = make_article(news, "Lễ hội hoa phượng bế mạc", lead="", body=body("Bế mạc."))
    index_articles([main, other])
    page = BeautifulSoup(client.get(main.url).content, "html.parser")
    box = page.select_one(".related-news")
    assert box.h2.get_text(strip=True) == "Tin liên quan"
    assert [a.get_text(strip=True) for a in box.select("a")] == [other.title]


def test_large_result_counts_stop_at_the_cap(client, sections, monkeypatch):
    from congtin.search import backends

    monkeypatch.setattr(backends, "COUNT_CAP", 5)
    monkeypatch.setattr("congtin.search.results.COUNT_CAP", 5)
    for i in range(8):
        make_article(
            sections[0], f"Bản tin thời tiết {i}", published_at=NOW - timedelta(hours=i), lead="", body=body("Nắng.")
        )
    index_articles(sections[0].get_children().specific())
    page = BeautifulSoup(client.get("/tim-kiem/", {"q": "ban tin"}).content, "html.parser")
    assert "Tìm thấy hơn 5 kết quả" in page.select_one(".search-count").get_text()
    assert [a.get_text() for a in page.select(".search-result a")][:2] == ["Bản tin thời tiết 0", "Bản tin thời tiết 1"]
