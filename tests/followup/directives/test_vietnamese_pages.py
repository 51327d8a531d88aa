"""The set-up pages speak Vietnamese: the units' listing, form, import and members pages, the
directives' listing and form, and the conference questions page."""

import pytest
from bs4 import BeautifulSoup

from tests.followup.support import make_city_staff, make_directive, make_tree

from .support import ask, conference_with_points

pytestmark = pytest.mark.django_db

ENGLISH_WORDS = ("Add", "Edit", "Delete", "Save", "Search", "Status", "Filter", "Upload", "Create", "Import", "Units")


def visible_text(response):
    page = BeautifulSoup(response.content, "html.parser")
    for hidden in page.select("script, style, template"):
        hidden.decompose()
    return page.get_text(" ", strip=True)


def test_set_up_pages_are_vietnamese(client):
    units = make_tree(districts=2, grassroots=0)
    conference, points = conference_with_points(units[1:])
    directive = make_directive(units[1:], conference=conference)
    ask(points[0], "Xin hỏi về tài liệu học tập?")
    client.force_login(make_city_staff())
    base = "/admin/theo-doi/thiet-lap/"
    pages = {
        f"{base}don-vi/": ("Đơn vị cấp trên", "Thêm đơn vị"),
        f"{base}don-vi/nhap/": ("Dán danh sách", "Nhập danh sách"),
        f"{base}don-vi/edit/{units[1].pk}/": ("Mã đơn vị", "Cán bộ báo cáo"),
        f"{base}don-vi/{units[1].pk}/can-bo/": ("Tên đăng nhập hoặc thư điện tử",),
        f"{base}van-ban/": ("Văn bản chỉ đạo", "Ngày ban hành"),
        f"{base}van-ban/new/": ("Kết quả yêu cầu", "Báo cáo tiến độ hằng tháng", "Đơn vị thực hiện"),
        f"{base}van-ban/edit/{directive.pk}/": ("Câu hỏi tại hội nghị", "Bảng theo dõi"),
        f"{base}van-ban/{directive.pk}/cau-hoi/": ("Giao việc cho đơn vị", "Xin hỏi về tài liệu học tập?"),
    }
    for url, labels in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response)
        for english in ENGLISH_WORDS:
            assert english not in text.split(), (url, english)
        for label in labels:
            assert label in text, (url, label)
    menu = client.get("/admin/").content.decode()
    # The sidebar's menu is JSON in the page, its slashes escaped: look for the addresses' tails.
    assert "theo-doi/thiet-lap/van-ban/" in menu and "theo-doi/thiet-lap/don-vi/" in menu
