"""Recall on real news: four consecutive title words, typed without marks, find the article."""

import json

from congtin import vietnamese
from congtin.news.importer import import_file
from congtin.news.models import ArticlePage
from congtin.search.results import search


def four_word_query(title: str) -> str:
    """Four consecutive words from the middle of the title, folded as a reader types them."""
    words = vietnamese.words(title)
    start = max(0, (len(words) - 4) // 2)
    return vietnamese.fold(" ".join(words[start : start + 4]))


def test_bare_four_word_queries_find_195_of_200_dantri_titles(home, shared_dir):
    corpus = shared_dir / "corpus" / "dantri-unc-200.jsonl"
    assert import_file(corpus, home=home).errors == []
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    page_ids = dict(ArticlePage.objects.values_list("external_id", "pk"))
    misses = []
    for record in records:
        query = four_word_query(record["title"])
        found = [result.article.pk for result in search(query, per_page=10).results]
        if page_ids[record["id"]] not in found:
            misses.append((query, record["title"]))
    print(f"recall: {len(records) - len(misses)}/{len(records)} titles in the first 10 results")
    assert len(records) - len(misses) >= 195, misses
