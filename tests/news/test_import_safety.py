"""An import file's photos come from its own folder (or --media-dir), never from elsewhere on
the server, and its errors name the path as written, never where the server keeps things."""

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.images import get_image_model

from congtin.demo.images import placeholder_photo
from congtin.news.importer import import_file
from congtin.news.models import ArticlePage


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def run_import(path, *options):
    """Run the command as an operator would; returns (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", str(path), *options, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def with_photo(id_, src):
    return {
        "id": id_,
        "title": f"Bài có ảnh {id_}",
        "body_html": f'<p>Mở đầu</p><figure><img src="{src}"><figcaption>Ảnh</figcaption></figure>',
    }


def stored_digests():
    digests = set()
    for image in get_image_model().objects.all():
        with image.open_file() as handle:
            digests.add(hashlib.sha1(handle.read()).hexdigest())
    return digests


@pytest.fixture
def layout(tmp_path):
    """import/ holds the file and its photo; outside.jpg and secret/ lie beside it."""
    folder = tmp_path / "import"
    placeholder_photo(folder / "images" / "anh-1.jpg", "Ảnh trong thư mục")
    outside = placeholder_photo(tmp_path / "outside.jpg", "Ảnh ngoài thư mục")
    (folder / "link.jpg").symlink_to(outside)
    (tmp_path / "secret").mkdir()
    placeholder_photo(tmp_path / "secret" / "x.jpg", "Bí mật")
    (folder / "linked-dir").symlink_to(tmp_path / "secret")
    return folder, outside


# (src as written in the file, what the message says of it)
REFUSED = [
    ("/etc/hostname", "không nhận đường dẫn tuyệt đối"),
    ("/root/.ssh/id_rsa.jpg", "không nhận đường dẫn tuyệt đối"),
    ("../outside.jpg", "đường dẫn đi ra ngoài thư mục ảnh"),
    ("images/../../outside.jpg", "đường dẫn đi ra ngoài thư mục ảnh"),
    ("link.jpg", "liên kết (symlink) trỏ ra ngoài thư mục ảnh"),
    ("linked-dir/x.jpg", "liên kết (symlink) trỏ ra ngoài thư mục ảnh"),
    ("a\x00b.jpg", "đường dẫn chứa ký tự NUL"),
    ("a" * 300 + ".jpg", "đường dẫn quá dài"),
    ("file:///etc/hostname", "chỉ nhận đường dẫn tệp tương đối với thư mục ảnh"),
    ("https://example.vn/anh.jpg", "chỉ nhận đường dẫn tệp tương đối với thư mục ảnh"),
]


def test_photos_from_outside_the_folder_are_refused_line_by_line(home, layout):
    folder, outside = layout
    records = [with_photo("ok", "images/anh-1.jpg")] + [
        with_photo(f"bad-{n}", src) for n, (src, _) in enumerate(REFUSED)
    ]
    code, out, err = run_import(write_jsonl(folder / "a.jsonl", records))
    assert code == 1
    lines = err.splitlines()
    for number, (src, reason) in enumerate(REFUSED, start=2):
        written = repr(src if len(src) <= 120 else src[:100] + "…")
        expected = f"Dòng {number}: ảnh {written}: {reason}"
        assert any(line.startswith(expected) for line in lines), (expected, err)
    # No message shows where the server keeps anything: not the folder, not the resolved outside file.
    assert str(folder.parent) not in out + err and str(folder.resolve().parent) not in out + err
    assert f"Tạo mới: 1, cập nhật: 0, lỗi: {len(REFUSED)}" in err
    assert list(ArticlePage.objects.values_list("external_id", flat=True)) == ["ok"]
    # Nothing from outside was copied into media.
    outside_digests = {hashlib.sha1(p.read_bytes()).hexdigest() for p in (outside, folder.parent / "secret" / "x.jpg")}
    assert len(stored_digests()) == 1 and not stored_digests() & outside_digests


def test_an_absolute_path_to_a_real_photo_is_refused_and_not_copied(home, layout):
    folder, outside = layout
    code, _, err = run_import(write_jsonl(folder / "a.jsonl", [with_photo("a1", str(outside))]))
    assert code == 1 and f"Dòng 1: ảnh {str(outside)!r}: không nhận đường dẫn tuyệt đối" in err
    assert not get_image_model().objects.exists() and not ArticlePage.objects.exists()


def test_a_missing_photo_is_named_as_written_without_the_server_path(home, layout):
    folder, _ = layout
    code, _, err = run_import(write_jsonl(folder / "a.jsonl", [with_photo("a1", "images/khong-co.jpg")]))
    assert code == 1 and "Dòng 1: không tìm thấy tệp ảnh 'images/khong-co.jpg' trong thư mục ảnh" in err
    assert str(folder) not in err


def test_relative_paths_that_stay_inside_the_folder_are_imported(home, layout):
    folder, _ = layout
    (folder / "images" / "inner-link.jpg").symlink_to(folder / "images" / "anh-1.jpg")
    records = [with_photo("a1", "images/anh-1.jpg"), with_photo("a2", "images/../images/inner-link.jpg")]
    code, out, _ = run_import(write_jsonl(folder / "a.jsonl", records))
    assert code == 0 and "Tạo mới: 2, cập nhật: 0, lỗi: 0" in out
    assert get_image_model().objects.count() == 1  # the same bytes: one stored photo


def test_media_dir_is_where_photo_paths_start_and_stop(home, tmp_path):
    photos = tmp_path / "kho-anh"
    placeholder_photo(photos / "2021" / "anh-1.jpg", "Ảnh kho")
    placeholder_photo(tmp_path / "files" / "anh-canh.jpg", "Ảnh cạnh tệp nhập")
    path = write_jsonl(
        tmp_path / "files" / "a.jsonl", [with_photo("a1", "2021/anh-1.jpg"), with_photo("a2", "../files/anh-canh.jpg")]
    )
    code, out, err = run_import(path, "--media-dir", str(photos))
    assert code == 1 and "Tạo mới: 1, cập nhật: 0, lỗi: 1" in err
    assert "Dòng 2: ảnh '../files/anh-canh.jpg': đường dẫn đi ra ngoài thư mục ảnh" in err
    assert str(tmp_path) not in err.replace(str(photos), "")  # only the operator's own --media-dir, if at all
    assert ArticlePage.objects.get().external_id == "a1"

    report = import_file(path, home=home, media_dir=photos)  # the same rule through the function
    assert report.updated == 1 and [line for line, _ in report.errors] == [2]


def test_media_dir_must_be_a_folder(home, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [with_photo("a1", "anh.jpg")])
    with pytest.raises(CommandError, match="--media-dir không phải là thư mục"):
        call_command("import_articles", str(path), "--media-dir", str(tmp_path / "khong-co"))


def test_seed_article_still_imports_from_its_folder(home, shared_dir):
    code, out, _ = run_import(shared_dir / "seed" / "seed-article.jsonl")
    assert code == 0 and "Tạo mới: 1, cập nhật: 0, lỗi: 0" in out
    assert get_image_model().objects.count() == 3
