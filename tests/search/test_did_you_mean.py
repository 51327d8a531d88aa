"""Did you mean: the archive's own spellings restore a query typed without marks and mend a
one-letter typo; the counts follow what is indexed, removed and re-indexed.

Runs on SQLite and, with DATABASE_URL, on PostgreSQL (the upserts are written per database).
"""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congtin.search import lexicon, service
from congtin.search.entries import Entry
from congtin.search.models import SearchDocument, Spelling, rank_key
from tests.factories import make_section

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)

ARCHIVE = [
    ("Đà Nẵng đón khách du lịch dịp lễ", "Thành phố Đà Nẵng đông khách trong những ngày nghỉ lễ."),
    ("Mưa lớn ở Đà Nẵng", "Nhiều tuyến đường ở Đà Nẵng ngập sâu sau trận mưa lớn."),
    ("Hội nghị trực tuyến toàn quốc về chuyển đổi số", "Hội nghị trực tuyến được tổ chức sáng nay."),
    ("Tổ chức hội nghị trực tuyến với các địa phương", "Các đại biểu dự hội nghị trực tuyến từ 63 tỉnh."),
    # "hỏi" and "nghĩ" are each more frequent than "hội" and "nghị" alone: only the pair decides.
    ("Hỏi gì cũng trả lời", "Người dân hỏi, lãnh đạo trả lời; ai cũng hỏi, ai cũng hỏi lại."),
    ("Nghĩ lại chuyện cũ", "Ai cũng nghĩ vậy, ai cũng nghĩ khác, nghĩ mãi, nghĩ mãi mới ra."),
    ("Học sinh hỏi thầy giáo", "Nhiều em hỏi thầy về bài học."),
    ("Kỳ nghỉ hè", "Trường học cho học sinh nghỉ hè sớm."),
]


def learn_archive(entries=ARCHIVE):
    lexicon.learn([text for entry in entries for text in entry])


def counts():
    return dict(Spelling.objects.values_list("exact", "count"))


def test_bare_city_name_gets_its_marks_and_capitals():
    learn_archive()
    assert lexicon.suggest("da nang") == "Đà Nẵng"


def test_bare_phrase_gets_its_marks():
    learn_archive()
    assert lexicon.suggest("hoi nghi truc tuyen") == "hội nghị trực tuyến"


def test_pairs_beat_words_more_frequent_alone():
    learn_archive()
    spellings = counts()
    assert spellings["hỏi"] > spellings["hội"] and spellings["nghĩ"] > spellings["nghị"]
    assert lexicon.suggest("hoi nghi") == "hội nghị"
    assert lexicon.suggest("hoi") == "hỏi"


def test_words_typed_with_marks_are_kept():
    learn_archive()
    assert lexicon.suggest("hỏi nghi") == "hỏi nghĩ"
    assert lexicon.suggest("hội nghị") is None


def test_one_letter_typo_in_a_long_word_is_mended():
    learn_archive()
    assert lexicon.suggest("chuyn doi so") == "chuyển đổi số"  # deletion
    assert lexicon.suggest("hoi nghi truc tuyeen") == "hội nghị trực tuyến"  # insertion
    assert lexicon.suggest("hoi nghi truc tyuen") == "hội nghị trực tuyến"  # transposition
    assert lexicon.suggest("hoi nghi truc tuyan") == "hội nghị trực tuyến"  # substitution


def test_nothing_known_or_nothing_to_change_gives_none():
    assert lexicon.suggest("da nang") is None  # empty archive
    learn_archive()
    assert lexicon.suggest("xyzzyq") is None
    assert lexicon.suggest("Đà Nẵng") is None
    assert lexicon.suggest("iPhone da nang") == "iPhone Đà Nẵng"  # what the archive does not know stays as typed


def test_counts_follow_removal_and_reindexing():
    title, lead = ARCHIVE[1]
    lexicon.learn([title, lead])
    once = counts()
    assert once["Đà Nẵng"] == 2 and once["mưa lớn"] == 2
    lexicon.learn([title, lead], removed=[title, lead])  # re-indexed unchanged
    assert counts() == once
    lexicon.learn(["Mưa nhỏ ở Huế", lead], removed=[title, lead])  # re-indexed with a new title
    changed = counts()
    assert changed["Đà Nẵng"] == 1 and changed["mưa lớn"] == 1 and changed["Huế"] == 1
    lexicon.learn(removed=["Mưa nhỏ ở Huế", lead])
    assert counts() == {}


def test_a_long_query_of_typos_costs_a_few_indexed_queries():
    learn_archive()
    with CaptureQueriesContext(connection) as queries:
        suggestion = lexicon.suggest("hoi nghi truc tuyeen chuyenn doi so dooi " + "ngiuyen " * 4)
    lookups = [query for query in queries.captured_queries if Spelling._meta.db_table in query["sql"]]
    assert len(lookups) <= 3  # the words and pairs, the typos' neighbours, the mended words' pairs
    assert suggestion == "hội nghị trực tuyến chuyển đổi số dooi " + " ".join(["ngiuyen"] * 4)  # "dooi": too short


def test_odd_input_never_errors():
    learn_archive()
    for text in ["", "   ", '"', "*", "-", "NEAR", "\x00", "da\x00nang", "١٢٣", "da 123 nang", "!!!", "da" * 400]:
        lexicon.suggest(text)
    assert lexicon.suggest("da\x00nang") == "Đà Nẵng"
    assert lexicon.suggest("hoi " * 200) is None


def test_relearn_and_the_migration_equal_incremental_learning(home):
    pages = [make_section(home, f"Chuyên mục {number}") for number in range(3)]
    SearchDocument.objects.all().delete()
    Spelling.objects.all().delete()
    stored = {}

    def write(page, title, lead):  # as the service does: the stored texts go, the new ones come
        old = stored.get(page.pk, ())
        lexicon.learn([title, lead], removed=old)
        SearchDocument.objects.update_or_create(
            page=page,
            defaults={
                "title": title,
                "lead": lead,
                "text": "",
                "published_at": NOW,
                "rank_key": rank_key(NOW, page.pk),
            },
        )
        stored[page.pk] = (title, lead)

    for page, (title, lead) in zip(pages, ARCHIVE, strict=False):
        write(page, title, lead)
    write(pages[0], *ARCHIVE[0])  # re-indexed unchanged
    write(pages[1], "Hội nghị trực tuyến ở Đà Nẵng", ARCHIVE[1][1])  # re-indexed with a new title
    lexicon.learn(removed=stored.pop(pages[2].pk))
    SearchDocument.objects.filter(page=pages[2]).delete()
    incremental = counts()
    assert incremental["Đà Nẵng"] == 4 and "hội nghị trực tuyến" not in incremental
    assert incremental["trực tuyến"] == 1 and incremental["mưa lớn"] == 1

    assert lexicon.relearn() == 2
    assert counts() == incremental
    Spelling.objects.all().delete()
    migration = importlib.import_module("congtin.search.migrations.0005_learn_spellings")
    migration.learn_spellings(apps, SimpleNamespace(connection=connection))
    assert counts() == incremental


def test_through_the_service_the_pair_spelling_is_offered_and_follows_the_index(home):
    pages = [make_section(home, f"Trang {number}") for number in range(len(ARCHIVE))]
    entries = [
        Entry(page_id=page.pk, kind="article", published_at=NOW, title=title, lead=lead)
        for page, (title, lead) in zip(pages, ARCHIVE, strict=True)
    ]
    service.index(entries)
    learnt = counts()
    service.index(entries)  # re-indexed: the counts do not double
    assert counts() == learnt

    page = service.search("hoi nghi")
    assert page.suggestion.text == "hội nghị" and not page.corrected
    assert {result.page.pk for result in page.results} == {pages[2].pk, pages[3].pk}

    service.remove([pages[2].pk, pages[3].pk])
    assert "hội nghị" not in counts()
    assert service.search("hoi nghi").suggestion.text == "hỏi nghĩ"  # the words alone decide now
