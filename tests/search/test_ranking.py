"""The ranking rules, as a reader meets them through the search service, on SQLite and (with
DATABASE_URL) on PostgreSQL alike:

title phrase first whatever its age; exact diacritics above folded; title above body;
newer among equals; "Mới nhất" newest first; kind and section filters; honest counts;
any input at all answered without an error; as-you-type titles by prefix.
"""

import importlib
import itertools
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from congtin.search import service
from congtin.search.backends import COUNT_CAP, backend_for
from congtin.search.entries import Entry
from congtin.search.query import Filters, ParsedQuery
from tests.factories import make_section

NOW = timezone.now().replace(microsecond=0)
_slugs = itertools.count()


def bare_pages(parent: Page, count: int) -> list[Page]:
    """`count` live child pages of `parent` in one INSERT: search only needs the Page rows
    (their words come from the Entry), and a thousand pages through Wagtail take minutes."""
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(Page)
    pages = []
    for step in range(parent.numchild + 1, parent.numchild + count + 1):
        slug = f"trang-{next(_slugs)}"
        pages.append(
            Page(
                title=slug,
                draft_title=slug,
                slug=slug,
                content_type=content_type,
                locale_id=parent.locale_id,
                path=Page._get_path(parent.path, parent.depth + 1, step),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                live=True,
            )
        )
    created = Page.objects.bulk_create(pages)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    return created


@pytest.fixture
def sections(home):
    return make_section(home, "Thời sự"), make_section(home, "Văn hóa")


@pytest.fixture
def publish(sections):
    """publish(title, hours_ago, text="", lead="", tags=(), kind="article", section=None) -> page id."""

    def publish(title, hours_ago=0, text="", lead="", tags=(), kind="article", section=None):
        section = section or sections[0]
        (page,) = bare_pages(section, 1)
        service.index(
            [
                Entry(
                    page_id=page.pk,
                    kind=kind,
                    published_at=NOW - timedelta(hours=hours_ago),
                    title=title,
                    section_id=section.pk,
                    lead=lead,
                    text=text,
                    tags=tuple(tags),
                )
            ]
        )
        return page.pk

    return publish


def ranked(text, order="relevance", **filters):
    return [result.page.pk for result in service.search(text, Filters(**filters), order=order).results]


def test_a_title_holding_the_phrase_comes_first_however_old(sections):
    """The issue's miss: common words once folded, and the target older than 1,000 other matches."""
    newer = bare_pages(sections[0], COUNT_CAP + 20)
    target, older_body = bare_pages(sections[0], 2)
    entries = [
        Entry(
            page_id=page.pk,
            kind="article",
            published_at=NOW - timedelta(minutes=i),
            title=f"Công ty sản xuất số {i} khai trương tại Bình Dương",  # every word, not the phrase
            section_id=sections[0].pk,
            text="Tại công ty, sản lượng tăng.",
        )
        for i, page in enumerate(newer)
    ]
    entries.append(
        Entry(
            page_id=target.pk,
            kind="article",
            published_at=NOW - timedelta(days=3000),
            title="Hiện trường vụ cháy kinh hoàng tại công ty sản xuất ghế sofa ở Bình Dương",
            section_id=sections[0].pk,
        )
    )
    entries.append(
        Entry(
            page_id=older_body.pk,
            kind="article",
            published_at=NOW - timedelta(days=4000),
            title="Bản tin cuối ngày",
            section_id=sections[0].pk,
            text="Cháy lớn tại công ty sản xuất nệm.",  # the phrase, in the body only
        )
    )
    service.index(entries)
    found = service.search("tai cong ty san")
    assert found.results[0].page.pk == target.pk
    assert found.more_than_counted and found.total == COUNT_CAP  # "hơn 1.000", not a count of every match
    assert ranked("cong ty san xuat ghe")[:1] == [target.pk]
    newest = ranked("tai cong ty san", order="newest")
    assert newest[0] == newer[0].pk and target.pk not in newest


def test_exact_diacritics_rank_above_folded_matches(publish):
    grave = publish("Chuyện mà ai cũng biết ở phố cổ", hours_ago=10)
    acute = publish("Chuyện má ai cũng biết ở phố cổ", hours_ago=11)
    assert ranked("mà")[0] == grave
    assert ranked("má")[0] == acute
    assert ranked("chuyện má ai")[0] == acute
    assert set(ranked("chuyen ma ai")[:2]) == {grave, acute}
    # In the body too, and above a newer page with the same folded words.
    fish = publish("Phiên chợ sáng", hours_ago=30, text="Người dân đi chợ mua cá và rau.")
    eggplant = publish("Phiên chợ chiều", hours_ago=1, text="Người dân đi chợ mua cà và rau.")
    assert ranked("mua cá") == [fish, eggplant]
    assert ranked("mua cà") == [eggplant, fish]


def test_title_outranks_body_and_body_weighs_more_than_nothing(publish):
    in_body = publish(
        "Mùa hè ở thành phố cảng",
        hours_ago=1,
        text="Những ngày này hoa phượng đỏ khắp phố, sân trường rộn tiếng ve.",
    )
    in_title = publish("Đỏ rực những con đường hoa phượng", hours_ago=50, text="Mùa hè đến.")
    in_lead = publish("Mùa hè rực rỡ", hours_ago=2, lead="Đỏ rực hoa phượng trên phố.", text="Mùa hè đến.")
    assert ranked("hoa phượng đỏ") == [in_title, in_lead, in_body]
    assert ranked("hoa phuong do") == [in_title, in_lead, in_body]


def test_tags_count_more_than_body(publish):
    in_body = publish("Một ngày ở phường", hours_ago=1, text="Chuyện thanh niên tình nguyện.")
    tagged = publish("Một ngày ở xã", hours_ago=5, text="Chuyện thường ngày.", tags=["Thanh niên tình nguyện"])
    assert ranked("thanh nien tinh nguyen") == [tagged, in_body]


def test_among_equal_matches_newer_first_and_newest_order_ignores_relevance(publish):
    older = publish("Thời tiết Đà Nẵng hôm nay", hours_ago=100, text="Trời nắng nhẹ.")
    newer = publish("Thời tiết Đà Nẵng hôm qua", hours_ago=50, text="Trời nắng nhẹ.")
    body_only = publish("Bản tin sáng", hours_ago=1, text="Thời tiết ở Đà Nẵng hôm nay nắng.")
    assert ranked("thoi tiet da nang") == [newer, older, body_only]
    assert ranked("thoi tiet da nang", order="newest") == [body_only, newer, older]
    assert ranked("thời tiết đà nẵng", order="newest") == [body_only, newer, older]


def test_pages_sharing_a_title_are_one_result_with_the_others_as_editions(publish):
    """A story published again (or in two sections) takes one line: the page holds as many
    different articles as it can, and every copy stays one click away."""
    copies = [publish("Chiến tranh vùng Vịnh: trận đánh cuối cùng", hours_ago=hours) for hours in (300, 10, 200)]
    others = [publish(f"Chiến tranh vùng Vịnh qua {n} bức ảnh", hours_ago=n) for n in range(1, 10)]
    page = service.search("chien tranh vung vinh", per_page=10)
    heads = [result.page.pk for result in page.results]
    assert len(heads) == 10 and set(heads) == {copies[1], *others}, "every distinct title on the first page"
    (story,) = [result for result in page.results if result.page.pk == copies[1]]
    assert [edition.page.pk for edition in story.editions] == [copies[2], copies[0]], "the others, newest first"
    assert page.total == 12
    # The last page reads every match: it knows it is past the last result.
    past = service.search("chien tranh vung vinh", page=2, per_page=10)
    assert past.results == [] and past.total == 12 and past.num_pages == 1 and not past.has_next
    # Case and punctuation aside, it is the same title; other marks make another title.
    same = publish("CHIẾN TRANH VÙNG VỊNH - TRẬN ĐÁNH CUỐI CÙNG", hours_ago=400)
    other = publish("Chiến tranh vùng Vịnh: trận đánh cuối cung", hours_ago=500)
    page = service.search("chien tranh vung vinh", per_page=20)
    (story,) = [result for result in page.results if result.page.pk == copies[1]]
    assert same in [edition.page.pk for edition in story.editions]
    assert other in [result.page.pk for result in page.results]
    # Newest first collapses too: the newest copy stands for its title.
    newest = [result.page.pk for result in service.search("chien tranh vung vinh", order="newest").results]
    assert newest[:3] == [others[0], others[1], others[2]] and newest.count(copies[1]) == 1
    assert not {copies[0], copies[2], same} & set(newest)


def test_collapsed_pages_page_on_without_repeating_a_title(publish):
    """Each page of results reads further down the ranking: no title on two pages, none left out."""
    titles = [f"Bản tin hoa phượng đỏ kỳ {n}" for n in range(7)]
    for n, title in enumerate(titles):
        for copy in range(3):
            publish(title, hours_ago=n * 10 + copy)
    pages = [service.search("ban tin hoa phuong", page=number, per_page=3) for number in (1, 2, 3)]
    seen = [result.page.title for page in pages for result in page.results]
    heads = [result.page.pk for page in pages for result in page.results]
    assert len(heads) == len(set(heads)) == 7
    assert all(len(result.editions) == 2 for page in pages for result in page.results)
    # Until every match has been read, the number of pages is an upper bound (no title repeats);
    # the page that reads them all knows it is the last.
    assert pages[0].num_pages >= 3 and pages[0].has_next
    assert pages[2].num_pages == 3 and not pages[2].has_next, seen


def test_kind_section_and_date_filters(publish, sections):
    news, culture = sections
    article = publish("Nghị định mới về phí đường bộ", hours_ago=5, section=news)
    document = publish("Nghị định số 10 về phí đường bộ", hours_ago=6, kind="document", section=culture)
    assert set(ranked("nghi dinh")) == {article, document}
    assert ranked("nghi dinh", kind="article") == [article]
    assert ranked("nghi dinh", kind="document") == [document]
    assert ranked("nghi dinh", kind="legal-text") == []
    assert ranked("nghi dinh", section_id=culture.pk) == [document]
    assert ranked("nghi dinh", section_id=news.pk, kind="document") == []
    assert ranked("nghi dinh", since=NOW - timedelta(hours=5, minutes=30)) == [article]
    assert ranked("nghi dinh", until=NOW - timedelta(hours=5, minutes=30)) == [document]
    assert ranked("nghi dinh", order="newest", kind="document") == [document]
    # A section's filter token is no word: typing it finds nothing.
    assert ranked(f"s{news.pk}") == [] and ranked("k") == []


def test_counts_are_exact_up_to_the_cap(sections):
    pages = bare_pages(sections[0], 25)
    service.index(
        Entry(page_id=p.pk, kind="article", published_at=NOW - timedelta(hours=i), title=f"Phiên họp số {i}")
        for i, p in enumerate(pages)
    )
    first = service.search("phien hop")
    assert (first.total, first.more_than_counted) == (25, False)
    third = service.search("phien hop", page=3)
    assert (third.total, len(third.results)) == (25, 5)
    everything = [r.page.pk for n in (1, 2, 3) for r in service.search("phien hop", page=n).results]
    assert sorted(everything) == sorted(p.pk for p in pages)  # pages neither repeat nor skip a match
    newest = service.search("phien hop", order="newest", page=2)
    assert (newest.total, [r.page.pk for r in newest.results]) == (25, [p.pk for p in pages[10:20]])
    assert service.search("phien hop so 7").total == 1


def test_deep_pages_of_a_large_result_neither_repeat_nor_skip(sections):
    pages = bare_pages(sections[0], 35)
    service.index(
        Entry(
            page_id=p.pk,
            kind="article",
            published_at=NOW - timedelta(hours=i),
            title=f"Hội nghị số {i}" if i % 3 else f"Tin {i} về hội nghị",
            text="Hội nghị trực tuyến." if i % 2 else "Nội dung.",
        )
        for i, p in enumerate(pages)
    )
    backend = backend_for(connection)
    for text in ("hội nghị", "hoi nghi"):
        query = ParsedQuery.parse(text)
        whole, total, exact = backend.search(query, Filters(), 0, 100)
        assert (total, exact, len(whole)) == (35, True, 35)
        paged = [pk for offset in range(0, 35, 10) for pk in backend.search(query, Filters(), offset, 10)[0]]
        assert paged == whole


ODD_INPUTS = [
    "!!! ??? ...",
    "hội nghị " * 400,
    "x" * 5000,
    "\x00\ufeff\u202e 😀 \u0301\u0301 ﷽",
    "hoi\x00nghi",
    "١٢٣ ²³ ٤",
    "²",
    '"',
    '"hoi',
    "hoi*",
    "*",
    "NEAR(hoi nghi, 2)",
    "NEAR",
    "-hoi",
    "hoi - nghi",
    "hoi AND nghi",
    "AND",
    "OR OR",
    "hoi OR",
    "NOT hoi",
    "(",
    "hoi (nghi",
    ")",
    "{title_f body_x} : hoi",
    "title_f:hoi",
    "^hoi",
    "hoi + nghi",
    "' OR 1=1 --",
    "'; DROP TABLE congtin_search_fts; --",
    "hoi:* & nghi",
    "a <-> b",
    "_s1 _k61",
    "\\",
]


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_odd_input_never_errors(publish, text):
    page = publish("Hội nghị trực tuyến toàn thành phố", text="Hội nghị 2021 AND OR NEAR.")
    for order in ("relevance", "newest"):
        found = service.search(text, order=order)
        assert found.total >= len(found.results)
        assert all(result.page.pk == page for result in found.results)
    assert all(hit.page_id == page for hit in service.titles_starting(text))
    backend = backend_for(connection)
    query = ParsedQuery.parse(text)
    assert backend.search(query, Filters(), 0, 10, any_word=True)[1] >= 0
    assert backend.related([" ".join(query.folded)], exclude_id=0, limit=5) in ([], [page])


def test_fts_operator_words_are_searched_as_words(publish):
    page = publish("Chương trình NEAR AND OR của nhóm", hours_ago=1)
    publish("Chương trình khác", hours_ago=2)
    assert ranked("near and or") == [page]
    assert ranked("NEAR") == [page]


def test_titles_as_you_type_match_the_last_word_as_a_prefix(publish):
    phrase = publish("Hội nghị trực tuyến toàn quốc", hours_ago=20)
    scattered = publish("Nghị quyết của hội đồng nhân dân", hours_ago=1)
    body_only = publish("Bản tin trưa", hours_ago=2, text="Hội nghị trực tuyến.")
    bus = publish("Tuyến xe buýt trực thuộc thành phố", hours_ago=3)
    backend = backend_for(connection)

    def titles(text, limit=8):
        return backend.titles(ParsedQuery.parse(text), limit)

    assert titles("hoi ngh") == [phrase, scattered]  # beginning with the words, then every word anywhere
    assert titles("Hội nghị trực tuy") == [phrase]
    assert titles("hoi nghi t") == [phrase]
    assert titles("ngh") == [scattered, phrase]  # beginning with it, then holding it
    assert titles("ho nghi") == []  # only the last word is a prefix
    assert titles("nghi hoi") == [scattered, phrase]  # neither begins so nor holds the phrase: newer first
    assert titles("truc tuy") == [phrase, bus]  # holding the phrase, then a newer title with both words
    assert body_only not in titles("hoi nghi truc tuyen")
    assert titles("hoi ngh", limit=1) == [phrase]
    assert [hit.page_id for hit in service.titles_starting("hội ngh")] == [phrase, scattered]


def test_removed_pages_leave_the_structures(publish):
    page = publish("Khánh thành cầu Bạch Đằng", hours_ago=1, text="Cây cầu dài nhất.")
    backend = backend_for(connection)
    query = ParsedQuery.parse("bach dang")
    assert backend.search(query, Filters(), 0, 10)[0] == [page]
    service.remove([page])  # SearchDocument deleted: the database deletes its words
    assert backend.search(query, Filters(), 0, 10) == ([], 0, True)
    assert backend.titles(query, 5) == []


def test_migration_0004_rebuilds_the_structures_from_stored_documents(publish):
    title = publish("Lễ hội hoa phượng đỏ", hours_ago=3, text="Khai mạc.")
    body = publish("Chương trình nghệ thuật", hours_ago=1, lead="Lễ hội hoa phượng năm nay.")
    migration = importlib.import_module("congtin.search.migrations.0004_ranked_structures")
    editor = SimpleNamespace(connection=connection)
    migration.backwards(django_apps, editor)
    migration.forwards(django_apps, editor)
    assert ranked("le hoi hoa phuong") == [title, body]
    assert backend_for(connection).titles(ParsedQuery.parse("le hoi hoa ph"), 5) == [title]


def test_related_pages_share_phrases(publish):
    main = publish("Hội nghị trực tuyến về chuyển đổi số", hours_ago=1)
    close = publish("Chuyển đổi số ở cấp phường", hours_ago=2)
    tagged = publish("Một bài khác", hours_ago=3, tags=["Thanh niên"])
    publish("Giá rau tăng nhẹ", hours_ago=4, text="Chợ đầu mối.")
    related = service.related(main, ["chuyen doi", "doi so", "thanh nien"])
    assert set(related) == {close, tagged}
