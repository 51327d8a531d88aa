"""The organiser's follow-up board: units in tree order with group rows, each cell's standing in
words with the state and the date sent, the rolled-up progress, totals by standing, the filters
(a bad value is a 400 in Vietnamese), city staff only, and a query count that does not grow with
the number of units. Also the directives list a unit's people see."""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congtin.followup.models import Result

from ..support import make_city_staff, make_directive, make_tree, make_unit_member
from .support import SENT, add_followup

PAST = (datetime(2026, 7, 31).date(), datetime(2026, 8, 15).date())


def future(days=60):
    return timezone.localdate() + timedelta(days=days)


def result(directive, unit, kind) -> Result:
    return Result.objects.get(requirement__directive=directive, requirement__kind=kind, unit=unit)


@pytest.fixture
def scene(db):
    """City › Quận 1 › 2 wards, City › Quận 2 › 2 wards; the 4 wards asked. Ward 1-1 sent its
    study report on time (accepted), ward 1-2 late, ward 2-1's programme was returned."""
    city, d1, g11, g12, d2, g21, g22 = make_tree(districts=2, grassroots=2)
    directive = make_directive([g11, g12, g21, g22], due=(*PAST, future()))
    staff = make_city_staff()
    member = make_unit_member(g11)
    result(directive, g11, "study").submit(member, now=SENT)
    result(directive, g11, "study").accept(staff)
    result(directive, g12, "study").submit(member, now=datetime(2026, 8, 2, 3, tzinfo=UTC))
    programme = result(directive, g21, "programme")
    programme.submit(member, now=SENT)
    programme.return_for_changes(staff, "Bổ sung nhiệm vụ", now=SENT)
    add_followup(directive, g22, due_on=PAST[0])
    add_followup(directive, g22, due_on=PAST[0], completed_at=SENT)
    return {"directive": directive, "staff": staff, "member": member, "units": (city, d1, g11, g12, d2, g21, g22)}


def board_url(directive, **query) -> str:
    from urllib.parse import urlencode

    url = reverse("followup:board", args=[directive.pk])
    return f"{url}?{urlencode(query)}" if query else url


def rows(response) -> dict[str, list[str]]:
    """{unit name: the text of each of its row's cells}, in the board's order."""
    page = BeautifulSoup(response.content, "html.parser")
    table = page.select_one("table.followup-board")
    return {
        tr.th.get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.tbody.find_all("tr")
        if tr.th is not None
    }


def result_link(pk) -> str:
    return reverse("followup:result", args=[pk])


def test_the_board_shows_each_cell_in_words_with_the_state_and_date(client, scene):
    directive, (city, d1, g11, g12, d2, g21, g22) = scene["directive"], scene["units"]
    client.force_login(scene["staff"])
    response = client.get(board_url(directive))
    assert response.status_code == 200
    board = rows(response)
    # Tree order, group rows (not asked) included.
    assert list(board) == [city.name, d1.name, g11.name, g12.name, d2.name, g21.name, g22.name]
    study, programme, progress, tasks, percent = board[g11.name]
    assert study == "Đúng hạn Đã tiếp nhận Gửi 20/07/2026"
    assert programme == "Quá hạn Chưa gửi"
    assert progress == "Trong hạn Chưa gửi"
    assert tasks == "—"
    assert percent == "33%"  # 1 of 3 equally weighted results stands
    assert board[g12.name][0] == "Trễ hạn Đã gửi, chờ xem xét Gửi 02/08/2026"
    assert board[g21.name][1] == "Quá hạn Trả lại để hoàn thiện"
    assert board[g22.name][3] == "Xong 1/2 1 quá hạn"
    # Group rows: how many of the units below have done each result, and the rolled-up figure.
    assert board[d1.name] == ["2/2 đơn vị hoàn thành", "0/2 đơn vị hoàn thành", "0/2 đơn vị hoàn thành", "", "33%"]
    assert board[d2.name][-1] == "0%"
    assert board[city.name][-1] == "17%"  # (33.3 + 33.3 + 0 + 0) / 4
    page = BeautifulSoup(response.content, "html.parser")
    cell = page.find("td", class_="on_time")
    link = result_link(result(directive, g11, "study").pk)
    if link is not None:
        assert cell.a["href"] == link
    totals = [td.get_text(" ", strip=True) for td in page.select("table.followup-board tfoot td")]
    assert totals[0] == "Đúng hạn: 1 Trễ hạn: 1 Trong hạn: 0 Quá hạn: 2"
    assert totals[2] == "Đúng hạn: 0 Trễ hạn: 0 Trong hạn: 4 Quá hạn: 0"
    assert totals[3] == "Đúng hạn: 1 Trễ hạn: 0 Trong hạn: 0 Quá hạn: 1"
    # The grid scrolls sideways inside its own box (a phone's page does not).
    box = page.select_one("div.followup-board-box")
    assert box is not None and box.table is not None
    assert ".followup-board-box { overflow-x: auto" in response.content.decode()


def test_the_filters_narrow_rows_and_columns(client, scene):
    directive, (city, d1, g11, g12, *_rest) = scene["directive"], scene["units"]
    client.force_login(scene["staff"])
    assert list(rows(client.get(board_url(directive, district="Quận 1")))) == [city.name, d1.name, g11.name, g12.name]
    assert list(rows(client.get(board_url(directive, standing="late")))) == [city.name, d1.name, g12.name]
    nothing = client.get(board_url(directive, level="district"))
    assert list(rows(nothing)) == []
    assert "Không có đơn vị nào khớp với bộ lọc." in nothing.content.decode()
    by_kind = client.get(board_url(directive, kind="study"))
    assert rows(by_kind)[g11.name] == ["Đúng hạn Đã tiếp nhận Gửi 20/07/2026", "100%"]
    header = BeautifulSoup(by_kind.content, "html.parser").select("table.followup-board thead th")
    assert [th.get_text(" ", strip=True).split(" Hạn")[0] for th in header] == [
        "Đơn vị",
        "Tổ chức học tập, quán triệt",
        "Tiến độ",
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"district": "Quận 9"}, "Không có quận/huyện “Quận 9” trong các đơn vị của văn bản này."),
        ({"level": "tinh"}, "Cấp đơn vị “tinh” không có."),
        ({"kind": "x"}, "Loại kết quả “x” không có."),
        ({"standing": "done"}, "Tình trạng “done” không có."),
    ],
)
def test_a_filter_value_the_board_does_not_offer_is_a_400_in_vietnamese(client, scene, query, message):
    client.force_login(scene["staff"])
    response = client.get(board_url(scene["directive"], **query))
    assert response.status_code == 400
    alert = BeautifulSoup(response.content, "html.parser").find(role="alert")
    assert alert.get_text(strip=True) == message


def test_only_city_staff_open_the_board_export_and_summary(client, scene):
    directive = scene["directive"]
    client.force_login(scene["member"])
    # Wagtail's admin answers a refusal by sending the person back to the dashboard with a message.
    for name in ("followup:board", "followup:board_export", "followup:summary"):
        response = client.get(reverse(name, args=[directive.pk]))
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    response = client.post(reverse("followup:summary_article", args=[directive.pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert directive.__class__.objects.get(pk=directive.pk).report_page is None
    client.force_login(scene["staff"])
    assert client.get(reverse("followup:board", args=[directive.pk + 100])).status_code == 404


def test_the_directives_list_leads_the_city_to_boards_and_a_unit_to_its_workspace(client, scene):
    directive, g11 = scene["directive"], scene["units"][2]
    make_directive(make_tree(districts=1, grassroots=1, prefix="X")[1:], title="Văn bản của đơn vị khác")
    client.force_login(scene["member"])
    page = BeautifulSoup(client.get(reverse("followup:directives")).content, "html.parser")
    text = page.select_one("table.listing").get_text(" ", strip=True)
    assert directive.title in text and "Văn bản của đơn vị khác" not in text
    link = page.find("a", string=g11.name)
    expected = reverse("followup:unit_directive", args=[g11.code, directive.pk])
    assert (link["href"] if link else None) == expected
    assert not page.find("a", href=reverse("followup:board", args=[directive.pk]))

    client.force_login(scene["staff"])
    page = BeautifulSoup(client.get(reverse("followup:directives")).content, "html.parser")
    assert page.find("a", href=reverse("followup:board", args=[directive.pk]), string=directive.title)
    assert "Văn bản của đơn vị khác" in page.get_text()


def test_the_board_costs_as_many_queries_for_50_units_as_for_5(client, db):
    staff = make_city_staff()
    member = make_unit_member(make_tree(districts=1, grassroots=0, prefix="M")[0], username="m")
    counts = {}
    for size, prefix in ((5, "A"), (50, "B")):
        units = make_tree(districts=5, grassroots=size // 5 - 1, prefix=prefix)[1:]
        assert len(units) == size
        directive = make_directive(units, due=(*PAST, future()))
        for unit in units[::3]:
            result(directive, unit, "study").submit(member, now=SENT)
            add_followup(directive, unit)
        client.force_login(staff)
        client.get(board_url(directive))  # warm: the session, the site's settings
        with CaptureQueriesContext(connection) as queries:
            response = client.get(board_url(directive))
        assert response.status_code == 200 and len(rows(response)) == size + 1
        counts[size] = len(queries)
    assert counts[5] == counts[50], counts


def test_the_menu_offers_the_directives_to_city_staff_and_unit_people_only(client, scene):
    from django.contrib.auth import get_user_model

    from congtin.followup.roles import UNIT_STAFF, ensure_roles

    url = reverse("followup:directives")
    for user in (scene["staff"], scene["member"]):
        client.force_login(user)
        assert url in client.get(reverse("wagtailadmin_home")).content.decode()
    outsider = get_user_model().objects.create_user("khach", "khach@example.vn", "mat-khau-dai-1")
    outsider.groups.add(ensure_roles()[UNIT_STAFF])  # may sign in, reports for no unit
    client.force_login(outsider)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200 and url not in home.content.decode()
