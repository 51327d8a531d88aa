"""A directive set up in the back office: its required results inline, the units it names
(by default every unit but the city, or a conference's), a monthly progress schedule
expanded into one result per month, and every unit's results made on save."""

from datetime import date

import pytest
from bs4 import BeautifulSoup

from congtin.followup.models import Directive, Requirement, Result
from tests.followup.support import make_city_staff, make_directive, make_tree, make_unit_member

from .support import ADMIN, conference_with_points, directive_data

pytestmark = pytest.mark.django_db

STUDY = {"kind": "study", "title": "Tổ chức học tập, quán triệt", "due_on": "2026-07-31", "weight": "1"}
PROGRAMME = {"kind": "programme", "title": "Chương trình hành động", "due_on": "2026-08-15", "weight": "2"}


@pytest.fixture
def city_client(client):
    client.force_login(make_city_staff())
    return client


def test_new_directive_ticks_every_unit_but_the_city(city_client):
    units = make_tree(districts=2, grassroots=1)
    html = city_client.get(ADMIN + "new/").content.decode()
    page = BeautifulSoup(html, "html.parser")
    ticked = {int(box["value"]) for box in page.select('input[name="units"]') if box.has_attr("checked")}
    offered = {int(box["value"]) for box in page.select('input[name="units"]')}
    assert offered == {unit.pk for unit in units}
    assert ticked == {unit.pk for unit in units[1:]}
    assert "Báo cáo tiến độ hằng tháng" in html
    assert "Tất cả đơn vị (trừ đơn vị cấp cao nhất)" in html


def test_saving_makes_requirements_units_monthly_schedule_and_results(city_client):
    units = make_tree(districts=2, grassroots=1)
    data = directive_data(
        [STUDY, PROGRAMME], units_from="all", progress_from="8/2026", progress_to="2026-11", progress_day="31"
    )
    response = city_client.post(ADMIN + "new/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    directive = Directive.objects.get()
    assert set(directive.units.all()) == set(units[1:])
    progress = list(directive.requirements.filter(kind="progress").order_by("due_on").values_list("title", "due_on"))
    assert progress == [
        ("Báo cáo tiến độ tháng 8/2026", date(2026, 8, 31)),
        ("Báo cáo tiến độ tháng 9/2026", date(2026, 9, 30)),
        ("Báo cáo tiến độ tháng 10/2026", date(2026, 10, 31)),
        ("Báo cáo tiến độ tháng 11/2026", date(2026, 11, 30)),
    ]
    assert directive.requirements.get(kind="programme").weight == 2
    assert Result.objects.filter(requirement__directive=directive).count() == 6 * 4
    assert directive.created_by is not None

    # Saved again with a unit more and the same schedule: nothing doubled, the new unit's results made.
    extra = units[0]
    requirements = [
        {"id": str(r.pk), "kind": r.kind, "title": r.title, "due_on": r.due_on.isoformat(), "weight": str(r.weight)}
        for r in directive.requirements.all()
    ]
    data = directive_data(requirements, units=units, progress_from="8/2026", progress_to="11/2026", progress_day="31")
    response = city_client.post(f"{ADMIN}edit/{directive.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Requirement.objects.filter(directive=directive).count() == 6
    assert Result.objects.filter(requirement__directive=directive, unit=extra).count() == 6
    assert Result.objects.filter(requirement__directive=directive).count() == 6 * 5


def test_a_bad_schedule_is_a_vietnamese_error_and_nothing_is_saved(city_client):
    make_tree(districts=1, grassroots=0)
    data = directive_data([STUDY], units_from="all", progress_from="11/2026", progress_to="8/2026", progress_day="5")
    response = city_client.post(ADMIN + "new/", data)
    assert response.status_code == 200
    assert "Tháng kết thúc phải từ tháng bắt đầu trở đi." in response.content.decode()
    data = directive_data([STUDY], units_from="all", progress_from="tháng tám", progress_to="8/2026", progress_day="")
    assert "phải có dạng tháng/năm" in city_client.post(ADMIN + "new/", data).content.decode()
    assert not Directive.objects.exists()


def test_started_from_a_conference_names_its_units(city_client):
    units = make_tree(districts=3, grassroots=1)
    conference, _points = conference_with_points(units[1:3])
    html = city_client.get(ADMIN + "new/", {"conference": conference.pk}).content.decode()
    assert "Hướng dẫn học tập, quán triệt kết quả Hội nghị giữa năm" in html
    assert city_client.get(ADMIN + "new/", {"conference": "abc"}).status_code == 200

    data = directive_data([STUDY], units_from="conference", conference=str(conference.pk))
    response = city_client.post(ADMIN + "new/", data)
    assert response.status_code == 302
    assert set(Directive.objects.get().units.all()) == set(units[1:3])
    assert Result.objects.count() == 2

    response = city_client.post(ADMIN + "new/", directive_data([STUDY], units_from="conference"))
    assert "Hãy chọn hội nghị để lấy các đơn vị có điểm cầu." in response.content.decode()


def test_a_unit_member_cannot_open_directives(client):
    units = make_tree(districts=1, grassroots=0)
    client.force_login(make_unit_member(units[1]))
    assert client.get(ADMIN).status_code in (302, 403)
    response = client.post(ADMIN + "new/", directive_data([STUDY], units_from="all"))
    assert response.status_code in (302, 403)
    assert not Directive.objects.exists()


def test_a_required_result_a_unit_has_sent_cannot_be_deleted(city_client):
    units = make_tree(districts=1, grassroots=0)
    directive = make_directive(units[1:])
    study = directive.requirements.get(kind="study")
    Result.objects.get(requirement=study).submit(make_unit_member(units[1]), note="Đã tổ chức")
    requirements = [
        {"id": str(r.pk), "kind": r.kind, "title": r.title, "due_on": r.due_on.isoformat(), "weight": str(r.weight)}
        for r in directive.requirements.all()
    ]
    requirements[0]["DELETE"] = "1"
    response = city_client.post(f"{ADMIN}edit/{directive.pk}/", directive_data(requirements, units=units[1:]))
    assert response.status_code == 200
    assert (
        f"Không xóa được “{study.title}”: đã có đơn vị gửi kết quả. Hãy sửa tên hay hạn thay vì xóa."
        in response.content.decode()
    )
    assert Requirement.objects.filter(pk=study.pk).exists()

    # One nobody has sent for goes.
    requirements[0].pop("DELETE")
    requirements[2]["DELETE"] = "1"
    response = city_client.post(f"{ADMIN}edit/{directive.pk}/", directive_data(requirements, units=units[1:]))
    assert response.status_code == 302
    assert directive.requirements.count() == 2


def test_the_listing_writes_dates_as_vietnamese_listings_do_and_a_typed_date_is_read(city_client):
    """21/10/2026, as the board and the reader's pages write it; not Django's "Ngày 21 tháng 10
    năm 2026". And the directive form's date field takes 21/10/2026 as typed."""
    units = make_tree(districts=1, grassroots=0)
    make_directive(units[1:], title="Văn bản có ngày", issued_on=date(2026, 10, 21))
    cells = [td.get_text(" ", strip=True) for td in BeautifulSoup(city_client.get(ADMIN).content, "html.parser")("td")]
    assert "21/10/2026" in cells, cells
    response = city_client.post(ADMIN + "new/", directive_data([STUDY], units_from="all", issued_on="05/11/2026"))
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Directive.objects.get(reference="125-HD/TĐTN").issued_on == date(2026, 11, 5)
