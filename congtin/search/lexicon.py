"""The archive's own vocabulary, for "did you mean": how it spells words and pairs of words.

`learn` counts every word and every adjacent pair of words ("hội nghị") of the titles and
leads search indexes, in the Spelling table, as written (NFC, case kept) beside a folded
key ("hoi nghi"). `suggest` turns a query typed without marks back into the archive's
spelling ("hoi nghi truc tuyen" -> "hội nghị trực tuyến", "da nang" -> "Đà Nẵng") and
mends a one-letter typo in a long word. Nothing is downloaded: the archive is the model.

Case. A word keeps the case it is written with, except the first word of a sentence written
with a capital only because it opens the sentence ("Hội nghị ..." is learnt as "hội"); it is
taken for a name when the next word is capitalised too ("Đà Nẵng mưa lớn" keeps "Đà").
A suggestion shows each restored word in the case the archive writes it most often beside
its neighbours ("Việt Nam"), else alone, small letters unless a capital is at least twice as
frequent (names, not words some articles capitalise); a word the reader capitalised keeps it.

One row of the table is not a spelling: `TOTAL` (the empty string, which no word can be)
counts the words learnt, so a word's count can be read as a probability.
"""

import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection as default_connection
from django.db import transaction

from congtin import vietnamese

from .models import SearchDocument, Spelling

TABLE = Spelling._meta.db_table
DOCUMENTS = SearchDocument._meta.db_table
TOTAL = ""  # the row counting every word learnt
MAX_WORD = 30  # longer tokens are no Vietnamese word (URLs, codes, glued text)
MIN_TYPO_LENGTH = 5  # shorter words have too many neighbours one letter away
MAX_TYPOS = 3  # words mended per query, the longest first: a query of typos is noise, not a query
MAX_QUERY_WORDS = 12
MAX_QUERY_CHARS = 500
RELEARN_BATCH = 2000
BACKOFF = 0.4  # "stupid backoff" (Brants et al. 2007): an unseen pair scores 0.4 x the word alone
CAPITALS_MARGIN = 2  # a capital is shown when the archive writes it twice as often as small letters
LETTERS = "abcdefghijklmnopqrstuvwxyz"  # folded Vietnamese is ASCII

# Separators between clauses: a pair is two words with only spaces between them.
_SEPARATORS = re.compile(r"((?:[^\w\s]|_)+)")
# After these a new sentence (or title, quote, parenthesis) starts: its first capital is not the word's.
_SENTENCE_MARKS = frozenset('.!?…:;"“”«»()[]{}–—-|/')
_WORD = re.compile(r"[^\W_]+")  # as vietnamese.words() cuts words
_PG_NEWLINE = "E'\\n'"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# --- learning ---------------------------------------------------------------------------------


def learn(added: Iterable[str] = (), removed: Iterable[str] = (), connection: Any = None) -> None:
    """Count the words and word pairs of `added` texts and discount those of `removed` ones.

    Called with the title and lead of every entry written (added) and of the stored entry it
    replaces or that is removed (removed), so re-indexing an unchanged entry nets out to no
    write at all. One upsert for what grew, one update and one delete for what shrank.
    """
    gained_texts, lost_texts = Counter(added), Counter(removed)
    unchanged = gained_texts & lost_texts  # an entry re-indexed with the same title costs nothing
    delta: Counter[str] = Counter()
    for text, times in (gained_texts - unchanged).items():
        delta.update(_spellings(text) * times)
    lost: Counter[str] = Counter()
    for text, times in (lost_texts - unchanged).items():
        lost.update(_spellings(text) * times)
    delta.subtract(lost)
    changes = sorted((exact, count) for exact, count in delta.items() if count)  # sorted: one lock order
    if changes:
        _write(changes, connection or default_connection)


def relearn(connection: Any = None) -> int:
    """Rebuild the Spelling table from every search document's title and lead; return how
    many documents were read. For rebuild_search_index and migration 0005."""
    connection = connection or default_connection
    documents = 0
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
        for batch in _documents(connection):
            learn([text for title, lead in batch for text in (title, lead)], connection=connection)
            documents += len(batch)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {TABLE}")  # the planner's counts of a table just refilled
    return documents


def _documents(connection: Any) -> Iterator[list[tuple[str, str]]]:
    """Every document's (title, lead), a batch at a time, in key order (bounded memory)."""
    last = -1
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT page_id, title, lead FROM {DOCUMENTS} WHERE page_id > %s ORDER BY page_id LIMIT %s",
                [last, RELEARN_BATCH],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield [(title or "", lead or "") for _, title, lead in rows]


def _spellings(text: str) -> list[str]:
    """The words and adjacent pairs of `text` as they are learnt, TOTAL once per word."""
    if not text:
        return []
    found: list[str] = []
    pieces = _SEPARATORS.split(unicodedata.normalize("NFC", text))
    starts_sentence = True
    for position, piece in enumerate(pieces):
        if position % 2:  # a separator
            starts_sentence = starts_sentence or any(mark in _SENTENCE_MARKS for mark in piece)
            continue
        tokens = piece.split()
        if not tokens:
            continue
        if starts_sentence:
            first = tokens[0]
            if _capitalised(first) and not (len(tokens) > 1 and tokens[1][:1].isupper()):
                tokens[0] = first.lower()
            starts_sentence = False
        previous = None
        for token in tokens:
            if len(token) > MAX_WORD or not token.isalpha():  # digits, codes: no word, and no pair across
                previous = None
                continue
            found.append(token)
            if previous is not None:
                found.append(f"{previous} {token}")
            previous = token
    found.extend([TOTAL] * sum(1 for item in found if " " not in item))
    return found


def _capitalised(word: str) -> bool:
    """Written with a capital first letter and the rest small ("Hội", "Ở"), not "UBND"."""
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())


def _write(changes: list[tuple[str, int]], connection: Any) -> None:
    grown = [(exact, _key(exact), count) for exact, count in changes if count > 0]
    shrunk = [(exact, -count) for exact, count in changes if count < 0]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if grown:
                # Columns travel as newline-separated text (no word holds a newline): far cheaper
                # for the driver than arrays of 20,000 strings.
                cursor.execute(
                    f'INSERT INTO {TABLE} (exact, folded, "count") '
                    f"SELECT * FROM unnest(string_to_array(%s, {_PG_NEWLINE}), string_to_array(%s, {_PG_NEWLINE}), "
                    f"string_to_array(%s, {_PG_NEWLINE})::integer[]) "
                    f'ON CONFLICT (exact) DO UPDATE SET "count" = {TABLE}."count" + EXCLUDED."count"',
                    ["\n".join(map(str, column)) for column in zip(*grown, strict=True)],
                )
            if shrunk:
                exacts, counts = ("\n".join(map(str, column)) for column in zip(*shrunk, strict=True))
                gone = f"unnest(string_to_array(%s, {_PG_NEWLINE}), string_to_array(%s, {_PG_NEWLINE})::integer[])"
                cursor.execute(
                    f"DELETE FROM {TABLE} AS s USING {gone} AS d(exact, n) "
                    'WHERE s.exact = d.exact AND s."count" <= d.n',
                    [exacts, counts],
                )
                cursor.execute(
                    f'UPDATE {TABLE} AS s SET "count" = s."count" - d.n FROM {gone} AS d(exact, n) '
                    "WHERE s.exact = d.exact",
                    [exacts, counts],
                )
        else:  # SQLite: the rows travel as one JSON parameter (no limit on bound variables)
            if grown:
                cursor.execute(
                    f'INSERT INTO {TABLE} (exact, folded, "count") '
                    "SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(%s) WHERE true "
                    'ON CONFLICT (exact) DO UPDATE SET "count" = "count" + excluded."count"',
                    [json.dumps(grown, ensure_ascii=False)],
                )
            if shrunk:
                cursor.execute(
                    f'UPDATE {TABLE} SET "count" = MAX("count" - (d.value ->> 1), 0) '
                    f"FROM json_each(%s) AS d WHERE {TABLE}.exact = (d.value ->> 0)",
                    [json.dumps(shrunk, ensure_ascii=False)],
                )
                cursor.execute(
                    f'DELETE FROM {TABLE} WHERE "count" <= 0 AND exact IN (SELECT value FROM json_each(%s))',
                    [json.dumps([exact for exact, _ in shrunk], ensure_ascii=False)],
                )


def _key(exact: str) -> str:
    """The folded, lower-case key a spelling is looked up by: "Đà Nẵng" -> "da nang"."""
    return vietnamese.fold(exact).lower()


# --- suggesting -------------------------------------------------------------------------------


def suggest(text: str) -> str | None:
    """The query with the archive's marks restored and a one-letter typo in a long word mended,
    or None when nothing would change or the archive knows none of its words.

    Words typed with marks, numbers and words the archive does not know stay as typed; a query
    of more than MAX_QUERY_WORDS words (pasted text) gets no suggestion.
    """
    if not isinstance(text, str):
        return None
    typed = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", text)[:MAX_QUERY_CHARS]).split())
    matches = list(_WORD.finditer(typed))
    if not matches or len(matches) > MAX_QUERY_WORDS:
        return None
    words = [_QueryWord(match.group()) for match in matches]
    vocabulary = _Vocabulary()
    vocabulary.fetch(_lookup_keys(words, range(len(words))))
    if not vocabulary.total:
        return None
    corrected = _mend_typos(words, vocabulary)
    if corrected:
        vocabulary.fetch(_lookup_keys(words, corrected))
    chosen = _best_sequence(words, vocabulary)
    parts, end = [], 0
    for index, (match, word) in enumerate(zip(matches, words, strict=True)):
        parts.append(typed[end : match.start()])
        known = word.free and word.key in vocabulary.spellings
        parts.append(word.shown(chosen[index], chosen, index, vocabulary) if known else word.typed)
        end = match.end()
    parts.append(typed[end:])
    suggestion = "".join(parts)
    return None if suggestion.lower() == typed.lower() else suggestion


class _QueryWord:
    """One word of a query: what was typed, its key, and whether its spelling may change."""

    def __init__(self, typed: str) -> None:
        self.typed = typed
        self.lower = typed.lower()
        self.is_word = len(typed) <= MAX_WORD and typed.isalpha()
        self.key = _key(typed) if self.is_word else ""
        self.free = self.is_word and self.key == self.lower  # typed without marks: spelling open
        self.mended = False

    def shown(self, spelling: str, chosen: list[str], index: int, vocabulary: "_Vocabulary") -> str:
        """`spelling` (lower case) in the archive's case, or in the reader's when they used capitals."""
        if self.typed.isupper() and len(self.typed) > 1:
            return spelling.upper()
        written = vocabulary.case_of(spelling, chosen, index)
        if self.typed[:1].isupper():
            return written[:1].upper() + written[1:]
        return written


class _Vocabulary:
    """The Spelling rows a query needs: counts by lower-case spelling, and the cases written."""

    def __init__(self) -> None:
        self.spellings: dict[str, Counter[str]] = defaultdict(Counter)  # key -> lower spelling -> count
        self.cases: dict[str, Counter[str]] = defaultdict(Counter)  # lower spelling -> as written -> count
        self.total = 0
        self.asked: set[str] = set()

    def fetch(self, keys: Iterable[str]) -> None:
        keys = sorted(set(keys) - self.asked)
        if not keys:
            return
        self.asked.update(keys)
        for exact, folded, count in _rows(keys):
            if exact == TOTAL:
                self.total = count
                continue
            self.spellings[folded][exact.lower()] += count
            self.cases[exact.lower()][exact] += count

    def count(self, spelling: str) -> int:
        return self.spellings.get(_key(spelling), Counter()).get(spelling, 0)

    def case_of(self, spelling: str, chosen: list[str], index: int) -> str:
        """The case the archive writes `spelling` in, beside its neighbours if it has seen them."""
        votes: Counter[str] = Counter()
        if index > 0:
            for pair, count in self.cases.get(f"{chosen[index - 1]} {spelling}", Counter()).items():
                votes[pair.split(" ")[1]] += count
        if index + 1 < len(chosen):
            for pair, count in self.cases.get(f"{spelling} {chosen[index + 1]}", Counter()).items():
                votes[pair.split(" ")[0]] += count
        if not votes:
            votes = self.cases.get(spelling, Counter())
        if not votes:
            return spelling
        written = min(votes, key=lambda form: (-votes[form], form != spelling, form))
        if written != spelling and votes.get(spelling, 0) * CAPITALS_MARGIN > votes[written]:
            return spelling  # capitalised about as often as not ("Hội nghị Trung ương"): small letters
        return written


def _rows(keys: list[str]) -> list[tuple[str, str, int]]:
    if default_connection.vendor == "postgresql":
        return _postgres_rows(keys)
    with default_connection.cursor() as cursor:
        cursor.execute(
            f'SELECT exact, folded, "count" FROM {TABLE} WHERE folded IN (SELECT value FROM json_each(%s))',
            [json.dumps(keys, ensure_ascii=False)],
        )
        return cursor.fetchall()


def _postgres_rows(keys: list[str]) -> list[tuple[str, str, int]]:
    """One index probe per key: OFFSET 0 keeps the planner from turning the lateral lookup into
    a hash join over the whole table (its choice for a long key list or stale statistics), and
    JIT stays off (with stale statistics a typo's 450 keys look costly enough to compile for
    0.4 s what runs in 5 ms)."""
    with transaction.atomic(savepoint=False), default_connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
        jit = cursor.fetchone()[0]
        cursor.execute(
            f'SELECT s.exact, s.folded, s."count" FROM unnest(string_to_array(%s, {_PG_NEWLINE})) AS k(folded) '
            f'CROSS JOIN LATERAL (SELECT exact, folded, "count" FROM {TABLE} WHERE folded = k.folded OFFSET 0) '
            "AS s",
            ["\n".join(keys)],
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT set_config('jit', %s, true)", [jit])
        return rows


def _lookup_keys(words: list[_QueryWord], positions: Iterable[int]) -> set[str]:
    """The keys of the words at `positions` and of the pairs they form with their neighbours."""
    keys = {TOTAL}
    for index in positions:
        word = words[index]
        if not word.is_word:
            continue
        keys.add(word.key)
        for other in (index - 1, index + 1):
            if 0 <= other < len(words) and words[other].is_word:
                first, second = sorted((index, other))
                keys.add(f"{words[first].key} {words[second].key}")
    return keys


def _mend_typos(words: list[_QueryWord], vocabulary: _Vocabulary) -> list[int]:
    """Replace each long bare word the archive does not know (MAX_TYPOS distinct ones at most,
    the longest first) by its most frequent neighbour one edit away, one query for all; return
    the positions mended."""
    unknown = {
        word.key
        for word in words
        if word.free
        and word.key.isascii()
        and len(word.key) >= MIN_TYPO_LENGTH
        and word.key not in vocabulary.spellings
    }
    chosen = sorted(unknown, key=lambda key: (-len(key), key))[:MAX_TYPOS]  # bounded: ~55 keys a letter
    candidates = {typo: _one_edit(typo) for typo in chosen}
    vocabulary.fetch(key for keys in candidates.values() for key in keys)
    corrections = {}
    for typo, keys in candidates.items():
        known = [(sum(vocabulary.spellings[key].values()), key) for key in keys if key in vocabulary.spellings]
        if known:
            corrections[typo] = max(known, key=lambda item: (item[0], _negated(item[1])))[1]
    mended = []
    for index, word in enumerate(words):
        if word.free and word.key in corrections:
            word.key = corrections[word.key]
            word.mended = True
            mended.append(index)
    return mended


def _negated(key: str) -> tuple[int, ...]:
    """Sorts keys alphabetically under max() (ties between equally frequent corrections)."""
    return tuple(-ord(char) for char in key)


def _one_edit(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away (Norvig)."""
    splits = [(word[:cut], word[cut:]) for cut in range(len(word) + 1)]
    deletes = [left + right[1:] for left, right in splits if right]
    transposes = [left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1]
    replaces = [left + letter + right[1:] for left, right in splits if right for letter in LETTERS]
    inserts = [left + letter + right for left, right in splits for letter in LETTERS]
    return set(deletes + transposes + replaces + inserts) - {word}


def _best_sequence(words: list[_QueryWord], vocabulary: _Vocabulary) -> list[str]:
    """The most probable spelling of each word under a bigram model of the archive (Viterbi):
    a pair the archive writes ("hội nghị") beats two words that are each more frequent alone."""
    total = max(vocabulary.total, 1)

    def alone(spelling: str) -> float:
        return math.log((vocabulary.count(spelling) + 0.01) / total)

    def after(previous: str, spelling: str) -> float:
        pair = vocabulary.count(f"{previous} {spelling}")
        if pair:
            return math.log(pair / max(vocabulary.count(previous), pair))
        return math.log(BACKOFF) + alone(spelling)

    best: dict[str, tuple[float, list[str]]] = {}
    for index, word in enumerate(words):
        options = _options(word, vocabulary)
        linked = index > 0 and word.is_word and words[index - 1].is_word
        step: dict[str, tuple[float, list[str]]] = {}
        for spelling in options:
            if not best:
                step[spelling] = (alone(spelling), [spelling])
            elif linked:
                score, path = max(
                    ((score + after(previous, spelling), path) for previous, (score, path) in best.items()),
                    key=lambda item: item[0],
                )
                step[spelling] = (score, [*path, spelling])
            else:
                score, path = max(best.values(), key=lambda item: item[0])
                step[spelling] = (score + alone(spelling), [*path, spelling])
        best = step
    return max(best.values(), key=lambda item: item[0])[1]


def _options(word: _QueryWord, vocabulary: _Vocabulary) -> list[str]:
    """The spellings a word may take: the archive's for a bare word it knows, else as typed."""
    if word.free:
        known = vocabulary.spellings.get(word.key)
        if known:
            return sorted(known, key=lambda spelling: (-known[spelling], spelling))
    return [word.lower]
