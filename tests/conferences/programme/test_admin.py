"""The organisers' back office speaks Vietnamese, and "Nhập điểm cầu" imports a whole
list or nothing."""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from congtin.conferences.models import BridgePoint, Conference
from tests.conferences.support import VIETNAMESE_HEADER, add_bridge_points, good_rows, xlsx_bytes

ENGLISH_WORDS = ("Add", "Edit", "Delete", "Save", "Search", "Status", "Filter", "Upload", "Create", "Import")


def visible_text(response):
    page = BeautifulSoup(response.content, "html.parser")
    for hidden in page.select("script, style, template"):
        hidden.decompose()
    return page.get_text(" ", strip=True)


def assert_vietnamese(text):
    for english in ENGLISH_WORDS:
        assert english not in text.split(), english


def import_url(conference):
    return f"/admin/conferences/import-bridge-points/{conference.pk}/"


def test_conference_listing_is_vietnamese_with_organiser_actions(organiser_client, conference):
    text = visible_text(organiser_client.get("/admin/conferences/"))
    assert_vietnamese(text)
    for label in (
        "Thêm hội nghị",
        "Tên hội nghị",
        "Trạng thái",
        "Sắp diễn ra",
        "Hội nghị thử",
        "Nhập điểm cầu",
        "In mã QR điểm cầu",
    ):
        assert label in text


def test_conference_form_is_vietnamese_with_agenda_documents_and_bridge_points(organiser_client, conference):
    add_bridge_points(conference, 2)
    response = organiser_client.get(f"/admin/conferences/edit/{conference.pk}/")
    assert response.status_code == 200
    text = visible_text(response)
    assert_vietnamese(text)
    for label in (
        "Tên hội nghị",
        "Đơn vị tổ chức",
        "Thời gian bắt đầu",
        "Chuyên đề",
        "Tài liệu",
        "Mã điểm cầu",
        "Tên đơn vị",
        "Quận/huyện",
        "Cán bộ đầu mối",
        "Số người dự kiến",
        "Thu hồi đường dẫn",
        conference.publish_url,
        "Nhập điểm cầu",
    ):
        assert label in text, label
    assert "Quận đoàn số 2" in response.content.decode()


def test_new_conference_form_renders(organiser_client, db):
    response = organiser_client.get("/admin/conferences/new/")
    assert response.status_code == 200
    assert "Địa chỉ phát sóng (RTMP) có sau khi lưu hội nghị." in visible_text(response)


def test_import_view_is_vietnamese(organiser_client, conference):
    response = organiser_client.get(import_url(conference))
    assert response.status_code == 200
    text = visible_text(response)
    assert_vietnamese(text)
    assert "Dán danh sách" in text and "Hoặc tải lên tệp" in text


def test_pasted_list_is_imported_and_reimport_updates(organiser_client, conference):
    pasted = (
        "Mã\tTên đơn vị\tQuận/huyện\tSố người dự kiến\n"
        "DC01\tQuận đoàn Hoa Sen\tQuận Hoa Sen\t30\n"
        "DC02\tHuyện đoàn An Bình\tHuyện An Bình\t25\n"
    )
    response = organiser_client.post(import_url(conference), {"text": pasted}, follow=True)
    assert "Đã nhập 2 điểm cầu: 2 điểm cầu mới, 0 điểm cầu được cập nhật." in visible_text(response)
    assert response.redirect_chain[-1][0] == f"/admin/conferences/edit/{conference.pk}/"

    organiser_client.post(import_url(conference), {"text": pasted.replace("\t30", "\t35")})
    assert BridgePoint.objects.filter(conference=conference).count() == 2
    assert BridgePoint.objects.get(conference=conference, code="DC01").expected_participants == 35


def test_uploaded_xlsx_with_56_rows_is_imported(organiser_client, conference):
    upload = SimpleUploadedFile("diem-cau.xlsx", xlsx_bytes([VIETNAMESE_HEADER, *good_rows(56)]))
    response = organiser_client.post(import_url(conference), {"file": upload})
    assert response.status_code == 302
    assert BridgePoint.objects.filter(conference=conference).count() == 56


def test_a_bad_row_imports_nothing_and_is_reported_by_row_number(organiser_client, conference):
    rows = good_rows(10)
    rows[5][2] = ""
    upload = SimpleUploadedFile(
        "diem-cau.csv", ("\n".join(",".join(map(str, row)) for row in [VIETNAMESE_HEADER, *rows])).encode("utf-8-sig")
    )
    response = organiser_client.post(import_url(conference), {"file": upload})
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    errors = [item.get_text(strip=True) for item in page.select(".bridge-point-import-errors li")]
    assert errors == ["Dòng 7: thiếu tên đơn vị"]
    assert "Chưa nhập điểm cầu nào" in visible_text(response)
    assert not BridgePoint.objects.filter(conference=conference).exists()


def test_import_needs_a_list_or_a_file(organiser_client, conference):
    response = organiser_client.post(import_url(conference), {"text": "  "})
    assert "Hãy dán danh sách hoặc chọn một tệp (chỉ một trong hai)." in visible_text(response)


def test_import_view_is_for_organisers_only(client, conference):
    assert client.get(import_url(conference))["Location"].startswith("/admin/login/")
    editor = get_user_model().objects.create_user("bientap", "bt@example.vn", "mat-khau-dai")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.post(import_url(conference), {"text": "DC01\tQuận đoàn A"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail: "no permission"
    assert not BridgePoint.objects.exists()


def test_dashboard_shows_the_publish_url_to_organisers(organiser_client, conference):
    add_bridge_points(conference, 3)
    response = organiser_client.get(f"/hoi-nghi/{conference.slug}/dieu-hanh/")
    text = visible_text(response)
    assert conference.publish_url in text
    assert "Quận đoàn số 3" in text


def test_organiser_creates_a_conference_with_agenda_and_a_bridge_point(organiser_client, db):
    data = nested_form_data(
        {
            "title": "Hội nghị Ban Chấp hành mở rộng",
            "slug": "",
            "organiser": "Thành đoàn Hoa Phượng",
            "starts_at": "2025-06-25 08:00",
            "ends_at": "2025-06-25 11:00",
            "status": "upcoming",
            "description": "",
            "agenda_items": inline_formset(
                [{"title": "Báo cáo chính trị", "presenter": "Bí thư", "planned_start": ""}]
            ),
            "documents": inline_formset([]),
            "bridge_points": inline_formset(
                [
                    {
                        "code": "DC01",
                        "name": "Quận đoàn Hoa Sen",
                        "district": "",
                        "address": "",
                        "coordinator_name": "",
                        "coordinator_phone": "",
                        "expected_participants": "20",
                    },
                ]
            ),
        }
    )
    response = organiser_client.post("/admin/conferences/new/", data)
    assert response.status_code == 302, visible_text(response)
    conference = Conference.objects.get(slug="hoi-nghi-ban-chap-hanh-mo-rong")
    assert [item.title for item in conference.agenda_items.all()] == ["Báo cáo chính trị"]
    point = conference.bridge_points.get()
    assert (point.code, point.expected_participants, len(point.token)) == ("DC01", 20, 32)


def test_duplicate_bridge_point_codes_in_the_form_are_refused(organiser_client, conference):
    point = {
        "district": "",
        "address": "",
        "coordinator_name": "",
        "coordinator_phone": "",
        "expected_participants": "0",
    }
    data = nested_form_data(
        {
            "title": conference.title,
            "slug": conference.slug,
            "organiser": "",
            "status": "upcoming",
            "description": "",
            "starts_at": "2025-06-25 08:00",
            "ends_at": "2025-06-25 11:00",
            "agenda_items": inline_formset([]),
            "documents": inline_formset([]),
            "bridge_points": inline_formset(
                [{"code": "DC01", "name": "A", **point}, {"code": "DC01", "name": "B", **point}]
            ),
        }
    )
    response = organiser_client.post(f"/admin/conferences/edit/{conference.pk}/", data)
    assert response.status_code == 200
    assert "Mỗi mã điểm cầu chỉ dùng một lần trong một hội nghị" in visible_text(response)
    assert not BridgePoint.objects.exists()
