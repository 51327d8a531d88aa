"""Search as a service (congtin.search.service): content apps hand it entries and it finds
them, whatever kind of page they are. News is one such app; the test-only notices
(tests/searchable) are another, and nothing in congtin/search names either."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from congtin.news.models import ArticlePage
from congtin.news.search_entries import entries, index_articles, related_articles
from congtin.search import service
from congtin.search.entries import Entry, kinds
from congtin.search.models import SearchDocument, Spelling
from congtin.search.query import Filters
from tests.factories import make_article, make_section
from tests.searchable.models import NoticePage

SEARCH_PACKAGE = Path(service.__file__).parent


def make_notice(parent, title, text="", issued_at=None, publish=True) -> NoticePage:
    notice = NoticePage(title=title, slug=f"notice-{NoticePage.objects.count()}", text=text, live=False)
    notice.issued_at = issued_at or timezone.now()
    parent.add_child(instance=notice)
    if publish:
        notice.save_revision().publish()
    return NoticePage.objects.get(pk=notice.pk)


def publish(article: ArticlePage) -> ArticlePage:
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def found(text, **filters):
    return [result.page.pk for result in service.search(text, Filters(**filters)).results]


@pytest.fixture
def news(home):
    section = make_section(home, "Thời sự")
    return section, publish(make_article(section, "Lịch cắt điện ở Hà Nội tuần tới", live=False))


# --- the boundary ---------------------------------------------------------------------------------


def test_the_search_package_names_no_content_app():
    for path in SEARCH_PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for name in ("congtin.news", "ArticlePage", "tests.searchable", "NoticePage"):
            assert name not in source, f"{path.relative_to(SEARCH_PACKAGE)} names {name}"


def test_each_content_app_registers_its_kind_with_a_vietnamese_label():
    assert {name: str(kind.label) for name, kind in kinds().items()} == {"article": "Bài viết", "notice": "Thông báo"}


# --- a second kind, found beside articles -------------------------------------------------------------


def test_an_article_and_a_notice_are_both_found_and_say_which_kind_they_are(home, news):
    section, article = news
    board = make_section(home, "Bảng tin")
    notice = make_notice(board, "Lịch cắt điện khu vực phía Tây", text="Điện lực thông báo lịch cắt điện.")
    results = service.search("lich cat dien").results
    assert {r.page.pk: str(r.kind_label) for r in results} == {article.pk: "Bài viết", notice.pk: "Thông báo"}
    by_kind = {r.kind: r for r in results}
    assert by_kind["notice"].section.pk == board.pk and by_kind["article"].section.pk == section.pk
    assert by_kind["notice"].published_at == notice.issued_at
    assert "<mark>cắt</mark> <mark>điện</mark>" in by_kind["notice"].title_html
    assert "<mark>" in by_kind["notice"].snippet_html


def test_the_kind_filter_keeps_one_kind(home, news):
    _, article = news
    notice = make_notice(make_section(home, "Bảng tin"), "Lịch cắt điện cuối tuần")
    assert found("cat dien", kind="notice") == [notice.pk]
    assert found("cat dien", kind="article") == [article.pk]
    assert found("cat dien", kind="no-such-kind") == []


def test_a_result_links_to_its_page_whatever_its_kind(client, home):
    notice = make_notice(make_section(home, "Bảng tin"), "Thông báo tuyển dụng viên chức")
    (result,) = service.search("tuyen dung").results
    assert result.page.url == notice.url
    assert client.get(result.page.url).status_code == 200


def test_titles_starting_suggests_titles_of_every_kind_with_their_label(home, news):
    notice = make_notice(make_section(home, "Bảng tin"), "Lịch tiếp công dân tháng Mười")
    hits = service.titles_starting("lich ti")
    assert [(h.page_id, h.title, h.url, str(h.kind_label)) for h in hits] == [
        (notice.pk, notice.title, notice.url, "Thông báo")
    ]
    assert service.titles_starting("") == [] and service.titles_starting("lich", limit=0) == []


def test_unpublishing_a_notice_takes_it_out(home):
    notice = make_notice(make_section(home, "Bảng tin"), "Thông báo nghỉ lễ")
    assert found("nghi le") == [notice.pk]
    notice.unpublish()
    assert found("nghi le") == []


# --- index, remove, rebuild through the door ---------------------------------------------------------


def test_index_stores_what_the_entry_says_and_replaces_it_on_reindex(home):
    section = make_section(home, "Thời sự")
    page = make_notice(section, "Tạm tiêu đề", publish=False)
    when = timezone.now() - timedelta(days=3)
    entry = Entry(page.pk, "notice", when, "Hội thảo nông nghiệp", section.pk, "Sa-pô", "Thân bài.", ("Nông thôn",))
    service.index([entry])
    document = SearchDocument.objects.get(page_id=page.pk)
    assert (document.kind, document.section_id, document.published_at) == ("notice", section.pk, when)
    assert (document.title, document.lead, document.text, document.tags) == (
        "Hội thảo nông nghiệp",
        "Sa-pô",
        "Thân bài.",
        "Nông thôn",
    )
    assert found("hoi thao") == [page.pk] and found("nong thon") == [page.pk]  # tags are searched too
    service.index([Entry(page.pk, "notice", when, "Hội chợ thương mại")])
    assert found("thao") == [] and found("hoi cho") == [page.pk]
    assert SearchDocument.objects.filter(page_id=page.pk).count() == 1


def test_remove_takes_pages_out_and_ignores_unknown_ones(home, news):
    _, article = news
    service.remove([article.pk, 999_999])
    assert found("cat dien") == []
    service.remove([])  # nothing to do, no error


def test_rebuild_indexes_every_live_page_of_every_kind(home, news):
    _, article = news
    board = make_section(home, "Bảng tin")
    notice = make_notice(board, "Lịch cắt điện khu vực phía Đông")
    make_notice(board, "Thông báo chưa đăng", publish=False)
    SearchDocument.objects.all().delete()
    assert found("cat dien") == []
    batches = []
    assert service.rebuild(on_batch=batches.append) == 2
    assert sum(batches) == 2
    assert set(found("cat dien")) == {article.pk, notice.pk}
    assert Spelling.objects.filter(exact="điện").exists()  # spellings relearnt from what was indexed


def test_the_rebuild_command_says_how_many_pages_it_indexed(home, news):
    make_notice(make_section(home, "Bảng tin"), "Thông báo mất nước")
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert out.getvalue().strip() == "Đã lập chỉ mục 2 trang."
    assert SearchDocument.objects.count() == 2


def test_indexing_writes_in_batches(home, monkeypatch):
    section = make_section(home, "Thời sự")
    pages = [make_notice(section, f"Tin {i}", publish=False) for i in range(5)]
    monkeypatch.setattr(service, "INDEX_BATCH", 2)
    written = []
    monkeypatch.setattr(service, "_write", lambda batch, **kwargs: written.append(len(batch)) or len(batch))
    service.index(Entry(p.pk, "notice", timezone.now(), p.title) for p in pages)
    assert written == [2, 2, 1]


def test_index_and_remove_keep_the_spellings_in_step(home):
    section = make_section(home, "Thời sự")
    page = make_notice(section, "x", publish=False)
    now = timezone.now()

    def count(exact):
        spelling = Spelling.objects.filter(exact=exact).first()
        return spelling.count if spelling else 0

    service.index([Entry(page.pk, "notice", now, "Đà Nẵng mưa lớn", lead="Mưa lớn kéo dài.")])
    assert count("Đà Nẵng") == 1 and count("lớn") == 2
    service.index([Entry(page.pk, "notice", now, "Đà Nẵng mưa lớn", lead="Mưa lớn kéo dài.")])  # unchanged
    assert count("Đà Nẵng") == 1 and count("lớn") == 2
    service.index([Entry(page.pk, "notice", now, "Huế nắng nóng")])
    assert count("Đà Nẵng") == 0 and count("nắng") == 1
    service.remove([page.pk])
    assert count("nắng") == 0


# --- the version and what is kept under it ------------------------------------------------------------


def test_the_version_changes_on_index_and_on_remove(home):
    section = make_section(home, "Thời sự")
    page = make_notice(section, "x", publish=False)
    first = service.version()
    assert service.version() == first
    service.index([Entry(page.pk, "notice", timezone.now(), "Hội nghị")])
    second = service.version()
    assert second != first
    service.remove([page.pk])
    assert service.version() != second


def test_filing_pages_are_the_sections_that_hold_entries_in_tree_order(home, news):
    section, article = news
    make_section(home, "Chuyên mục trống")
    board = make_section(home, "Bảng tin")
    assert [p.pk for p in service.filing_pages()] == [section.pk]
    notice = make_notice(board, "Thông báo")
    assert [p.pk for p in service.filing_pages()] == [section.pk, board.pk]  # a new version: no stale list
    notice.unpublish()
    service.remove([article.pk])
    assert service.filing_pages() == []


def test_a_renamed_section_shows_by_its_new_name_in_choices_and_results(news):
    section, _ = news
    assert [p.title for p in service.filing_pages()] == ["Thời sự"]
    section.title = "Thời sự 24 giờ"
    section.save_revision().publish()
    assert [p.title for p in service.filing_pages()] == ["Thời sự 24 giờ"]
    assert service.search("cat dien").results[0].section.title == "Thời sự 24 giờ"


# --- did you mean -----------------------------------------------------------------------------------


@pytest.fixture
def spelled(home):
    section = make_section(home, "Thời sự")
    articles = [
        make_article(section, "Đà Nẵng đón khách du lịch", live=False),
        make_article(section, "Hội nghị trực tuyến toàn quốc", live=False),
        make_article(section, "Mưa lớn ở Đà Nẵng", live=False),
    ]
    return [publish(article) for article in articles]


def test_a_bare_query_is_searched_in_the_archives_spelling_and_offered_it(spelled):
    page = service.search("da nang")
    assert page.suggestion.text == "Đà Nẵng" and "<mark>Đà Nẵng</mark>" in page.suggestion.html
    assert not page.corrected
    assert {r.page.pk for r in page.results} == {spelled[0].pk, spelled[2].pk}
    assert page.query.words == ("đà", "nẵng")  # exact spellings rank first


def test_a_typo_that_finds_nothing_shows_the_correction(spelled):
    page = service.search("hoi nghi truc tuyne")
    assert page.corrected and page.suggestion.text == "hội nghị trực tuyến"
    assert [r.page.pk for r in page.results] == [spelled[1].pk]
    assert not service.search("hoi nghi truc tuyne", correct=False).corrected


def test_a_query_with_its_marks_gets_no_suggestion(spelled):
    page = service.search("Đà Nẵng")
    assert page.suggestion is None and len(page.results) == 2


@pytest.mark.parametrize("text", ["", "   ", "!!!", '"NEAR*', "\x00", "١٢", "đ" * 5000])
def test_odd_queries_give_an_empty_or_plain_page_never_an_error(spelled, text):
    page = service.search(text)
    assert page.total == len(page.results) or page.results == []


# --- articles: their entries and the lifecycle ------------------------------------------------------


def test_an_articles_entry_has_its_section_lead_plain_body_and_tags(home):
    section = make_section(home, "Kinh tế")
    article = make_article(
        section,
        "Giá vàng tăng",
        lead="Sa-pô về giá vàng.",
        body=[
            {"type": "paragraph", "value": "<p>Đoạn <b>một</b> &amp; hai.</p>"},
            {"type": "quote", "value": {"text": "Lời trích", "attribution": ""}},
        ],
    )
    article.tags.add("Vàng", "Kinh tế")
    article.save()
    (entry,) = entries([ArticlePage.objects.get(pk=article.pk)])
    assert entry.kind == "article" and entry.section_id == section.pk
    assert entry.lead == "Sa-pô về giá vàng."
    assert entry.text.split() == ["Đoạn", "một", "&", "hai.", "Lời", "trích"]
    assert entry.tags == ("Kinh tế", "Vàng")


def test_publishing_unpublishing_moving_and_deleting_keep_the_index_current(home):
    news, culture = make_section(home, "Thời sự"), make_section(home, "Văn hóa")
    article = make_article(news, "Triển lãm tranh sơn mài", live=False)
    assert found("son mai") == []
    article = publish(article)
    assert found("son mai") == [article.pk]
    assert found("son mai", section_id=news.pk) == [article.pk]
    article.move(culture, pos="last-child")
    assert found("son mai", section_id=news.pk) == []
    assert found("son mai", section_id=culture.pk) == [article.pk]
    article = ArticlePage.objects.get(pk=article.pk)
    article.unpublish()
    assert found("son mai") == []
    article = publish(ArticlePage.objects.get(pk=article.pk))
    assert found("son mai") == [article.pk]
    ArticlePage.objects.get(pk=article.pk).delete()
    assert found("son mai") == [] and not SearchDocument.objects.exists()


def test_an_article_scheduled_ahead_is_not_found_until_live(home):
    article = make_article(make_section(home, "Thời sự"), "Bài hẹn giờ đăng", live=False)
    article.published_at = timezone.now() + timedelta(days=1)  # a future publication time schedules it
    article.save_revision().publish()
    assert not ArticlePage.objects.get(pk=article.pk).live
    assert found("hen gio") == []


def test_related_articles_share_title_words_and_follow_the_index(home):
    section = make_section(home, "Thời sự")
    article = publish(make_article(section, "Hội nghị cán bộ Đoàn thành phố", live=False))
    kin = publish(make_article(section, "Hội nghị cán bộ Đoàn các quận", live=False))
    publish(make_article(section, "Giá xăng giảm", live=False))
    assert related_articles(article) == [kin]
    newer = publish(make_article(section, "Hội nghị cán bộ Đoàn toàn quốc", live=False))
    assert set(related_articles(article)) == {kin, newer}  # a new version: the kept list is not reused
    assert article not in related_articles(article)
    index_articles([ArticlePage.objects.get(pk=kin.pk)])
    kin.unpublish()
    assert related_articles(article) == [newer]


def test_related_asks_only_what_it_is_given(home, news):
    _, article = news
    assert service.related(article.pk, []) == []
    assert service.related(article.pk, ["cat dien"], limit=0) == []
