"""The board's grid is kept between requests (congtin.followup.board.cache): a second request
asks the database less, and every write the board shows (a send, a return, an acceptance, a
follow-up task done, a unit renamed or imported, a deadline moved, a unit taken off the
directive, new results made by a sync, a deletion) shows at once; at midnight in Vietnam a
pending cell past its deadline turns from "Trong hạn" to "Quá hạn"."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congtin.followup.board import cache as board_cache
from congtin.followup.models import ProgressReport, Requirement, Result, Unit
from congtin.followup.status import VIETNAM
from congtin.followup.units import unit_import

from ..support import make_city_staff, make_directive, make_tree, make_unit_member
from .support import SENT, add_followup

# The board is looked at on 1 August 2026, Vietnam time: the study report (due 31/7) is
# overdue, the programme (due 15/8) and the progress round (30/9) are within their deadlines.
TODAY = datetime(2026, 8, 1, 10, 0, tzinfo=VIETNAM)


@pytest.fixture
def scene(db, client):
    city, d1, g11, g12, d2, g21, g22 = make_tree(districts=2, grassroots=2)
    directive = make_directive([g11, g12, g21, g22])
    staff = make_city_staff()
    client.force_login(staff)
    add_followup(directive, g22, due_on=date(2026, 8, 31))
    with mock.patch.object(board_cache, "now", return_value=TODAY):
        yield {
            "directive": directive,
            "staff": staff,
            "member": make_unit_member(g11),
            "units": (city, d1, g11, g12, d2, g21, g22),
        }


def board(client, directive) -> dict[str, list[str]]:
    """{unit name: the text of each cell of its row}."""
    response = client.get(reverse("followup:board", args=[directive.pk]))
    assert response.status_code == 200
    table = BeautifulSoup(response.content, "html.parser").select_one("table.followup-board")
    return {
        tr.th.get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in table.tbody.find_all("tr")
    }


def header(client, directive) -> list[str]:
    response = client.get(reverse("followup:board", args=[directive.pk]))
    table = BeautifulSoup(response.content, "html.parser").select_one("table.followup-board")
    return [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]


def result(directive, unit, kind) -> Result:
    return Result.objects.get(requirement__directive=directive, requirement__kind=kind, unit=unit)


def test_a_second_request_reads_the_kept_grid(client, scene):
    url = reverse("followup:board", args=[scene["directive"].pk])
    with CaptureQueriesContext(connection) as first:
        first_page = client.get(url)
    with CaptureQueriesContext(connection) as second:
        second_page = client.get(url)

    def grid(page):
        return str(BeautifulSoup(page.content, "html.parser").select_one("table.followup-board"))

    assert grid(second_page) == grid(first_page)
    assert "Đoàn phường 1, Quận 1" in grid(second_page)
    assert len(second.captured_queries) < len(first.captured_queries)
    grid_tables = ("followup_result", "followup_unit", "followup_followuptask", "followup_requirement")
    kept_reads = [q["sql"] for q in second.captured_queries if any(t in q["sql"] for t in grid_tables)]
    assert kept_reads == []


def test_filters_are_kept_apart(client, scene):
    directive = scene["directive"]
    url = reverse("followup:board", args=[directive.pk])
    assert "Đoàn phường 1, Quận 2" in client.get(url).content.decode()
    filtered = client.get(url + "?district=Quận+1").content.decode()
    assert "Đoàn phường 1, Quận 1" in filtered
    assert "Đoàn phường 1, Quận 2" not in filtered
    assert "Đoàn phường 1, Quận 2" in client.get(url).content.decode()


def test_a_send_a_return_and_an_acceptance_show_at_once(client, scene):
    directive, staff, member = scene["directive"], scene["staff"], scene["member"]
    g11 = scene["units"][2]
    assert board(client, directive)["Đoàn phường 1, Quận 1"][1] == "Trong hạn Chưa gửi"
    programme = result(directive, g11, "programme")
    programme.submit(member, now=SENT)
    assert board(client, directive)["Đoàn phường 1, Quận 1"][1] == "Đúng hạn Đã gửi, chờ xem xét Gửi 20/07/2026"
    programme.return_for_changes(staff, "Bổ sung nhiệm vụ", now=SENT)
    assert board(client, directive)["Đoàn phường 1, Quận 1"][1] == "Trong hạn Trả lại để hoàn thiện"
    programme.refresh_from_db()
    programme.submit(member, now=SENT)
    board(client, directive)
    programme.refresh_from_db()
    programme.accept(staff)
    assert board(client, directive)["Đoàn phường 1, Quận 1"][1] == "Đúng hạn Đã tiếp nhận Gửi 20/07/2026"


def test_a_followup_task_done_shows_at_once_also_when_written_with_update(client, scene):
    directive, g22 = scene["directive"], scene["units"][6]
    assert board(client, directive)["Đoàn phường 2, Quận 2"][3] == "Xong 0/1"
    # As the unit's progress round does it: a report, then the task marked done by .update().
    task = directive.followup_tasks.get(unit=g22)
    with transaction.atomic():
        ProgressReport.objects.create(
            followup_task=task, status=ProgressReport.TaskStatus.DONE, percent=100, reported_at=SENT
        )
        type(task).objects.filter(pk=task.pk).update(completed_at=SENT)
    assert board(client, directive)["Đoàn phường 2, Quận 2"][3] == "Xong 1/1"
    task.refresh_from_db()
    task.delete()
    assert board(client, directive)["Đoàn phường 2, Quận 2"][3] == "—"


def test_a_unit_renamed_or_imported_shows_at_once(client, scene):
    directive, g11 = scene["directive"], scene["units"][2]
    assert "Đoàn phường 1, Quận 1" in board(client, directive)
    g11.name = "Đoàn phường Minh Khai"
    g11.save()
    assert "Đoàn phường Minh Khai" in board(client, directive)
    parsed = unit_import.check_tree(unit_import.parse_text("QD1-1\tĐoàn phường Hạ Lý\tQD1\n"))
    assert parsed.ok, parsed.error_messages()
    unit_import.import_units(parsed.rows)
    shown = board(client, directive)
    assert "Đoàn phường Hạ Lý" in shown
    assert "Đoàn phường Minh Khai" not in shown


def test_a_deadline_moved_shows_at_once(client, scene):
    directive = scene["directive"]
    assert board(client, directive)["Đoàn phường 1, Quận 1"][1] == "Trong hạn Chưa gửi"
    programme = directive.requirements.get(kind=Requirement.Kind.PROGRAMME)
    programme.due_on = date(2026, 7, 20)
    programme.save()
    assert board(client, directive)["Đoàn phường 1, Quận 1"][1] == "Quá hạn Chưa gửi"
    assert "Hạn 20/07/2026" in header(client, directive)[2]


def test_a_unit_taken_off_and_a_result_sync_show_at_once(client, scene):
    directive, g22 = scene["directive"], scene["units"][6]
    assert "Đoàn phường 2, Quận 2" in board(client, directive)
    directive.units.remove(g22)
    assert "Đoàn phường 2, Quận 2" not in board(client, directive)
    # A new unit on the directive, its results not yet made: its cells are empty until a sync.
    d2 = scene["units"][4]
    g23 = Unit.objects.create(code="QD2-3", name="Đoàn phường 3, Quận 2", parent=d2, district="Quận 2")
    directive.units.add(g23)
    assert board(client, directive)["Đoàn phường 3, Quận 2"][:3] == ["—", "—", "—"]
    assert directive.sync_results() == 3
    shown = board(client, directive)["Đoàn phường 3, Quận 2"][:3]
    assert shown == ["Quá hạn Chưa gửi", "Trong hạn Chưa gửi", "Trong hạn Chưa gửi"]


def test_at_midnight_in_vietnam_within_turns_overdue(client, scene):
    directive = scene["directive"]
    late_evening = datetime(2026, 8, 15, 23, 59, tzinfo=VIETNAM)  # the programme's last day
    with mock.patch.object(board_cache, "now", return_value=late_evening):
        assert board(client, directive)["Đoàn phường 1, Quận 1"][1] == "Trong hạn Chưa gửi"
    with mock.patch.object(board_cache, "now", return_value=late_evening + timedelta(minutes=2)):
        assert board(client, directive)["Đoàn phường 1, Quận 1"][1] == "Quá hạn Chưa gửi"
    # The same instant written in UTC (17:01 on the 15th there) is the 16th in Vietnam.
    with mock.patch.object(board_cache, "now", return_value=datetime(2026, 8, 15, 17, 1, tzinfo=UTC)):
        assert board(client, directive)["Đoàn phường 1, Quận 1"][1] == "Quá hạn Chưa gửi"
