"""`manage.py import_articles`: whole articles or none, clear errors, no duplicates."""

import gzip
import json
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Workflow

from congtin.demo.images import placeholder_photo
from congtin.news.models import ArticlePage, SectionPage


def write_jsonl(path, records):
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_import(path, *options):
    """Run the command as a user would; returns (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", str(path), *options, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


def article(id_, title="Hội nghị trực tuyến Đảng bộ", **fields):
    return {
        "id": id_,
        "title": title,
        "lead": "Sa-pô.",
        "body": "Đoạn một.\nĐoạn hai.",
        "section": "Tin tức - Sự kiện",
        "published_at": "2021-06-25T22:00:00+07:00",
        **fields,
    }


@pytest.fixture
def photo_dir(tmp_path):
    placeholder_photo(tmp_path / "images" / "anh-1.jpg", "Ảnh 1")
    return tmp_path


def test_seed_article_imports_with_three_captioned_photos(home, shared_dir, tmp_path):
    code, out, _ = run_import(shared_dir / "seed" / "seed-article.jsonl")
    assert code == 0 and "Tạo mới: 1" in out
    page = ArticlePage.objects.get()
    assert [block.block_type for block in page.body].count("image") == 3
    assert page.author == "Hoàng Tùng"
    assert page.get_parent().title == "Tin tức - Sự kiện"
    assert list(page.tags.names()) == ["Thành đoàn", "Hội nghị trực tuyến", "Nghị quyết"]
    assert page.image is not None


def test_reimporting_the_same_ids_updates_without_duplicates(home, photo_dir):
    body = '<p>Mở đầu</p><figure><img src="images/anh-1.jpg" alt="Ảnh"><figcaption>Chú thích</figcaption></figure>'
    path = write_jsonl(photo_dir / "a.jsonl", [article("a1", body_html=body), article("a2", title="Bài thứ hai")])
    assert run_import(path)[0] == 0
    write_jsonl(path, [article("a1", title="Tiêu đề mới", body_html=body), article("a2", title="Bài thứ hai")])
    code, out, _ = run_import(path)
    assert code == 0 and "Tạo mới: 0, cập nhật: 2, lỗi: 0" in out
    assert ArticlePage.objects.count() == 2
    assert SectionPage.objects.count() == 1
    assert get_image_model().objects.count() == 1
    assert ArticlePage.objects.get(external_id="a1").title == "Tiêu đề mới"


def test_reimport_into_another_section_moves_the_article(home, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1")])
    run_import(path)
    write_jsonl(path, [article("a1", section="Kinh tế")])
    assert run_import(path)[0] == 0
    page = ArticlePage.objects.get(external_id="a1")
    assert page.get_parent().title == "Kinh tế"
    assert page.url.startswith("/kinh-te/")


def test_malformed_line_is_reported_by_number_and_the_rest_go_on(home, tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [article("a1"), '{"id": "a2", "title": ', article("a3", title="Bài ba"), json.dumps({"title": "Không có mã"})],
    )
    code, out, err = run_import(path)
    assert code == 1
    assert "Dòng 2: không phải JSON hợp lệ" in err
    assert "Dòng 4: thiếu trường bắt buộc 'id'" in err
    assert "Tạo mới: 2, cập nhật: 0, lỗi: 2" in err
    assert set(ArticlePage.objects.values_list("external_id", flat=True)) == {"a1", "a3"}


def test_missing_image_fails_that_article_whole(home, photo_dir):
    body = (
        '<p>Mở</p><figure><img src="images/anh-1.jpg"><figcaption>Có</figcaption></figure>'
        '<figure><img src="images/khong-co.jpg"><figcaption>Thiếu</figcaption></figure>'
    )
    path = write_jsonl(photo_dir / "a.jsonl", [article("a1", body_html=body), article("a2", title="Bài hai")])
    code, _, err = run_import(path)
    assert code == 1
    assert "Dòng 1: không tìm thấy tệp ảnh 'images/khong-co.jpg'" in err
    assert list(ArticlePage.objects.values_list("external_id", flat=True)) == ["a2"]
    assert get_image_model().objects.count() == 0


def test_broken_image_file_is_a_clear_error(home, tmp_path):
    (tmp_path / "hong.jpg").write_bytes(b"not a jpeg")
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1", body_html='<figure><img src="hong.jpg"></figure>')])
    code, _, err = run_import(path)
    assert code == 1 and "tệp ảnh 'hong.jpg' hỏng hoặc không phải ảnh" in err
    assert not ArticlePage.objects.exists()


def test_bad_date_is_reported_and_nothing_stored(home, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1", published_at="25/06/2021 22h")])
    code, _, err = run_import(path)
    assert code == 1
    assert "Dòng 1: ngày giờ 'published_at' không hợp lệ: '25/06/2021 22h'" in err
    assert not ArticlePage.objects.exists()


def test_bad_date_on_reimport_keeps_the_stored_article(home, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1", title="Bản đúng")])
    run_import(path)
    write_jsonl(path, [article("a1", title="Bản lỗi", published_at="hôm qua")])
    assert run_import(path)[0] == 1
    assert ArticlePage.objects.get(external_id="a1").title == "Bản đúng"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": ""}, "thiếu trường bắt buộc 'title'"),
        ({"tags": "một, hai"}, "trường 'tags' phải là danh sách chuỗi"),
        ({"source_url": "not a url"}, "địa chỉ 'source_url' không hợp lệ"),
        ({"title": "!!!"}, "không tạo được đường dẫn (slug)"),
    ],
)
def test_invalid_fields_are_explained(home, tmp_path, fields, reason):
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1", **fields)])
    code, _, err = run_import(path)
    assert code == 1 and reason in err


def test_gzipped_file_plain_body_slug_and_defaults(home, tmp_path):
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(
            json.dumps({"id": 7, "title": "Đường Đồng Khởi mở rộng", "body": "Một.\n\nHai <b>đậm</b>."}) + "\n"
        )
    code, out, _ = run_import(path)
    assert code == 0, out
    page = ArticlePage.objects.get(external_id="7")
    assert page.slug == "duong-dong-khoi-mo-rong"
    assert page.get_parent().title == "Tin tổng hợp"
    assert [str(block.value) for block in page.body] == ["<p>Một.</p><p>Hai &lt;b&gt;đậm&lt;/b&gt;.</p>"]


def test_same_title_twice_gets_distinct_slugs(home, tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl", [article("a1", title="Thời tiết hôm nay"), article("a2", title="Thời tiết hôm nay")]
    )
    assert run_import(path)[0] == 0
    assert sorted(ArticlePage.objects.values_list("slug", flat=True)) == ["thoi-tiet-hom-nay", "thoi-tiet-hom-nay-2"]


def test_body_html_is_sanitised(home, tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl", [article("a1", body_html='<p onclick="x()">An <script>alert(1)</script>toàn</p>')]
    )
    assert run_import(path)[0] == 0
    html = str(ArticlePage.objects.get().body[0].value)
    assert "onclick" not in html and "<script" not in html


def test_missing_file_is_a_clear_error(home, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_articles", str(tmp_path / "khong-co.jsonl"))


def test_demo_content_loads_and_reloads_without_loss(home, tmp_path, monkeypatch):
    from congtin.demo.management.commands import load_demo

    monkeypatch.setattr(load_demo, "CREDENTIALS_FILE", tmp_path / "demo-admin.txt")
    monkeypatch.setattr(load_demo, "NEWSROOM_FILE", tmp_path / "demo-newsroom.txt")
    monkeypatch.setattr(load_demo, "FOLLOWUP_FILE", tmp_path / "demo-followup.txt")
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "tài khoản: admin  mật khẩu: " in out.getvalue()
    count = ArticlePage.objects.count()
    assert count >= 24 and SectionPage.objects.count() >= 6
    password_line = out.getvalue().splitlines()[-1]
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert ArticlePage.objects.count() == count
    assert out.getvalue().splitlines()[-1] == password_line


def test_publishing_around_a_workflow_says_how_many(home, tmp_path):
    """Wagtail's default workflow ("Moderators approval") covers the whole site: the import
    publishes directly, as it always did, and says so."""
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1"), article("a2", title="Bài hai")])
    code, out, err = run_import(path)
    assert code == 0 and "Tạo mới: 2" in out
    assert "Xuất bản thẳng, không qua quy trình duyệt (workflow) của chuyên mục: 2 bài" in err
    assert ArticlePage.objects.live().count() == 2


def test_without_a_workflow_the_import_has_nothing_to_say_of_one(home, tmp_path):
    Workflow.objects.update(active=False)
    code, out, err = run_import(write_jsonl(tmp_path / "a.jsonl", [article("a1")]))
    assert code == 0 and "quy trình duyệt" not in out + err


def test_drafts_wait_for_the_workflow_and_leave_the_live_articles_as_they_were(home, client, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1", title="Bản đã đăng")])
    assert run_import(path)[0] == 0
    write_jsonl(path, [article("a1", title="Bản sửa chờ duyệt"), article("a2", title="Bài mới chờ duyệt")])
    code, out, err = run_import(path, "--drafts")  # the old spelling of --draft still works
    assert code == 0 and "Chế độ: Lưu nháp" in out and "Lưu nháp: 2 bài." in out
    assert "Tạo mới: 1, cập nhật: 1, lỗi: 0" in out and "quy trình duyệt (workflow)" not in err

    published = ArticlePage.objects.get(external_id="a1")
    assert published.live and published.title == "Bản đã đăng" and published.has_unpublished_changes
    assert published.get_latest_revision_as_object().title == "Bản sửa chờ duyệt"
    assert "Bản đã đăng" in client.get(published.url).content.decode()

    draft = ArticlePage.objects.get(external_id="a2")
    assert not draft.live and draft.get_latest_revision_as_object().title == "Bài mới chờ duyệt"
    assert draft.first_published_at is None and draft.live_revision is None
    draft.get_latest_revision().publish()  # as an editor's approval would
    assert client.get(ArticlePage.objects.get(external_id="a2").url).status_code == 200
