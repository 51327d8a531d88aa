"""Follow-up from the conference: the city sees a directive's conference questions, answered
and not, and makes a follow-up task for a unit from one; a tampered unit is a form error."""

from datetime import date

import pytest

from congtin.followup.models import FollowUpTask
from tests.followup.support import make_city_staff, make_directive, make_tree, make_unit_member

from .support import ask, conference_with_points

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    units = make_tree(districts=3, grassroots=0)
    conference, points = conference_with_points(units[1:3])
    directive = make_directive(units[1:3], conference=conference)
    answered = ask(points[0], "Xin hỏi về kinh phí tổ chức học tập cho chi đoàn?", answered=True)
    difficulty = ask(points[1], "Khó khăn: thiếu tài liệu cho đoàn viên ở khu công nghiệp.")
    return {"units": units, "directive": directive, "answered": answered, "difficulty": difficulty}


def page_url(directive):
    return f"/admin/theo-doi/thiet-lap/van-ban/{directive.pk}/cau-hoi/"


def task_url(directive, question):
    return f"{page_url(directive)}{question.pk}/giao-viec/"


def test_city_sees_answered_questions_and_difficulties_with_the_unit_proposed(client, setting):
    client.force_login(make_city_staff())
    response = client.get(page_url(setting["directive"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Khó khăn, câu hỏi chưa được trả lời (1)" in html
    assert "Câu hỏi đã trả lời (1)" in html
    assert "Thành đoàn sẽ hỗ trợ." in html
    # The unit whose bridge point asked is chosen in that question's form.
    qd2 = setting["units"][2]
    assert f'<option value="{qd2.pk}" selected>' in html


def test_a_follow_up_task_is_made_from_a_question_and_listed_with_its_text(client, setting):
    client.force_login(make_city_staff())
    directive, question, qd2 = setting["directive"], setting["difficulty"], setting["units"][2]
    prefix = f"q{question.pk}"
    response = client.post(
        task_url(directive, question),
        {
            f"{prefix}-unit": qd2.pk,
            f"{prefix}-title": "Bổ sung tài liệu cho khu công nghiệp",
            f"{prefix}-detail": "",
            f"{prefix}-due_on": "2026-09-15",
        },
    )
    assert response.status_code == 302
    task = FollowUpTask.objects.get()
    assert (task.directive, task.unit, task.question, task.due_on) == (directive, qd2, question, date(2026, 9, 15))
    html = client.get(page_url(directive)).content.decode()
    assert "Bổ sung tài liệu cho khu công nghiệp" in html
    assert "Khó khăn: thiếu tài liệu cho đoàn viên ở khu công nghiệp." in html.split("Việc đã giao")[1]


def test_a_unit_the_form_does_not_offer_is_a_form_error_not_a_500(client, setting):
    client.force_login(make_city_staff())
    directive, question = setting["directive"], setting["answered"]
    outside = setting["units"][3]  # QD3: not named by the directive
    prefix = f"q{question.pk}"
    for unit in (outside.pk, "abc", 999999):
        response = client.post(
            task_url(directive, question),
            {f"{prefix}-unit": unit, f"{prefix}-title": "Việc", f"{prefix}-due_on": "2026-09-15"},
        )
        assert response.status_code == 400
        assert "Hãy chọn một đơn vị thực hiện văn bản này." in response.content.decode()
    assert client.post(task_url(directive, question), {f"{prefix}-unit": outside.pk}).status_code == 400
    assert not FollowUpTask.objects.exists()


def test_a_question_of_another_conference_or_a_unit_member_is_refused(client, setting):
    directive = setting["directive"]
    other_units = make_tree(districts=1, grassroots=0, prefix="X")
    _conference, other_points = conference_with_points(other_units[1:], slug="hoi-nghi-khac")
    stranger = ask(other_points[0], "Câu hỏi của hội nghị khác")
    client.force_login(make_city_staff())
    assert client.post(task_url(directive, stranger), {}).status_code == 404
    client.force_login(make_unit_member(setting["units"][1]))
    assert client.get(page_url(directive)).status_code in (302, 403)
    assert client.post(task_url(directive, setting["answered"]), {}).status_code in (302, 403)


def test_the_questions_page_costs_the_same_queries_for_more_questions(client, setting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_city_staff())
    url = page_url(setting["directive"])
    client.get(url)  # sessions, permissions cached as a second visit finds them
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    point = setting["answered"].bridge_point
    for number in range(6):
        ask(point, f"Câu hỏi thêm số {number}", answered=bool(number % 2))
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "Câu hỏi thêm số 5" in html
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]
