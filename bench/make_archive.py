"""Build an archive of N articles in our import format from the baomoi corpus.

    .venv/bin/python bench/make_archive.py 100000 var/bench/archive-100000.jsonl.gz

The corpus holds 34,870 real articles; past that, articles are reused as earlier years'
editions (new id, date shifted back a year per round), so 100k rows stay real Vietnamese
text. Sections are spread over ten names, dates over the years before 2026.
"""

import gzip
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "baomoi-35k.jsonl.gz"
SECTIONS = [
    "Thời sự",
    "Kinh tế",
    "Xã hội",
    "Văn hóa",
    "Giáo dục",
    "Thể thao",
    "Pháp luật",
    "Sức khỏe",
    "Đô thị",
    "Thế giới",
]
VIETNAM = timezone(timedelta(hours=7))
NEWEST = datetime(2026, 11, 1, 8, 0, tzinfo=VIETNAM)


def corpus_records():
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def archive(count: int):
    records = corpus_records()
    per_round = len(records)
    for i in range(count):
        base, edition = records[i % per_round], i // per_round
        minutes = (i % per_round) * 15 + edition * 365 * 24 * 60  # ~one year a round, newest first
        yield {
            "id": f"{base['id']}-{edition}" if edition else str(base["id"]),
            "title": base["title"],
            "lead": base.get("lead", ""),
            "body": base.get("body", ""),
            "section": SECTIONS[i % len(SECTIONS)],
            "published_at": (NEWEST - timedelta(minutes=minutes)).isoformat(),
            "source_name": "Báo Mới",
        }


def write_archive(count: int, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with gzip.open(partial, "wt", encoding="utf-8", compresslevel=3) as out:
        for record in archive(count):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.rename(path)
    return path


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(write_archive(int(sys.argv[1]), Path(sys.argv[2])))
