"""Importing articles from JSON Lines: one article a line, each whole or not at all.

The format (see docs/import.md): `id` and `title` required; `lead`; `body_html` (with
`<figure><img src><figcaption>` for captioned photos, `src` relative to the file) or
`body` (plain text); `published_at` (ISO 8601); `section`; `author`; `source_name`;
`source_url`; `tags`; `slug`. Re-importing an `id` updates that article.
"""

import gzip
import hashlib
import html
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.validators import URLValidator
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch.signal_handlers import post_save_signal_handler as wagtail_index_on_save
from PIL import Image as PILImage
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site
from wagtail.search.backends import get_search_backends

from congtin import vietnamese

from .blocks import RICH_TEXT_FEATURES
from .models import ArticlePage, HomePage, SectionPage
from .signals import articles_imported

DEFAULT_SECTION = "Tin tổng hợp"
_rich_text = EditorHTMLConverter(features=RICH_TEXT_FEATURES)


class RecordError(ValueError):
    """A line that cannot become an article; the message says why, in Vietnamese."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def failed(self):
        return len(self.errors)


def open_lines(path: Path):
    """Text lines of a .jsonl or .jsonl.gz file."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def count_lines(path: Path) -> int:
    with open_lines(path) as lines:
        return sum(1 for _ in lines)


BATCH_SIZE = 200


def import_file(path, home=None, on_line=None, media_dir=None) -> ImportReport:
    """Import every line of `path`; a bad line is reported and the others go on.

    Photo paths are relative to `media_dir`, by default the file's own folder. Lines are
    written in batches (one transaction each, a savepoint per article), and the batch's
    articles are indexed for search together, so a large archive imports at a steady rate.
    """
    path = Path(path)
    home = home or default_home()
    importer = _Importer(home, base_dir=Path(media_dir) if media_dir else path.parent)
    report = ImportReport()
    with open_lines(path) as lines, deferred_search_indexing():
        batch = []
        for number, line in enumerate(lines, start=1):
            if line.strip():
                batch.append((number, line))
            if len(batch) >= BATCH_SIZE:
                importer.import_batch(batch, report, on_line)
                batch = []
        importer.import_batch(batch, report, on_line)
    if report.created + report.updated >= ANALYZE_AFTER:
        refresh_planner_statistics()
    return report


ANALYZE_AFTER = 500


def refresh_planner_statistics():
    """After a bulk import, let the database re-learn table sizes: SQLite keeps none until
    told, and without them it can walk 100k pages for a query that needs ten."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@contextmanager
def deferred_search_indexing():
    """Stop Wagtail indexing each article as it is saved; the importer indexes each batch at once."""
    post_save.disconnect(wagtail_index_on_save, sender=ArticlePage)
    try:
        yield
    finally:
        post_save.connect(wagtail_index_on_save, sender=ArticlePage)


def default_home() -> HomePage:
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RecordError("Trang gốc của site mặc định không phải Trang chủ (HomePage).")
    return home


def parse_json_line(line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise RecordError(f"không phải JSON hợp lệ ({error.msg}, cột {error.colno})") from error
    if not isinstance(record, dict):
        raise RecordError("mỗi dòng phải là một đối tượng JSON {...}")
    return record


def _text(record, key, required=False, max_length=None):
    value = record.get(key)
    if value is None or value == "":
        if required:
            raise RecordError(f"thiếu trường bắt buộc '{key}'")
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
        value = str(value)
    if not isinstance(value, str):
        raise RecordError(f"trường '{key}' phải là chuỗi")
    value = value.strip()
    if required and not value:
        raise RecordError(f"thiếu trường bắt buộc '{key}'")
    if max_length and len(value) > max_length:
        raise RecordError(f"trường '{key}' dài quá {max_length} ký tự")
    return value


def parse_published_at(value) -> datetime:
    """ISO 8601; a time without offset is taken as Vietnam time."""
    if value in (None, ""):
        return timezone.now()
    if not isinstance(value, str):
        raise RecordError("trường 'published_at' phải là chuỗi ngày giờ ISO 8601")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise RecordError(
            f"ngày giờ 'published_at' không hợp lệ: {value!r} (cần dạng ISO 8601, ví dụ 2021-06-25T22:00:00+07:00)"
        ) from error
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_tags(value) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise RecordError("trường 'tags' phải là danh sách chuỗi")
    return list(dict.fromkeys(tag.strip()[:100] for tag in value if tag.strip()))


def parse_source_url(value: str) -> str:
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise RecordError(f"địa chỉ 'source_url' không hợp lệ: {value!r}") from error
    return value


class EscapedHTML(str):
    """Rich text we built from escaped plain text: nothing in it needs sanitising."""


def body_from_text(text: str) -> list[str]:
    """Plain text body: each non-empty line a paragraph, as one rich-text part."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return [EscapedHTML("".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs))] if paragraphs else []


@dataclass
class Figure:
    src: str
    caption: str
    alt: str


def split_body_html(markup: str) -> list:
    """The body as a list of rich-text HTML strings, Figure photos and ("quote", text) pairs."""
    parts, buffer = [], []

    def flush():
        chunk = "".join(buffer).strip()
        if chunk:
            parts.append(chunk)
        buffer.clear()

    def walk(nodes):
        for node in nodes:
            if isinstance(node, Tag) and node.name in ("figure", "img"):
                img = node if node.name == "img" else node.find("img")
                if img is None or not img.get("src"):
                    continue
                caption_tag = node.find("figcaption") if node.name == "figure" else None
                caption = caption_tag.get_text(" ", strip=True) if caption_tag else ""
                flush()
                parts.append(Figure(img["src"].strip(), caption, (img.get("alt") or "").strip()))
            elif isinstance(node, Tag) and node.name == "blockquote":
                flush()
                parts.append(("quote", node.get_text("\n", strip=True)))
            elif (
                isinstance(node, Tag)
                and node.name in ("div", "section", "article")
                or (isinstance(node, Tag) and node.find(["figure", "img"]))
            ):
                walk(node.children)
            elif isinstance(node, NavigableString):
                if node.strip():
                    buffer.append(f"<p>{html.escape(node.strip(), quote=False)}</p>")
            else:
                buffer.append(str(node))
        return parts

    walk(BeautifulSoup(markup, "html.parser").children)
    flush()
    return parts


def resolve_image_path(base_dir: Path, src: str) -> Path:
    if "://" in src or src.startswith("data:"):
        raise RecordError(f"ảnh {src!r}: chỉ nhận đường dẫn tệp tương đối với tệp nhập")
    path = (base_dir / src).resolve()
    if not path.is_file():
        raise RecordError(f"không tìm thấy tệp ảnh {src!r} (tìm tại {path})")
    try:
        with PILImage.open(path) as picture:
            picture.verify()
    except Exception as error:  # Pillow raises many kinds for a broken file
        raise RecordError(f"tệp ảnh {src!r} hỏng hoặc không phải ảnh") from error
    return path


class _Importer:
    def __init__(self, home: HomePage, base_dir: Path):
        self.home = home
        self.base_dir = base_dir
        self.sections = {}
        self.tree = _SectionChildren()

    def import_batch(self, batch, report: ImportReport, on_line=None):
        saved = []
        with transaction.atomic():
            for number, line in batch:
                try:
                    outcome, article = self.import_record(parse_json_line(line))
                except RecordError as error:
                    report.errors.append((number, str(error)))
                else:
                    setattr(report, outcome, getattr(report, outcome) + 1)
                    saved.append(article)
                if on_line:
                    on_line()
            self.tree.save_child_counts()
        if saved:
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(ArticlePage, saved)
            articles_imported.send(sender=ArticlePage, articles=saved)

    def import_record(self, record: dict):
        """Create or update one article; returns ("created" or "updated", the article)."""
        external_id = _text(record, "id", required=True, max_length=255)
        title = _text(record, "title", required=True, max_length=255)
        fields = {
            "title": title,
            "lead": _text(record, "lead"),
            "author": _text(record, "author", max_length=255),
            "source_name": _text(record, "source_name", max_length=255),
            "source_url": parse_source_url(_text(record, "source_url", max_length=1000)),
            "published_at": parse_published_at(record.get("published_at")),
        }
        tags = parse_tags(record.get("tags"))
        slug = vietnamese.slugify(_text(record, "slug") or title)
        if not slug:
            raise RecordError("không tạo được đường dẫn (slug) từ tiêu đề")
        section_name = _text(record, "section", max_length=255) or DEFAULT_SECTION
        if record.get("body_html"):
            parts = split_body_html(_text(record, "body_html"))
        else:
            parts = body_from_text(_text(record, "body"))
        # Every photo must exist before anything is written: the article is whole or absent.
        for part in parts:
            if isinstance(part, Figure):
                part.path = resolve_image_path(self.base_dir, part.src)
        try:
            with transaction.atomic():  # a savepoint: this article whole, or nothing of it
                return self._save(external_id, fields, tags, slug, section_name, parts)
        except ValidationError as error:
            raise RecordError("dữ liệu không hợp lệ: " + "; ".join(error.messages)) from error
        except DatabaseError as error:
            raise RecordError(f"cơ sở dữ liệu từ chối bài này ({error})") from error

    def _save(self, external_id, fields, tags, slug, section_name, parts):
        section = self.section_named(section_name)
        body = [self._block(part, fields["title"]) for part in parts]
        body = [block for block in body if block]
        first_image = next((b["value"]["image"] for b in body if b["type"] == "image"), None)
        article = ArticlePage.objects.filter(external_id=external_id).first()
        outcome = "updated" if article else "created"
        if article is None:
            article = ArticlePage(external_id=external_id)
        for name, value in fields.items():
            setattr(article, name, value)
        article.body = body
        article.image_id = first_image
        article.first_published_at = article.first_published_at or fields["published_at"]
        article.tags.set(tags)
        if outcome == "created":
            self.create_live(section, article, slug)
            return outcome, article
        if article.get_parent().pk != section.pk:
            article.slug = unique_child_slug(section, article.slug, exclude_pk=article.pk)
            article.move(section, pos="last-child")
            article.refresh_from_db(fields=["path", "depth", "url_path"])
            self.tree.forget(section)
        article.save_revision(log_action=False).publish(log_action=False)
        return outcome, article

    def create_live(self, section, article, slug):
        """Write a new live article and its first revision, as publishing would leave them.

        Wagtail's add_child + save_revision + publish saves the page three times and looks up
        its parent, siblings and site each time; an archive of 100k articles cannot afford it.
        """
        article.slug = self.tree.free_slug(section, slug)
        article.path = self.tree.next_path(section)
        article.depth = section.depth + 1
        article.numchild = 0
        article.locale_id = section.locale_id
        article.live = True
        article.has_unpublished_changes = False
        article.draft_title = article.title
        article.last_published_at = article.first_published_at
        article._cached_parent_obj = section
        article.section = section
        article.save(clean=False)  # every field was validated while parsing the line
        revision = Revision.objects.create(
            content_object=article,
            base_content_type=article.get_base_content_type(),
            content=article.serializable_data(),
            object_str=str(article),
        )
        Page.objects.filter(pk=article.pk).update(latest_revision=revision, live_revision=revision)
        article.latest_revision = article.live_revision = revision
        self.tree.added_child(section)

    def _block(self, part, title):
        if isinstance(part, Figure):
            image = image_for_file(part.path, part.alt or part.caption or title)
            return {"type": "image", "value": {"image": image.pk, "caption": part.caption, "alt": part.alt}}
        if isinstance(part, tuple):
            return {"type": "quote", "value": {"text": part[1], "attribution": ""}}
        cleaned = part if isinstance(part, EscapedHTML) else _rich_text.to_database_format(part).strip()
        return {"type": "paragraph", "value": cleaned} if cleaned else None

    def section_named(self, name: str) -> SectionPage:
        if name not in self.sections:
            self.sections[name] = section_named(self.home, name)
        return self.sections[name]


class _SectionChildren:
    """What the importer knows of each section's children: their slugs and the last tree path.

    Loaded once per section, kept up to date as articles are added, so adding an article
    asks the database nothing about its siblings.
    """

    def __init__(self):
        self.slugs, self.last_path, self.added = {}, {}, {}

    def _load(self, section):
        if section.pk not in self.slugs:
            children = Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
            self.slugs[section.pk] = set(children.values_list("slug", flat=True))
            self.last_path[section.pk] = children.order_by("-path").values_list("path", flat=True).first()
            self.added.setdefault(section.pk, 0)

    def free_slug(self, section, slug):
        self._load(section)
        candidate = first_free_slug(slug, self.slugs[section.pk])
        self.slugs[section.pk].add(candidate)
        return candidate

    def next_path(self, section):
        self._load(section)
        last = self.last_path[section.pk]
        path = Page(path=last)._inc_path() if last else Page._get_path(section.path, section.depth + 1, 1)
        self.last_path[section.pk] = path
        return path

    def added_child(self, section):
        self.added[section.pk] += 1

    def forget(self, section):
        """Another path changed this section's children (a move): read them again next time."""
        self.save_child_counts()
        self.slugs.pop(section.pk, None)

    def save_child_counts(self):
        for pk, count in self.added.items():
            if count:
                Page.objects.filter(pk=pk).update(numchild=F("numchild") + count)
        self.added = dict.fromkeys(self.added, 0)


def section_named(home: HomePage, name: str) -> SectionPage:
    """The section of `home` titled `name`, created and published (in the menu) if missing."""
    section = SectionPage.objects.child_of(home).filter(title=name).first()
    if section is None:
        section = SectionPage(
            title=name, slug=unique_child_slug(home, vietnamese.slugify(name) or "chuyen-muc"), show_in_menus=True
        )
        home.add_child(instance=section)
        section.save_revision(log_action=False).publish(log_action=False)
    return section


def first_free_slug(slug: str, taken) -> str:
    """`slug`, or `slug-2`, `slug-3`... the first one not in `taken`."""
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def unique_child_slug(parent, slug: str, exclude_pk=None) -> str:
    """A slug no sibling under `parent` has yet."""
    taken = parent.get_children().filter(slug__startswith=slug).exclude(pk=exclude_pk).values_list("slug", flat=True)
    return first_free_slug(slug, set(taken))


def image_for_file(path: Path, title: str):
    """The stored image with these bytes, or a new one: re-imports never duplicate photos."""
    Image = get_image_model()
    digest = hashlib.sha1(path.read_bytes()).hexdigest()
    image = Image.objects.filter(file_hash=digest).first()
    if image:
        return image
    with path.open("rb") as handle:
        image = Image(title=title[:255], file=ImageFile(handle, name=path.name))
        image._set_image_file_metadata()
        image.save()
    return image
