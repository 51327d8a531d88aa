"""The search page and the suggestions endpoint as a reader gets them over HTTP: kinds, sections
and dates on every result, highlighted words, the order switch, filters kept on every link,
"did you mean", honest counts, suggestions that are bounded and cacheable, and odd input that
gets a 4xx or an empty answer, never a 500."""

import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from congtin.search import service
from congtin.search.views import SUGGEST_LIMIT, SUGGEST_MAX_CHARS
from tests.factories import make_article, make_section
from tests.support import sign_in_organiser

NOW = timezone.now().replace(microsecond=0)
SEARCH = "/tim-kiem/"
SUGGEST = "/tim-kiem/goi-y/"


def body(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.fixture
def sections(home):
    return make_section(home, "Thời sự"), make_section(home, "Văn hóa")


@pytest.fixture
def archive(sections):
    """Articles about a conference at known ages, and a few others; indexed."""
    news, culture = sections
    made = {
        "phrase_old": make_article(
            news,
            "Hội nghị trực tuyến tổng kết công tác Đoàn",
            published_at=NOW - timedelta(days=400),
            lead="",
            body=body("Hội nghị trực tuyến kết nối 56 điểm cầu."),
        ),
        "words_new": make_article(
            culture,
            "Trực tuyến: hội thảo về nghị quyết mới",
            published_at=NOW - timedelta(hours=1),
            lead="",
            body=body("Buổi hội thảo bàn về nghị quyết."),
        ),
        "other": make_article(
            culture,
            "Lễ hội hoa phượng đỏ rực",
            published_at=NOW - timedelta(days=2),
            lead="",
            body=body("Đường phố rực đỏ."),
        ),
    }
    service.rebuild()
    return made


@pytest.fixture
def many(sections):
    """25 sessions in one section, one an hour, plus one in the other section; indexed."""
    news, culture = sections
    sessions = [
        make_article(news, f"Phiên họp thường kỳ số {i}", published_at=NOW - timedelta(hours=i), body=body("Họp."))
        for i in range(25)
    ]
    make_article(culture, "Phiên họp thường kỳ văn hóa", published_at=NOW, body=body("Họp."))
    service.rebuild()
    return sessions


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text_of(element):
    """An element's text as a reader reads it: one space between words."""
    return " ".join(element.get_text().split())


def result_titles(page):
    return [a.get_text() for a in page.select(".search-result h2 a")]


def params_of(href):
    """A link's query string as a dict of single values."""
    return {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}


# --- results ---------------------------------------------------------------------------------


def test_each_result_says_its_kind_section_and_date_and_marks_the_words(client, archive):
    response = client.get(SEARCH, {"q": "hoi nghi truc tuyen"})
    assert response.status_code == 200
    first = soup(response).select_one(".search-result")
    assert first.select_one("h2 a")["href"] == archive["phrase_old"].url
    meta = first.select_one(".search-meta").get_text(" ", strip=True)
    assert meta.startswith("Bài viết")
    assert "Thời sự" in meta
    assert first.select_one(".search-meta time")["datetime"].startswith(str(archive["phrase_old"].published_at.year))
    assert [m.get_text() for m in first.select("h2 mark")] == ["Hội", "nghị", "trực", "tuyến"]
    assert first.select(".search-snippet mark")


def test_a_story_published_again_is_one_result_with_a_link_to_each_copy(client, sections):
    """Copies of a story (the same title, again or in another section) take one line; the line
    names the others' dates, each a link that opens that copy."""
    news, culture = sections
    copies = [
        make_article(
            section,
            "Chiến tranh vùng Vịnh: trận đánh cuối cùng",
            published_at=NOW - timedelta(days=days),
            slug=f"tran-danh-cuoi-cung-{days}",
        )
        for section, days in ((news, 3), (culture, 400), (news, 800))
    ]
    other = make_article(culture, "Chiến tranh vùng Vịnh qua những bức ảnh", published_at=NOW - timedelta(days=1))
    service.rebuild()
    page = soup(client.get(SEARCH, {"q": "chien tranh vung vinh"}))
    assert sorted(a["href"] for a in page.select(".search-result h2 a")) == sorted([other.url, copies[0].url])
    (line,) = page.select(".search-editions")
    assert text_of(line) == (
        "Bài cùng tiêu đề, đăng ngày: "
        f"{(NOW - timedelta(days=400)).astimezone(timezone.get_current_timezone()):%d/%m/%Y}, "
        f"{(NOW - timedelta(days=800)).astimezone(timezone.get_current_timezone()):%d/%m/%Y}"
    )
    links = [a["href"] for a in line.select("a")]
    assert links == [copies[1].url, copies[2].url]
    for link, copy in zip(links, copies[1:], strict=True):
        assert copy.title in Client().get(link).content.decode()
    assert "Tìm thấy 4 kết quả" in text_of(page.select_one(".search-count"))
    # As the reader types, the title is offered once.
    _, answer = suggestions(client, "chien tranh vung vinh tran danh")
    assert [hit["url"] for hit in answer["results"]] == [copies[0].url]
    # The section filter narrows the copies listed too.
    page = soup(client.get(SEARCH, {"q": "chien tranh vung vinh", "section": news.pk}))
    assert [a["href"] for a in page.select(".search-editions a")] == [copies[2].url]


def test_next_page_is_offered_only_when_a_title_not_shown_yet_follows(client, sections):
    news, _ = sections
    for number in range(10):
        make_article(news, f"Bản tin hoa phượng đỏ số {number}", published_at=NOW - timedelta(hours=number))
    for number in range(12):
        make_article(
            news,
            "Bản tin hoa phượng đỏ và những chuyện quanh năm của thành phố",
            published_at=NOW - timedelta(days=10 + number),
            slug=f"ban-tin-{number}",
        )
    service.rebuild()
    first = soup(client.get(SEARCH, {"q": "ban tin hoa phuong"}))
    assert len(first.select(".search-result")) == 10 and not first.select(".search-editions")
    assert params_of(first.select_one(".pagination a[rel=next]")["href"]) == {"q": "ban tin hoa phuong", "page": "2"}
    second = soup(client.get(SEARCH, {"q": "ban tin hoa phuong", "page": 2}))
    assert len(second.select(".search-result")) == 1 and len(second.select(".search-editions a")) == 10
    assert not second.select(".pagination a[rel=next]")
    assert client.get(SEARCH, {"q": "ban tin hoa phuong", "page": 3}).status_code == 404
    # Only copies of titles already shown follow page 1: no next page is offered.
    for number in range(10):
        make_article(news, f"Hoa phượng đỏ kỳ {number}", published_at=NOW - timedelta(minutes=number))
    service.rebuild()
    only = soup(client.get(SEARCH, {"q": "hoa phuong do ky"}))
    assert len(only.select(".search-result")) == 10 and not only.select(".pagination a[rel=next]")


def test_counts_are_exact_with_the_query_or_say_more_than(client, many, monkeypatch):
    page = soup(client.get(SEARCH, {"q": "phien hop thuong ky"}))
    assert page.select_one(".search-count").get_text(strip=True) == "Tìm thấy 26 kết quả"

    real_search = service.search

    def stopped_counting(*args, **kwargs):
        results = real_search(*args, **kwargs)
        try:
            results.more_than_counted = True
        except AttributeError:  # a property of the total
            monkeypatch.setattr(type(results), "more_than_counted", property(lambda self: True))
        return results

    monkeypatch.setattr(service, "search", stopped_counting)
    page = soup(client.get(SEARCH, {"q": "phien hop"}))  # another address: the first page is kept
    assert page.select_one(".search-count").get_text(strip=True).startswith("Tìm thấy hơn ")


def test_nothing_found_says_so_and_how_to_search_better(client, archive):
    text = soup(client.get(SEARCH, {"q": "xyzzy"})).get_text()
    assert "Không tìm thấy kết quả nào cho “xyzzy”" in text
    assert "gõ không dấu" in text


# --- order -------------------------------------------------------------------------------------


def test_order_switch_offers_relevance_and_newest_and_marks_the_current_one(client, archive):
    relevance = soup(client.get(SEARCH, {"q": "hoi nghi truc tuyen"}))
    links = relevance.select(".search-order a")
    assert [a.get_text(strip=True) for a in links] == ["Liên quan nhất", "Mới nhất"]
    assert links[0]["aria-current"] == "page" and not links[1].has_attr("aria-current")
    assert result_titles(relevance)[0] == archive["phrase_old"].title  # the phrase in the title, however old

    newest_href = links[1]["href"]
    assert params_of(newest_href) == {"q": "hoi nghi truc tuyen", "sap-xep": "moi-nhat"}
    newest = soup(client.get(SEARCH + newest_href))
    assert result_titles(newest)[:2] == [archive["words_new"].title, archive["phrase_old"].title]
    links = newest.select(".search-order a")
    assert links[1]["aria-current"] == "page" and not links[0].has_attr("aria-current")
    assert "sap-xep" not in params_of(links[0]["href"])  # relevance is the default: one address
    # A new query typed on this page keeps the chosen order.
    assert newest.select_one('form.search-form input[type=hidden][name="sap-xep"]')["value"] == "moi-nhat"


@pytest.mark.parametrize("order", ["", "bogus", "moi-nhat\x00", "MOI-NHAT", "x" * 5000])
def test_an_unknown_order_ranks_by_relevance(client, archive, order):
    response = client.get(SEARCH, {"q": "hoi nghi truc tuyen", "sap-xep": order})
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one('.search-order a[aria-current="page"]').get_text(strip=True) == "Liên quan nhất"
    assert result_titles(page)[0] == archive["phrase_old"].title


# --- filters kept --------------------------------------------------------------------------------


def test_pagination_and_order_links_keep_every_filter(client, sections, many):
    news, _ = sections
    asked = {
        "q": "phien hop",
        "section": str(news.pk),
        "from": timezone.localdate(NOW - timedelta(days=3)).isoformat(),
        "to": timezone.localdate(NOW).isoformat(),
        "sap-xep": "moi-nhat",
    }
    page1 = soup(client.get(SEARCH, asked))
    assert result_titles(page1)[0] == "Phiên họp thường kỳ số 0"
    assert "văn hóa" not in " ".join(result_titles(page1))
    next_href = page1.select_one('.pagination a[rel="next"]')["href"]
    assert params_of(next_href) == {**asked, "page": "2"}

    page2 = soup(client.get(SEARCH + next_href))
    assert page2.select_one(".search-results")["start"] == "11"
    assert result_titles(page2)[0] == "Phiên họp thường kỳ số 10"
    assert "Trang 2 / 3" in page2.get_text()
    assert params_of(page2.select_one('.pagination a[rel="prev"]')["href"]) == asked  # page 1 has one address
    assert params_of(page2.select_one('.pagination a[rel="next"]')["href"]) == {**asked, "page": "3"}
    relevance = page2.select(".search-order a")[0]["href"]
    assert params_of(relevance) == {k: v for k, v in asked.items() if k != "sap-xep"}  # back to page 1
    # The form shows the filters it searched with.
    form = page2.select_one("form.search-form")
    assert form.select_one("select[name=section] option[selected]")["value"] == str(news.pk)
    assert form.select_one("input[name=from]")["value"] == asked["from"]
    assert form.select_one("input[name=to]")["value"] == asked["to"]


def test_links_carry_only_what_the_page_understood(client, many):
    response = client.get(SEARCH, {"q": "  phien\x00hop  ", "section": "abc", "loai": "nope", "utm_source": "zalo"})
    assert response.status_code == 200
    page = soup(response)
    assert params_of(page.select_one('.pagination a[rel="next"]')["href"]) == {"q": "phien hop", "page": "2"}


def test_the_section_choices_come_from_the_search_service(client, sections, many):
    page = soup(client.get(SEARCH, {"q": "phien hop"}))
    choices = {o.get_text(strip=True) for o in page.select("select[name=section] option") if o["value"]}
    assert choices == {p.title for p in service.filing_pages()}
    assert {"Thời sự", "Văn hóa"} <= choices


# --- did you mean --------------------------------------------------------------------------------


def test_a_query_without_marks_is_offered_the_spelling_from_the_archive(client, archive):
    page = soup(client.get(SEARCH, {"q": "hoi nghi truc tuyen", "sap-xep": "moi-nhat"}))
    line = page.select_one(".search-spelling")
    assert text_of(line).startswith("Có phải bạn muốn tìm:")
    link = line.select_one("a")
    assert link.get_text(strip=True).casefold() == "hội nghị trực tuyến"
    assert link.select("mark")
    assert params_of(link["href"]) == {"q": link.get_text(strip=True), "sap-xep": "moi-nhat"}


def test_a_query_that_already_has_its_marks_is_offered_nothing(client, archive):
    page = soup(client.get(SEARCH, {"q": "hội nghị trực tuyến"}))
    assert page.select_one(".search-spelling") is None
    assert result_titles(page)


def test_a_typo_that_finds_nothing_shows_the_corrected_results_and_says_so(client, archive):
    page = soup(client.get(SEARCH, {"q": "hoi nghi truc tuyeen"}))
    line = page.select_one(".search-spelling")
    assert line is not None, "a one-letter typo in a long word should be corrected"
    text = text_of(line)
    assert text.startswith("Đang hiển thị kết quả cho")
    assert "hoi nghi truc tuyeen" in text  # what the reader typed is named
    assert result_titles(page)[0] == archive["phrase_old"].title


def test_suggested_and_corrected_lines_render_what_the_service_says(client, archive, monkeypatch):
    """The page's side alone, whatever the lexicon knows today."""
    from django.utils.safestring import mark_safe

    real_search = service.search

    def with_suggestion(corrected):
        def search(text, *args, **kwargs):
            results = real_search("hội nghị", *args, **kwargs)
            results.suggestion = type(
                "Suggestion", (), {"text": "hội nghị", "html": mark_safe("<mark>hội</mark> nghị")}
            )
            results.corrected = corrected
            return results

        return search

    monkeypatch.setattr(service, "search", with_suggestion(False))
    line = soup(client.get(SEARCH, {"q": "hoi nghi", "section": ""})).select_one(".search-spelling")
    assert text_of(line) == "Có phải bạn muốn tìm: hội nghị"
    assert [m.get_text() for m in line.select("a mark")] == ["hội"]
    assert params_of(line.a["href"]) == {"q": "hội nghị"}

    monkeypatch.setattr(service, "search", with_suggestion(True))
    line = soup(client.get(SEARCH, {"q": "hoi ngih"})).select_one(".search-spelling")
    assert text_of(line).startswith("Đang hiển thị kết quả cho hội nghị.")
    assert "hoi ngih" in line.get_text()


# --- kinds ----------------------------------------------------------------------------------------


@pytest.fixture
def notice(sections):
    """A page of the test-only second kind (tests/searchable: kind "notice", "Thông báo")."""
    from tests.searchable.models import NoticePage

    page = NoticePage(title="Thông báo hội nghị trực tuyến tháng Bảy", slug="thong-bao", text="Lịch họp.", live=False)
    page.issued_at = NOW - timedelta(days=1)
    sections[0].add_child(instance=page)
    page.save_revision().publish()
    return NoticePage.objects.get(pk=page.pk)


def test_results_of_every_kind_say_which_and_the_kind_filter_narrows_them(client, archive, notice):
    def kinds_listed(**params):
        page = soup(client.get(SEARCH, {"q": "hội nghị trực tuyến", **params}))
        return {
            a.get_text(): r.select_one(".search-kind").get_text()
            for r in page.select(".search-result")
            for a in r.select("h2 a")
        }, page

    listed, page = kinds_listed()
    assert listed[notice.title] == "Thông báo"
    assert listed[archive["phrase_old"].title] == "Bài viết"
    choices = {o["value"]: o.get_text(strip=True) for o in page.select("select[name=loai] option")}
    assert choices == {"": "Tất cả", "article": "Bài viết", "notice": "Thông báo"}

    only_notices, page = kinds_listed(loai="notice")
    assert only_notices == {notice.title: "Thông báo"}
    assert page.select_one("select[name=loai] option[selected]")["value"] == "notice"
    assert params_of(page.select(".search-order a")[1]["href"])["loai"] == "notice"  # kept on every link
    only_articles, _ = kinds_listed(loai="article")
    assert notice.title not in only_articles and archive["phrase_old"].title in only_articles


def test_suggestions_name_the_kind_of_each_title(client, archive, notice):
    _, answer = suggestions(client, "thong bao hoi")
    assert answer["results"] == [{"title": notice.title, "url": notice.url, "kind": "Thông báo"}]


# --- suggestions endpoint ---------------------------------------------------------------------------


def suggestions(client, text, **headers):
    response = client.get(SUGGEST, {"q": text}, **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response, json.loads(response.content)


def test_suggestions_are_titles_with_their_address_and_kind(client, archive):
    _, answer = suggestions(client, "hoi nghi tr")
    assert answer["q"] == "hoi nghi tr"
    assert answer["results"][0] == {
        "title": archive["phrase_old"].title,
        "url": archive["phrase_old"].url,
        "kind": "Bài viết",
    }
    for hit in answer["results"]:
        assert set(hit) == {"title", "url", "kind"}
        assert Client().get(hit["url"]).status_code == 200


def test_suggestions_are_at_most_eight(client, many):
    _, answer = suggestions(client, "phien hop")
    assert len(answer["results"]) == SUGGEST_LIMIT == 8


@pytest.mark.parametrize("text", ["", "h", "ho", " ho ", "  ", "hộ"])
def test_fewer_than_three_characters_get_no_suggestions(client, archive, text):
    _, answer = suggestions(client, text)
    assert answer["results"] == []


def test_three_characters_are_enough(client, archive):
    _, answer = suggestions(client, "hoa")
    assert [hit["title"] for hit in answer["results"]] == [archive["other"].title]


def test_the_typed_text_is_cut_to_a_bounded_length(client, archive):
    _, answer = suggestions(client, "hội nghị " * 2000)
    assert len(answer["q"]) <= SUGGEST_MAX_CHARS


def test_suggestions_are_cacheable_by_browsers_and_nginx_without_a_cookie(client, archive):
    response, _ = suggestions(client, "hoi nghi")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in cache_control
    max_age = next(int(part.split("=")[1]) for part in cache_control if part.startswith("max-age="))
    assert 30 <= max_age <= 600
    assert int(response["X-Accel-Expires"]) == max_age
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def test_suggestions_for_a_signed_in_editor_are_kept_by_nobody(archive):
    editor = Client()
    editor.cookies["sessionid"] = sign_in_organiser()
    editor.get("/admin/")  # which gives the session its editor pass (congtin.pagecache.editor_pass)
    response, answer = suggestions(editor, "hoi nghi")
    assert answer["results"]
    assert "private" in response["Cache-Control"]
    assert "X-Accel-Expires" not in response


def test_a_kept_suggestion_list_follows_the_index(client, archive, sections):
    _, before = suggestions(client, "giai dieu")
    assert before["results"] == []
    make_article(sections[1], "Giai điệu mùa hè", body=body("Âm nhạc."))
    service.rebuild()
    _, after = suggestions(client, "giai dieu")
    assert [hit["title"] for hit in after["results"]] == ["Giai điệu mùa hè"]


def test_suggestions_answer_only_reading(client, archive):
    assert client.post(SUGGEST, {"q": "hoi nghi"}).status_code == 405
    assert client.head(SUGGEST, {"q": "hoi nghi"}).status_code == 200


# --- odd input: a 4xx or an empty answer, never a 500 ------------------------------------------------

ODD_QUERIES = [
    "\x00",
    "hoi\x00nghi",
    "\x00" * 50,
    "١٢٣ ²³ ߁߂ 𝟙𝟚",  # digits of other scripts
    "x" * 10_000,
    "hội nghị " * 1250,
    '"',
    '"hoi nghi',
    "hoi*",
    "*",
    "NEAR(hoi nghi)",
    "hoi NEAR nghi",
    "-hoi",
    "hoi -nghi",
    "hoi OR nghi AND NOT",
    "title_f:hoi",
    "{title_f}: hoi",
    "^hoi",
    "(hoi",
    "hoi & nghi | !truc <-> tuyen",
    "'; DROP TABLE search_searchdocument; --",
    "\ufeff\u202e\u200b",
    "😀 🇻🇳",
    "\u0301\u0301\u0301",
    "%",
    "_",
    "\\",
]


@pytest.mark.parametrize("text", ODD_QUERIES)
def test_odd_queries_never_break_the_search_page(client, archive, text):
    response = client.get(SEARCH, {"q": text})
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("h1").get_text(strip=True) == "Tìm kiếm"
    assert len(page.select_one("#search-q")["value"]) <= 500
    assert "\x00" not in response.content.decode()


@pytest.mark.parametrize("text", ODD_QUERIES)
def test_odd_queries_never_break_the_suggestions(client, archive, text):
    _, answer = suggestions(client, text)
    assert isinstance(answer["results"], list)
    assert len(answer["q"]) <= SUGGEST_MAX_CHARS
    assert "\x00" not in answer["q"]


@pytest.mark.parametrize("query_string", ["q=%FF%FE", "q=%ED%A0%80", "q=%00%00", "q=%", "q=%E1%BB", "q&q&q=hoi"])
@pytest.mark.parametrize("path", [SEARCH, SUGGEST])
def test_bytes_that_are_no_text_never_break_either(client, archive, path, query_string):
    assert client.get(f"{path}?{query_string}").status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "hoi", "section": "\x00"},
        {"q": "hoi", "section": "١٢"},
        {"q": "hoi", "section": "9" * 10_000},
        {"q": "hoi", "loai": "\x00"},
        {"q": "hoi", "loai": "x" * 10_000},
        {"q": "hoi", "sap-xep": "\x00"},
        {"q": ["hoi", "nghi"]},
    ],
)
def test_odd_filters_are_ignored(client, archive, params):
    assert client.get(SEARCH, params).status_code == 200


@pytest.mark.parametrize("page", ["abc", "0", "-1", "²", "١٢", "𝟚", "1.5", "101", "\x00", "1" * 10_000])
def test_page_numbers_that_name_no_page_are_404(client, archive, page):
    response = client.get(SEARCH, {"q": "hoi nghi", "page": page})
    assert response.status_code == 404


def test_a_page_past_the_last_page_of_results_is_404(client, many):
    assert client.get(SEARCH, {"q": "phien hop", "page": "3"}).status_code == 200
    assert client.get(SEARCH, {"q": "phien hop", "page": "4"}).status_code == 404
    assert client.get(SEARCH, {"q": "xyzzy", "page": "2"}).status_code == 404
    assert client.get(SEARCH, {"q": "xyzzy"}).status_code == 200  # nothing found is still a page


@pytest.mark.parametrize("value", ["2021-02-30", "٢٠٢١-٠٦-٢٥", "2021-06-25\x00", "2" * 10_000, "hôm qua"])
def test_a_date_that_is_no_date_gets_the_form_back_with_a_message(client, archive, value):
    response = client.get(SEARCH, {"q": "hoi nghi", "from": value, "sap-xep": "moi-nhat"})
    assert response.status_code == 400
    page = soup(response)
    assert "Ngày không hợp lệ" in page.select_one("form.search-form [role=alert]").get_text()
    assert page.select_one("input[name=from]")["aria-invalid"] == "true"
    assert page.select_one("#search-q")["value"] == "hoi nghi"
    assert not page.select(".search-result")


# --- the boxes and the boundary -------------------------------------------------------------------------


def test_both_boxes_are_plain_get_forms_that_name_the_suggestions(client, archive):
    page = soup(client.get(SEARCH, {"q": "hoi nghi"}))
    for form in page.select("form.site-search, form.search-form"):
        assert form["method"] == "get" and form["action"] == SEARCH
        assert form["data-suggest"] == SUGGEST
        box = form.select_one('input[name="q"]')
        assert page.select_one(f'label[for="{box["id"]}"]')
        assert box["autocomplete"] == "off"
    assert page.select_one('script[type=module][src*="search"]')


def test_search_views_know_no_content_app():
    views = Path(__file__).resolve().parents[2] / "congtin" / "search"
    for name in ("views.py", "urls.py"):
        assert "congtin.news" not in (views / name).read_text(encoding="utf-8")


def test_suggestions_cost_a_bounded_number_of_queries(client, many, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # titles, their pages, the documents, the site's root paths
        _, answer = suggestions(client, "phien hop thuong")
    assert len(answer["results"]) == SUGGEST_LIMIT
    with django_assert_max_num_queries(1):  # kept until the index changes: the version's read at most
        _, again = suggestions(client, "Phien hop thuong")
    assert again == answer | {"q": "Phien hop thuong"}


def test_suggestions_are_kept_by_nginx_for_readers_and_not_for_a_session(tmp_path_factory):
    """Through the production stack (scripts/serve.sh: nginx's page cache in front of gunicorn)."""
    from tests.deploy.support import fetch, require_nginx_with_purge, serving

    require_nginx_with_purge()
    url = "/tim-kiem/goi-y/?q=hoi+nghi"
    with serving(tmp_path_factory.mktemp("serve") / "var") as stack:
        first = fetch(stack.base + url)
        assert first.status == 200 and json.loads(first.body)["results"], first.body
        again = fetch(stack.base + url, headers={"Accept-Encoding": "gzip"})
        assert again.headers["X-Cache"] == "HIT"
        assert again.headers["Content-Encoding"] == "gzip"
        assert again.headers["Cache-Control"].startswith("public, max-age=")
        assert "X-Accel-Expires" not in again.headers  # nginx's own, not the browser's
        bogus = fetch(stack.base + url, headers={"Cookie": "sessionid=khong-hop-le"})
        assert bogus.headers["X-Cache"] == "HIT"  # a session cookie alone proves nothing
        measured = fetch(stack.base + url, headers={"X-Cache-Bypass": "1"})
        assert measured.headers["X-Cache"] == "BYPASS"
        assert "Set-Cookie" not in again.headers
