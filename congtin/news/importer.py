"""Importing articles from JSON Lines: one article a line, each whole or not at all.

The format (see docs/import.md): `id` and `title` required; `lead`; `body_html` (with
`<figure><img src><figcaption>` for captioned photos, `src` relative to the file's folder
or --media-dir, and inside it) or
`body` (plain text); `published_at` (ISO 8601); `section`; `author`; `source_name`;
`source_url`; `tags`; `slug`. Re-importing an `id` updates that article.

Three modes (ImportMode, docs/import.md "Modes"): PUBLISH makes each article live at once, or
schedules it when its `published_at` is ahead, going around any workflow (archive migrations);
DRAFT saves drafts; SUBMIT saves drafts and sends each through its section's Wagtail workflow
as a named user, as if they had pressed "Gửi duyệt".
"""

import gzip
import hashlib
import html
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple, TextIO

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.validators import URLValidator
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.log_actions import log
from wagtail.models import Page, Revision, Workflow, WorkflowState

from congtin import vietnamese
from congtin.core.params import iso_datetime
from congtin.core.photo_metadata import clean_photo

from . import lifecycle
from .blocks import RICH_TEXT_FEATURES
from .models import ArticlePage, HomePage, SectionPage, first_free_slug

DEFAULT_SECTION = "Tin tổng hợp"
_rich_text = EditorHTMLConverter(features=RICH_TEXT_FEATURES)


class RecordError(ValueError):
    """A line that cannot become an article; the message says why, in Vietnamese."""


class ImportRefused(Exception):
    """The whole import is refused before anything is written (the user may not submit); the
    message says why, in Vietnamese."""


class ImportMode(StrEnum):
    PUBLISH = "publish"  # live at once, or scheduled when ahead; around any workflow
    DRAFT = "draft"  # a draft revision; editors send it on
    SUBMIT = "submit"  # a draft revision, sent through the section's workflow by a user


@dataclass
class ImportReport:
    mode: ImportMode = ImportMode.PUBLISH
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    # (line, what happened to that article beyond what its mode says), in line order.
    notes: list[tuple[int, str]] = field(default_factory=list)
    # What became of the created and updated articles (each counted once):
    published: int = 0  # PUBLISH: live at once
    scheduled: int = 0  # PUBLISH: a `published_at` ahead, live at that time (publish_scheduled)
    drafts: int = 0  # DRAFT; SUBMIT into a section with no workflow
    submitted: int = 0  # SUBMIT: a workflow started (or resumed after "needs changes")
    in_review: int = 0  # SUBMIT: already in a workflow, its draft updated, not sent twice
    # SUBMIT: locked for the user (in review at a step they do not review, or locked by
    # someone): left as it was, neither created nor updated.
    kept: int = 0
    # PUBLISH: articles published or scheduled into a section a Wagtail workflow governs.
    bypassed_workflow: int = 0

    @property
    def failed(self) -> int:
        return len(self.errors)


def open_lines(path: Path) -> TextIO:
    """Text lines of a .jsonl or .jsonl.gz file."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def count_lines(path: Path) -> int:
    with open_lines(path) as lines:
        return sum(1 for _ in lines)


BATCH_SIZE = 200


def import_file(
    path: str | Path,
    home: HomePage | None = None,
    on_line: Callable[[], object] | None = None,
    media_dir: str | Path | None = None,
    *,
    mode: ImportMode = ImportMode.PUBLISH,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    """Import every line of `path`; a bad line is reported and the others go on.

    Photo paths are relative to `media_dir`, by default the file's own folder, and must stay
    inside it (no absolute path, no '..' or symlink leading out: resolve_image_path). Lines are
    written in batches (one transaction each, a savepoint per article), and each batch goes
    through congtin.news.lifecycle at once (search, renditions, purge), so a large archive
    imports at a steady rate.

    `mode` (ImportMode): PUBLISH (the default, for archive migrations) publishes each article
    directly, going around any workflow of its section (Wagtail's default "Moderators
    approval" covers the whole site; the report counts those in `bypassed_workflow`), and
    schedules one whose `published_at` is ahead (lifecycle.go_live_for), never publishing it
    early. DRAFT saves drafts; the live articles stay as they were. SUBMIT saves drafts and
    sends each through its section's workflow as `user`, who must be allowed to
    (check_may_submit, before anything is written: ImportRefused otherwise).
    """
    path = Path(path)
    home = home or HomePage.default()
    if mode is ImportMode.SUBMIT:
        if user is None:
            raise ImportRefused(_("Gửi duyệt cần một người gửi (--user)."))
        check_may_submit(path, user, home)
    importer = _Importer(home, base_dir=Path(media_dir) if media_dir else path.parent, mode=mode, user=user)
    report = ImportReport(mode=mode)
    with open_lines(path) as lines, lifecycle.importing():
        batch = []
        for number, line in enumerate(lines, start=1):
            if line.strip():
                batch.append((number, line))
            if len(batch) >= BATCH_SIZE:
                importer.import_batch(batch, report, on_line)
                batch = []
        importer.import_batch(batch, report, on_line)
    report.errors.sort()  # in line order (a batch reports unreadable lines first)
    if report.created + report.updated >= ANALYZE_AFTER:
        refresh_planner_statistics()
    return report


ANALYZE_AFTER = 500
# How many refusals check_may_submit names before "and N more".
REFUSALS_NAMED = 5


def check_may_submit(path: Path, user: AbstractBaseUser, home: HomePage) -> None:
    """Refuse the whole import (ImportRefused) unless `user` may do what Wagtail's "Gửi duyệt"
    asks of them for every article of the file: add pages in each section named (create a
    section under the home page, for one not there yet) and edit each article already stored.

    Wagtail 8's `can_submit_for_moderation()` only says whether a page may enter a workflow
    now (one governs it, it is in none, it is not locked); who may press the button is who may
    add (a new page) or edit (a stored one) it, which is what the admin's views check first.
    Read before anything is written: one line the user may not import refuses the file."""
    if not user.is_active:
        raise ImportRefused(_("Người dùng '%(user)s' đã bị khóa, không gửi duyệt được.") % {"user": user})
    if user.is_superuser:
        return
    wanted: dict[str, str] = {}  # external id: the section named for it (the last line's)
    with open_lines(path) as lines:
        for line in lines:
            try:
                record = parse_json_line(line) if line.strip() else None
                if record is not None:
                    section_title = _text(record, "section", max_length=255) or DEFAULT_SECTION
                    wanted[_text(record, "id", required=True, max_length=255)] = section_title
            except RecordError:  # the import reports it for its line
                continue
    ids = sorted(wanted)
    stored: dict[str, ArticlePage] = {}
    for start in range(0, len(ids), BATCH_SIZE):
        found = ArticlePage.objects.filter(external_id__in=ids[start : start + BATCH_SIZE]).select_related("section")
        stored.update((article.external_id, article) for article in found)
    refusals: list[str] = []
    # Adding: a new article, or one moved into another section, needs "add" there.
    adding = sorted(
        {
            title
            for external_id, title in wanted.items()
            if external_id not in stored or getattr(stored[external_id].section, "title", None) != title
        }
    )
    sections = {section.title: section for section in SectionPage.objects.child_of(home).filter(title__in=adding)}
    for title in adding:
        section = sections.get(title)
        if section is None and not home.permissions_for_user(user).can_add_subpage():
            refusals.append(_("tạo chuyên mục mới '%(section)s'") % {"section": title})
        elif section is not None and not section.permissions_for_user(user).can_add_subpage():
            refusals.append(_("thêm bài vào chuyên mục '%(section)s'") % {"section": title})
    for article in sorted(stored.values(), key=lambda article: article.pk):
        if not article.permissions_for_user(user).can_edit():
            refusals.append(_("sửa bài '%(title)s' (mã %(id)s)") % {"title": article.title, "id": article.external_id})
    if refusals:
        named = "; ".join(refusals[:REFUSALS_NAMED])
        if len(refusals) > REFUSALS_NAMED:
            named += _(" và %(count)d việc khác") % {"count": len(refusals) - REFUSALS_NAMED}
        raise ImportRefused(
            _("Người dùng '%(user)s' không có quyền %(refusals)s, nên không gửi duyệt được. Chưa nhập bài nào.")
            % {"user": user.get_username(), "refusals": named}
        )


def refresh_planner_statistics() -> None:
    """After a bulk import, let the database re-learn table sizes: SQLite keeps none until
    told, and without them it can walk 100k pages for a query that needs ten."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def parse_json_line(line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise RecordError(
            _("không phải JSON hợp lệ (%(reason)s, cột %(column)d)") % {"reason": error.msg, "column": error.colno}
        ) from error
    if not isinstance(record, dict):
        raise RecordError(_("mỗi dòng phải là một đối tượng JSON {...}"))
    return record


def _text(record: dict, key: str, required: bool = False, max_length: int | None = None) -> str:
    value = record.get(key)
    if value is None or value == "":
        if required:
            raise RecordError(_("thiếu trường bắt buộc '%(field)s'") % {"field": key})
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key == "id":
        value = str(value)
    if not isinstance(value, str):
        raise RecordError(_("trường '%(field)s' phải là chuỗi") % {"field": key})
    value = value.strip()
    if required and not value:
        raise RecordError(_("thiếu trường bắt buộc '%(field)s'") % {"field": key})
    if max_length and len(value) > max_length:
        raise RecordError(_("trường '%(field)s' dài quá %(count)d ký tự") % {"field": key, "count": max_length})
    return value


def parse_published_at(value: object) -> datetime:
    """ISO 8601; a time without offset is taken as Vietnam time."""
    if value in (None, ""):
        return timezone.now()
    if not isinstance(value, str):
        raise RecordError(_("trường 'published_at' phải là chuỗi ngày giờ ISO 8601"))
    moment = iso_datetime(value)
    if moment is None:
        raise RecordError(
            _("ngày giờ 'published_at' không hợp lệ: %(value)r (cần dạng ISO 8601, ví dụ 2021-06-25T22:00:00+07:00)")
            % {"value": value}
        )
    return moment


def parse_tags(value: object) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise RecordError(_("trường 'tags' phải là danh sách chuỗi"))
    return list(dict.fromkeys(tag.strip()[:100] for tag in value if tag.strip()))


def parse_source_url(value: str) -> str:
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise RecordError(_("địa chỉ 'source_url' không hợp lệ: %(value)r") % {"value": value}) from error
    return value


class EscapedHTML(str):
    """Rich text we built from escaped plain text: nothing in it needs sanitising."""


@dataclass
class Figure:
    src: str
    caption: str
    alt: str
    path: Path | None = None  # the photo's file, once found (resolve_image_path)


# A part of an article's body: rich-text HTML, a photo, or ("quote", its text).
BodyPart = str | Figure | tuple[str, str]


def body_from_text(text: str) -> list[BodyPart]:
    """Plain text body: each non-empty line a paragraph, as one rich-text part."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return [EscapedHTML("".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs))] if paragraphs else []


def split_body_html(markup: str) -> list[BodyPart]:
    """The body as a list of rich-text HTML strings, Figure photos and ("quote", text) pairs."""
    parts: list[BodyPart] = []
    buffer: list[str] = []

    def flush() -> None:
        chunk = "".join(buffer).strip()
        if chunk:
            parts.append(chunk)
        buffer.clear()

    def walk(nodes: Iterable[PageElement]) -> None:
        for node in nodes:
            if isinstance(node, Tag) and node.name in ("figure", "img"):
                img = node if node.name == "img" else node.find("img")
                if img is None or not img.get("src"):
                    continue
                caption_tag = node.find("figcaption") if node.name == "figure" else None
                caption = caption_tag.get_text(" ", strip=True) if caption_tag else ""
                flush()
                parts.append(Figure(str(img["src"]).strip(), caption, str(img.get("alt") or "").strip()))
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

    walk(BeautifulSoup(markup, "html.parser").children)
    flush()
    return parts


# Longest photo path accepted as written, and longest name of one folder or file in it
# (Linux's NAME_MAX is 255 bytes): a longer one is refused before the file system is asked.
MAX_SRC_LENGTH = 1024
MAX_NAME_BYTES = 255


def _as_written(src: str) -> str:
    """The photo path as the file has it, quoted for a message (a long one shortened)."""
    return repr(src if len(src) <= 120 else src[:100] + "…")


def resolve_image_path(base_dir: Path, src: str) -> Path:
    """The photo's file, which must lie inside `base_dir` (the import file's folder or
    --media-dir). Messages name `src` as written in the file, never the server's paths."""
    written = _as_written(src)
    if "\x00" in src:
        raise RecordError(_("ảnh %(src)s: đường dẫn chứa ký tự NUL") % {"src": written})
    if "://" in src or src.startswith(("data:", "file:")):
        raise RecordError(
            _("ảnh %(src)s: chỉ nhận đường dẫn tệp tương đối với thư mục ảnh, không nhận địa chỉ web hay file://")
            % {"src": written}
        )
    if len(src) > MAX_SRC_LENGTH or any(len(name.encode()) > MAX_NAME_BYTES for name in src.split("/")):
        raise RecordError(_("ảnh %(src)s: đường dẫn quá dài") % {"src": written})
    if PurePosixPath(src).is_absolute():
        raise RecordError(
            _("ảnh %(src)s: không nhận đường dẫn tuyệt đối, chỉ đường dẫn tương đối với thư mục ảnh") % {"src": written}
        )
    if os.path.normpath(src).split("/")[0] == "..":
        raise RecordError(_("ảnh %(src)s: đường dẫn đi ra ngoài thư mục ảnh ('..')") % {"src": written})
    folder = base_dir.resolve()
    try:
        path = (folder / src).resolve()
        found = path.is_file()
    except (OSError, RuntimeError):  # a symlink loop, a name the file system refuses
        found = False
    if found and not path.is_relative_to(folder):
        raise RecordError(_("ảnh %(src)s: liên kết (symlink) trỏ ra ngoài thư mục ảnh, không nhập") % {"src": written})
    if not found:
        raise RecordError(_("không tìm thấy tệp ảnh %(src)s trong thư mục ảnh") % {"src": written})
    try:
        with PILImage.open(path) as picture:
            picture.verify()
    except Exception as error:  # Pillow raises many kinds for a broken file
        raise RecordError(_("tệp ảnh %(src)s hỏng hoặc không phải ảnh") % {"src": written}) from error
    return path


class _Saved(NamedTuple):
    """What became of one line's article: `outcome` is "created", "updated" or "kept" (left
    as it was), `state` the report's counter it adds to, `note` a word for the summary."""

    outcome: str
    article: ArticlePage | None
    state: str
    note: str = ""
    bypassed_workflow: bool = False


class _Importer:
    def __init__(
        self,
        home: HomePage,
        base_dir: Path,
        mode: ImportMode = ImportMode.PUBLISH,
        user: AbstractBaseUser | None = None,
    ):
        self.home = home
        self.base_dir = base_dir
        self.mode = mode
        self.user = user
        self.sections: dict[str, tuple[SectionPage, Workflow | None]] = {}  # title: (section, its workflow)
        self.tree = _SectionChildren()
        self.known: dict[str, ArticlePage] = {}  # the batch's stored articles, by external id

    def import_batch(
        self, batch: list[tuple[int, str]], report: ImportReport, on_line: Callable[[], object] | None = None
    ) -> None:
        saved = []
        with transaction.atomic():
            records = []
            for number, line in batch:
                try:
                    records.append((number, parse_json_line(line)))
                except RecordError as error:
                    report.errors.append((number, str(error)))
                    if on_line:
                        on_line()
            self.known = self.stored_articles(record for _, record in records)
            for number, record in records:
                try:
                    result = self.import_record(record)
                except RecordError as error:
                    report.errors.append((number, str(error)))
                else:
                    if result.outcome != "kept":
                        setattr(report, result.outcome, getattr(report, result.outcome) + 1)
                    setattr(report, result.state, getattr(report, result.state) + 1)
                    report.bypassed_workflow += result.bypassed_workflow
                    if result.note:
                        report.notes.append((number, result.note))
                    if result.article is not None:
                        saved.append(result.article)
                if on_line:
                    on_line()
            self.tree.save_child_counts()
        lifecycle.after_import(saved, published=self.mode is ImportMode.PUBLISH)

    @staticmethod
    def stored_articles(records: Iterable[dict]) -> dict[str, ArticlePage]:
        """The batch's articles already stored, by external id, in one query."""
        ids = set()
        for record in records:
            try:
                ids.add(_text(record, "id", required=True, max_length=255))
            except RecordError:  # import_record reports it
                pass
        return {article.external_id: article for article in ArticlePage.objects.filter(external_id__in=ids)}

    def import_record(self, record: dict) -> "_Saved":
        """Create or update one article, as its mode says."""
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
        # A publication time ahead is the go-live time, in every mode: published now, or when
        # a workflow approves it, the article is scheduled, never live early.
        fields["go_live_at"] = lifecycle.go_live_for(fields["published_at"])
        tags = parse_tags(record.get("tags"))
        slug = vietnamese.slugify(_text(record, "slug") or title)
        if not slug:
            raise RecordError(_("không tạo được đường dẫn (slug) từ tiêu đề"))
        section_title = _text(record, "section", max_length=255) or DEFAULT_SECTION
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
                return self._save(external_id, fields, tags, slug, section_title, parts)
        except ValidationError as error:
            raise RecordError(
                _("dữ liệu không hợp lệ: %(reasons)s") % {"reasons": "; ".join(error.messages)}
            ) from error
        except DatabaseError as error:
            raise RecordError(_("cơ sở dữ liệu từ chối bài này (%(error)s)") % {"error": error}) from error

    def _save(
        self,
        external_id: str,
        fields: dict[str, Any],
        tags: list[str],
        slug: str,
        section_title: str,
        parts: list[BodyPart],
    ) -> _Saved:
        article = self.known.get(external_id)
        if article is not None and self.mode is ImportMode.SUBMIT and (lock := self.lock_against_user(article)):
            return _Saved("kept", None, "kept", lock)
        section, workflow = self.section_titled(section_title)
        body = [block for part in parts if (block := self._block(part, fields["title"]))]
        first_image = next((b["value"]["image"] for b in body if b["type"] == "image"), None)
        outcome = "updated" if article else "created"
        if article is None:
            article = ArticlePage(external_id=external_id)
        was_live = outcome == "updated" and article.live
        for name, value in fields.items():
            setattr(article, name, value)
        article.body = body
        article.image_id = first_image
        live_now = self.mode is ImportMode.PUBLISH and article.go_live_at is None
        if live_now:
            article.first_published_at = article.first_published_at or fields["published_at"]
        article.tags.set(tags)
        if outcome == "created":
            if self.mode is ImportMode.SUBMIT:
                article.owner = self.user  # as the admin's "add" makes its user the owner
            self.create(section, article, slug, live=live_now)
            self.known[external_id] = article  # the same id again further down this batch
            revision = article.latest_revision
            if self.mode is ImportMode.SUBMIT:  # the page's history names who added it, as the admin's does
                log(instance=article, action="wagtail.create", user=self.user, revision=revision, content_changed=True)
        else:
            if article.parent_section().pk != section.pk:
                # Wagtail keeps no draft of where a page is: a new section moves it at once.
                article.slug = section.unique_child_slug(article.slug, exclude_pk=article.pk)
                article.move(section, pos="last-child")
                article.refresh_from_db(fields=["path", "depth", "url_path"])
                article._cached_parent_obj = section
                self.tree.forget(section)
            revision = article.save_revision(user=self.user, log_action=self.mode is ImportMode.SUBMIT)
        if self.mode is ImportMode.DRAFT:
            return _Saved(outcome, article, "drafts")
        if self.mode is ImportMode.SUBMIT:
            return _Saved(outcome, article, *self.submit(article, outcome, workflow))
        if not live_now:
            # Wagtail's scheduling: the revision is approved to go live at go_live_at and
            # publish_scheduled publishes it then; a live article keeps its live version.
            assert revision is not None
            revision.publish(log_action=False)
            if was_live:  # the steps see what readers see until then, not the scheduled change
                article = ArticlePage.objects.get(pk=article.pk)
            state = "scheduled"
        elif outcome == "updated":
            revision.publish(log_action=False)
            state = "published"
        else:
            state = "published"  # create() wrote it live
        return _Saved(outcome, article, state, bypassed_workflow=workflow is not None)

    def lock_against_user(self, article: ArticlePage) -> str:
        """Why the user may not change this article now ("" if they may): Wagtail locks a page
        in review for whoever does not review its current step, and a page an editor locked."""
        lock = article.get_lock()
        if not lock or not lock.for_user(self.user):
            return ""
        state = article.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            task = state.current_task_state.task if state.current_task_state else ""
            return _(
                "bài '%(title)s' đang chờ duyệt ở bước '%(task)s', chỉ người duyệt bước này sửa được: giữ nguyên"
            ) % {"title": article.title, "task": task}
        return _("bài '%(title)s' đang bị khóa: giữ nguyên") % {"title": article.title}

    def submit(self, article: ArticlePage, outcome: str, workflow: Workflow | None) -> tuple[str, str]:
        """Send the article through its section's workflow as the user's "Gửi duyệt" does (Wagtail's
        edit view): a new workflow, or the one waiting for changes resumed. One already in
        review stays as it is: its approval publishes the latest revision, this one."""
        if workflow is None:
            return "drafts", _("chuyên mục '%(section)s' không có quy trình duyệt: chỉ lưu nháp") % {
                "section": article.parent_section().title
            }
        state = article.current_workflow_state if outcome == "updated" else None
        if state is None:
            workflow.start(article, self.user)
        elif state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(self.user)
        else:
            return "in_review", _("đang chờ duyệt: cập nhật bản nháp, không gửi lại")
        return "submitted", ""

    def create(self, section: SectionPage, article: ArticlePage, slug: str, *, live: bool) -> None:
        """Write a new article and its first revision as Wagtail's add_child, save_revision and
        publish (or, not `live`, without publish) would leave them.

        Wagtail's own way saves the page three times and looks up its parent, siblings and
        site each time: measured on dantri-unc-200, 33 articles/s, and add_child alone 76,
        against 100 written here; an archive of 100k articles cannot afford it. Updates,
        moves and new sections do go through Wagtail's own methods.
        """
        article.slug = self.tree.free_slug(section, slug)
        article.path = self.tree.next_path(section)
        article.depth = section.depth + 1
        article.numchild = 0
        article.locale_id = section.locale_id
        article.live = live
        article.has_unpublished_changes = not live
        article.draft_title = article.title
        article.last_published_at = article.first_published_at if live else None
        article._cached_parent_obj = section  # save() keeps the section from it, with no query
        article.save(clean=False)  # every field was validated while parsing the line
        revision = Revision.objects.create(
            content_object=article,
            base_content_type=article.get_base_content_type(),
            content=article.serializable_data(),
            object_str=str(article),
            user=self.user,
        )
        article.latest_revision = revision
        article.live_revision = revision if live else None
        Page.objects.filter(pk=article.pk).update(latest_revision=revision, live_revision=article.live_revision)
        self.tree.added_child(section)

    def _block(self, part: BodyPart, title: str) -> dict | None:
        if isinstance(part, Figure):
            assert part.path is not None  # import_record found every photo first
            try:
                image = image_for_file(part.path, part.alt or part.caption or title)
            except OSError as error:  # gone or unreadable since it was checked
                raise RecordError(_("không đọc được tệp ảnh %(src)s") % {"src": _as_written(part.src)}) from error
            return {"type": "image", "value": {"image": image.pk, "caption": part.caption, "alt": part.alt}}
        if isinstance(part, tuple):
            return {"type": "quote", "value": {"text": part[1], "attribution": ""}}
        cleaned = part if isinstance(part, EscapedHTML) else _rich_text.to_database_format(part).strip()
        return {"type": "paragraph", "value": cleaned} if cleaned else None

    def section_titled(self, title: str) -> tuple[SectionPage, Workflow | None]:
        """HomePage.section_titled(title, create=True), asked once per import, and the Wagtail
        workflow that governs the section, if any."""
        if title not in self.sections:
            section = self.home.section_titled(title, create=True)
            self.sections[title] = (section, section.get_workflow())
        return self.sections[title]


class _SectionChildren:
    """What the importer knows of each section's children: their slugs and the last tree path.

    Loaded once per section, kept up to date as articles are added, so adding an article
    asks the database nothing about its siblings.
    """

    def __init__(self) -> None:
        self.slugs: dict[int, set[str]] = {}
        self.last_path: dict[int, str | None] = {}
        self.added: dict[int, int] = {}

    def _load(self, section: SectionPage) -> None:
        if section.pk not in self.slugs:
            children = Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
            self.slugs[section.pk] = set(children.values_list("slug", flat=True))
            self.last_path[section.pk] = children.order_by("-path").values_list("path", flat=True).first()
            self.added.setdefault(section.pk, 0)

    def free_slug(self, section: SectionPage, slug: str) -> str:
        self._load(section)
        candidate = first_free_slug(slug, self.slugs[section.pk])
        self.slugs[section.pk].add(candidate)
        return candidate

    def next_path(self, section: SectionPage) -> str:
        """The tree path after the section's last child's (treebeard's own rule for add_child)."""
        self._load(section)
        last = self.last_path[section.pk]
        path = Page(path=last)._inc_path() if last else Page._get_path(section.path, section.depth + 1, 1)
        self.last_path[section.pk] = path
        return path

    def added_child(self, section: SectionPage) -> None:
        self.added[section.pk] += 1

    def forget(self, section: SectionPage) -> None:
        """Another path changed this section's children (a move): read them again next time."""
        self.save_child_counts()
        self.slugs.pop(section.pk, None)

    def save_child_counts(self) -> None:
        for pk, count in self.added.items():
            if count:
                Page.objects.filter(pk=pk).update(numchild=F("numchild") + count)
        self.added = dict.fromkeys(self.added, 0)


def image_for_file(path: Path, title: str) -> AbstractImage:
    """The stored image with these bytes, or a new one: re-imports never duplicate photos.

    The photo is stored without its private metadata (congtin.core.photo_metadata), so a
    stored copy is looked up by the cleaned bytes' hash, and by the file's own hash for
    photos stored as they came (before cleaning, or with nothing to clean)."""
    Image = get_image_model()
    data = path.read_bytes()
    cleaned = clean_photo(data)
    stored = cleaned if cleaned is not None else data
    digests = {hashlib.sha1(data).hexdigest(), hashlib.sha1(stored).hexdigest()}
    image = Image.objects.filter(file_hash__in=digests).order_by("pk").first()
    if image:
        return image
    image = Image(title=title[:255], file=ImageFile(ContentFile(stored), name=path.name))
    image._set_image_file_metadata()
    image.save()
    return image
