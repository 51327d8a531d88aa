"""The adopted action programme's document: what may be uploaded (a PDF or a DOCX, told by its
bytes and not only its name, within a size limit), how it is served (inline for a PDF), and a
DOCX's text for the preview (zipfile + XML, no other library)."""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_XML_BYTES = 20 * 1024 * 1024  # word/document.xml unpacked: a zip bomb stops here
PDF, DOCX = "pdf", "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def kind_of(name: str) -> str | None:
    """ "pdf" or "docx" by the file name's ending, else None."""
    ending = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ending if ending in CONTENT_TYPES else None


def check_upload(upload) -> str:
    """The kind of an uploaded programme document, or a ValidationError in Vietnamese."""
    kind = kind_of(upload.name or "")
    if kind is None:
        raise ValidationError(_("Chỉ nhận văn bản PDF hoặc Word (.docx)."))
    if not upload.size:
        raise ValidationError(_("Tệp tải lên không có nội dung (0 byte)."))
    if upload.size > MAX_BYTES:
        raise ValidationError(_("Tệp lớn hơn 10 MB; hãy nén hoặc tách văn bản rồi tải lên lại."))
    upload.seek(0)
    if kind == PDF:
        ok = is_pdf(upload)
    else:
        ok = docx_paragraphs(upload) is not None
    upload.seek(0)
    if not ok:
        raise ValidationError(
            _("Tệp “%(name)s” không phải là văn bản %(kind)s hợp lệ (nội dung không đúng định dạng).")
            % {"name": upload.name, "kind": "PDF" if kind == PDF else "Word (.docx)"}
        )
    return kind


def is_pdf(file) -> bool:
    """A PDF starts with "%PDF-" and ends with "%%EOF" (give or take trailing bytes)."""
    head = file.read(8)
    if not head.startswith(b"%PDF-"):
        return False
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(0, size - 2048))
    return b"%%EOF" in file.read()


def docx_paragraphs(file) -> list[str] | None:
    """The document's paragraphs as text, or None when it is no Word document."""
    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                return None
            data = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError, EOFError):
        return None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # entity expansion: not in any real DOCX
        return None
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None
    if root.tag != f"{WORD}document":
        return None
    paragraphs = []
    for paragraph in root.iter(f"{WORD}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{WORD}t":
                parts.append(node.text or "")
            elif node.tag == f"{WORD}tab":
                parts.append("\t")
            elif node.tag in (f"{WORD}br", f"{WORD}cr"):
                parts.append("\n")
        text = "".join(parts).strip()
        if text:
            paragraphs.append(text)
    return paragraphs
