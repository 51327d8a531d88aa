"""The city's log of reminders in the back office: when, unit, item, rung, recipients, filtered
by unit or directive; the units' people do not see it."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from congtin.followup import reminders
from congtin.followup.models import Result, Unit
from tests.followup.support import make_city_staff, make_directive, make_unit_member

from .support import before, ladder_setup

pytestmark = pytest.mark.django_db

LOG = "/admin/theo-doi/nhac-viec/"


@pytest.fixture(autouse=True)
def password_sign_in(settings):
    settings.CONGTIN_REQUIRE_2FA = False


def test_city_staff_read_the_log_and_filter_it(client):
    (city, district, grassroots), directive = ladder_setup()
    later = (date(2026, 12, 31),) * 3
    other = make_directive([district], title="Kế hoạch tháng thanh niên", due=later)
    Unit.objects.filter(pk=grassroots.pk).update(secretary_email="")
    reminders.remind(now=before(7, 9, 5))
    assert reverse("followup_reminders:index") == LOG
    client.force_login(make_city_staff())

    page = client.get(LOG).content.decode()
    assert "Nhật ký nhắc việc" in page
    assert "Thứ Sáu, 24/07/2026 09:05" in page
    assert "Trước hạn 7 ngày" in page
    assert f"Tổ chức học tập, quán triệt – {directive.title}" in page
    assert "qd1@example.vn" in page
    assert "Chưa gửi thư: đơn vị chưa có địa chỉ thư điện tử" in page
    assert '"url": "/admin/theo-doi/nhac-viec/"' in client.get("/admin/").content.decode()  # the menu item
    # Each reminded item links to itself, and the back office carries the stylesheet that lets
    # the listing scroll on a phone.
    soup = BeautifulSoup(page, "html.parser")
    result = Result.objects.get(unit=district, requirement__directive=directive, requirement__kind="study")
    study = f"Tổ chức học tập, quán triệt – {directive.title}"
    links = {a["href"] for a in soup.select("table.listing a[href]") if a.get_text(" ", strip=True) == study}
    assert reverse("followup:result", args=[result.pk]) in links
    assert soup.select_one('link[rel="stylesheet"][href$="css/admin.css"]') is not None

    only_grassroots = client.get(LOG, {"unit": grassroots.pk}).content.decode()
    assert "Chưa gửi thư" in only_grassroots and "qd1@example.vn" not in only_grassroots
    other_directive = client.get(LOG, {"directive": other.pk}).content.decode()
    assert "Trước hạn 7 ngày" not in other_directive  # nothing sent for it yet
    assert "Trước hạn 7 ngày" in client.get(LOG, {"directive": directive.pk}).content.decode()
    assert city.pk


def test_a_units_people_do_not_see_the_log(client):
    (_city, district, _grassroots), _directive = ladder_setup()
    reminders.remind(now=before(7))
    client.force_login(make_unit_member(district))
    response = client.get(LOG)
    assert response.status_code in (302, 403)
    assert "qd1@example.vn" not in response.content.decode()
    assert '"url": "/admin/theo-doi/nhac-viec/"' not in client.get("/admin/").content.decode()
