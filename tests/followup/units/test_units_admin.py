"""The unit tree in the back office: city staff list, import and edit units and choose who
reports for them; a unit's own people are turned away."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from congtin.followup.models import Unit
from tests.conferences.support import xlsx_bytes
from tests.followup.support import make_city_staff, make_tree, make_unit_member

pytestmark = pytest.mark.django_db

INDEX = "/admin/theo-doi/thiet-lap/don-vi/"
IMPORT = INDEX + "nhap/"


@pytest.fixture
def city_client(client):
    client.force_login(make_city_staff())
    return client


def test_listing_shows_parent_level_district_and_secretary(city_client):
    make_tree(districts=2, grassroots=1)
    html = city_client.get(INDEX).content.decode()
    for text in ("Quận đoàn số 2", "Thành đoàn Hoa Phượng", "Quận đoàn, Huyện đoàn, Đoàn trực thuộc", "Quận 2"):
        assert text in html
    assert "Bí thư Quận đoàn 1" in html
    link = BeautifulSoup(html, "html.parser").find("a", href=IMPORT)
    assert link is not None and "Nhập danh sách đơn vị" in link.get_text()
    assert not link.find_parent(class_="w-dropdown")  # a button in the header, not under ⋯
    found = city_client.get(INDEX, {"q": "Đoàn phường 1, Quận 2"}).content.decode()
    assert "QD2-1" in found and "QD1-1" not in found


def test_pasted_list_is_imported_by_city_staff(city_client):
    response = city_client.post(
        IMPORT, {"text": "TD\tThành đoàn\t\tThành đoàn\nQD1\tQuận đoàn 1\tTD\tQuận đoàn\tQuận 1\tLê An\tan@example.vn"}
    )
    assert response.status_code == 302
    messages = city_client.get(response["Location"]).content.decode()
    assert "Đã nhập 2 đơn vị: 2 đơn vị mới, 0 đơn vị được cập nhật." in messages
    assert Unit.objects.get(code="QD1").parent.code == "TD"


def test_bad_upload_names_its_rows_and_imports_nothing(city_client):
    upload = SimpleUploadedFile(
        "don-vi.xlsx",
        xlsx_bytes([["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"], ["QD1", "", "TD"], ["QD2", "Q2", "X"]]),
    )
    response = city_client.post(IMPORT, {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Danh sách có lỗi nên chưa đơn vị nào được nhập" in html
    assert "Dòng 2: thiếu tên đơn vị" in html
    assert Unit.objects.count() == 0


def test_a_unit_member_cannot_open_the_units_nor_import(client):
    units = make_tree(districts=1, grassroots=1)
    client.force_login(make_unit_member(units[1]))
    for url in (INDEX, IMPORT, f"{INDEX}{units[1].pk}/can-bo/", f"{INDEX}edit/{units[1].pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert not response.has_header("Location") or "/thiet-lap/" not in response["Location"]
    response = client.post(IMPORT, {"text": "X1\tĐơn vị lạ"})
    assert response.status_code in (302, 403)
    assert not Unit.objects.filter(code="X1").exists()


def test_city_staff_add_and_remove_the_people_who_report(city_client):
    units = make_tree(districts=1, grassroots=0)
    person = get_user_model().objects.create_user("bithu-qd1", "BiThu@Example.vn", "mat-khau-dai-1")
    url = f"{INDEX}{units[1].pk}/can-bo/"
    assert city_client.post(url, {"account": "khong-ai"}).status_code == 400
    assert "Không có tài khoản “khong-ai”." in city_client.post(url, {"account": "khong-ai"}).content.decode()
    response = city_client.post(url, {"account": "bithu@example.vn"})
    assert response.status_code == 302
    assert list(units[1].members.all()) == [person]
    assert person.groups.filter(name="Cán bộ đơn vị").exists()
    assert "bithu-qd1" in city_client.get(url).content.decode()
    city_client.post(url, {"remove": str(person.pk)})
    assert not units[1].members.exists()
    assert city_client.post(url, {"remove": "abc"}).status_code == 302


def test_a_unit_cannot_be_put_below_its_own_child(city_client):
    units = make_tree(districts=1, grassroots=1)
    qd1, below = units[1], units[2]
    response = city_client.post(
        f"{INDEX}edit/{qd1.pk}/",
        {"code": qd1.code, "name": qd1.name, "parent": below.pk, "level": qd1.level, "weight": 1},
    )
    assert response.status_code == 200
    assert "Đơn vị cấp trên không thể là chính đơn vị này hay một đơn vị trực thuộc nó." in response.content.decode()
    qd1.refresh_from_db()
    assert qd1.parent == units[0]
