"""Recall on real news: four consecutive title words from ANYWHERE in the title, typed without
marks, put the article on the first page of results, however old it is.

The 200 dantri articles (autumn 2020) are the targets. Above them go 1,800 newer baomoi
articles (dated 2021 on), the corpus's longest, so that a good share of the fragments match
more than 1,000 newer articles: a ranking that looks only at the newest 1,000 matches never
sees those targets. Fragments start at a random word (fixed seed), not the title's start or
middle, which would favour the words a title is about.
"""

import gzip
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from congtin import vietnamese
from congtin.news.importer import import_file
from congtin.news.models import ArticlePage

try:  # the service is the door; results.search was it until the service landed
    from congtin.search.service import search
except ImportError:  # pragma: no cover - only before congtin.search.service exists
    from congtin.search.results import search

SEED = 3
NEWER = 1800
OLD_WINDOW = 1000  # the old ranking looked at the newest 1,000 matches only
FIRST_PAGE = 10
VIETNAM = timezone(timedelta(hours=7))


def fragment(title: str, rng: random.Random) -> str:
    """Four consecutive words of `title` from a random position, folded as a reader types them."""
    words = vietnamese.words(title)
    start = rng.randrange(0, max(1, len(words) - 3))
    return vietnamese.fold(" ".join(words[start : start + 4]))


def folded_words(*texts: str) -> set[str]:
    return {vietnamese.fold(word) for text in texts for word in vietnamese.words(text)}


def newer_archive(shared_dir: Path, path: Path) -> list[dict]:
    """The corpus's NEWER longest articles in the import format, dated after every dantri one."""
    with gzip.open(shared_dir / "corpus" / "baomoi-35k.jsonl.gz", "rt", encoding="utf-8") as lines:
        corpus = [json.loads(line) for line in lines if line.strip()]
    corpus.sort(key=lambda record: (-len(record.get("body", "")), record["id"]))
    start = datetime(2021, 1, 1, 8, 0, tzinfo=VIETNAM)
    records = [
        {
            "id": f"baomoi-{record['id']}",
            "title": record["title"],
            "lead": record.get("lead", ""),
            "body": record.get("body", ""),
            "section": "Thời sự",
            "published_at": (start + timedelta(minutes=30 * i)).isoformat(),
            "source_name": "Báo Mới",
        }
        for i, record in enumerate(corpus[:NEWER])
    ]
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return records


def test_bare_fragments_from_anywhere_in_a_title_find_old_articles_on_the_first_page(home, shared_dir, tmp_path):
    dantri = shared_dir / "corpus" / "dantri-unc-200.jsonl"
    targets = [json.loads(line) for line in dantri.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert import_file(dantri, home=home).errors == []
    newer = newer_archive(shared_dir, tmp_path / "newer.jsonl")
    assert import_file(tmp_path / "newer.jsonl", home=home).errors == []

    rng = random.Random(SEED)
    queries = [(fragment(record["title"], rng), record) for record in targets]
    # The test has teeth only if many targets are older than OLD_WINDOW matching articles.
    newer_words = [folded_words(r["title"], r["lead"], r["body"]) for r in newer]
    buried = [query for query, _ in queries if sum(set(query.split()) <= words for words in newer_words) > OLD_WINDOW]
    assert len(buried) >= 15, f"only {len(buried)} fragments match more than {OLD_WINDOW} newer articles"

    page_ids = dict(ArticlePage.objects.filter(external_id__startswith="dantri-").values_list("external_id", "pk"))
    misses = []
    for query, record in queries:
        found = [
            getattr(result, "page", None) or result.article for result in search(query, per_page=FIRST_PAGE).results
        ]
        if page_ids[record["id"]] not in [page.pk for page in found]:
            misses.append((query, record["title"], query in buried, found[0].title if found else None))
    found_count = len(queries) - len(misses)
    print(f"recall: {found_count}/{len(queries)} on the first page; {len(buried)} targets older than 1,000 matches")
    assert found_count >= len(queries) * 0.98, "\n".join(
        f"{query!r} -> {title!r} (buried: {buried}; first result: {first!r})" for query, title, buried, first in misses
    )
