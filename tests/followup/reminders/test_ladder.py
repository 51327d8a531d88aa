"""The reminder ladder with a frozen clock (the receiver is called with `now`): 7, 3 and 1 days
before a deadline, then weekly while overdue; each rung once, never at night, only the latest
after a downtime, none once done, again once returned; one Vietnamese e-mail per unit."""

from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congtin.core.signals import minute_passed
from congtin.followup import reminders
from congtin.followup.models import FollowUpTask, Reminder, Unit
from tests.followup.support import make_city_staff, make_unit_member

from .support import DUE, at, before, ladder_setup, mails_to, study_of

pytestmark = pytest.mark.django_db


def rungs(result_or_task) -> list[str]:
    return sorted(result_or_task.reminders.values_list("rung", flat=True))


def test_each_rung_is_sent_once_then_weekly_while_overdue():
    (_city, district, grassroots), _directive = ladder_setup()
    study = study_of(district)
    timeline = [
        (before(8), []),
        (before(7, 7, 29), []),  # not before 07:30
        (before(7, 7, 30), ["7"]),
        (before(7, 7, 31), ["7"]),  # a minute later: nothing again
        (before(6), ["7"]),
        (before(3), ["3", "7"]),
        (before(2, 16), ["3", "7"]),
        (before(1), ["1", "3", "7"]),
        (before(0), ["1", "3", "7"]),  # the day itself: the 1-day rung stands
        (before(-1), ["1", "3", "7", "overdue-1"]),
        (before(-7), ["1", "3", "7", "overdue-1"]),
        (before(-8), ["1", "3", "7", "overdue-1", "overdue-2"]),
        (before(-15), ["1", "3", "7", "overdue-1", "overdue-2", "overdue-3"]),
        (before(-15, 12), ["1", "3", "7", "overdue-1", "overdue-2", "overdue-3"]),
    ]
    for now, expected in timeline:
        reminders.remind(now=now)
        assert rungs(study) == sorted(expected), now
    # One e-mail per rung and unit: six rungs, to the district's secretary.
    assert len(mails_to("qd1@example.vn")) == 6
    assert len(mails_to("qd1-1@example.vn")) == 6
    assert rungs(study_of(grassroots)) == rungs(study)


def test_nobody_is_mailed_at_night_through_the_signal():
    ladder_setup()
    minute_passed.send(sender=None, now=before(7, 0, 5))
    minute_passed.send(sender=None, now=before(7, 22, 0))
    assert mail.outbox == [] and not Reminder.objects.exists()
    minute_passed.send(sender=None, now=before(7, 9, 0))
    assert len(mail.outbox) == 2 and Reminder.objects.count() == 2


def test_after_a_downtime_only_the_latest_rung_is_sent():
    (_city, district, _grassroots), _directive = ladder_setup()
    reminders.remind(now=before(2))  # down from long before the 7-day rung
    assert rungs(study_of(district)) == ["3"]
    reminders.remind(now=before(-10))  # down again until the second week overdue
    assert rungs(study_of(district)) == ["3", "overdue-2"]
    assert len(mails_to("qd1@example.vn")) == 2


def test_none_after_completion_and_again_once_returned():
    (_city, district, grassroots), _directive = ladder_setup()
    member = make_unit_member(district, "bithu")
    staff = make_city_staff()
    study = study_of(district)
    reminders.remind(now=before(7))
    study.submit(member, note="Đã tổ chức", now=before(6))
    reminders.remind(now=before(3))
    assert rungs(study) == ["7"]  # done: no 3-day rung
    assert rungs(study_of(grassroots)) == ["3", "7"]

    study.return_for_changes(staff, "Bổ sung số người tham dự", now=before(2, 9))
    mail.outbox.clear()
    reminders.remind(now=before(2, 10))
    assert rungs(study) == ["3", "7"]  # reminded again, at the rung reached
    (message,) = mails_to("qd1@example.vn")
    assert "trả lại để hoàn thiện" in message.body

    study.submit(member, note="Đã bổ sung", now=before(2, 11))
    reminders.remind(now=before(1))
    reminders.remind(now=before(-1))
    assert rungs(study) == ["3", "7"]


def test_follow_up_tasks_are_on_the_ladder_until_completed():
    (_city, district, grassroots), directive = ladder_setup()
    open_task = FollowUpTask.objects.create(
        directive=directive, unit=grassroots, title="Trả lời kiến nghị về sân chơi thiếu nhi", due_on=DUE
    )
    done = FollowUpTask.objects.create(
        directive=directive, unit=district, title="Rà soát đoàn viên", due_on=DUE, completed_at=before(9)
    )
    reminders.remind(now=before(1))
    assert rungs(open_task) == ["1"] and rungs(done) == []
    (message,) = mails_to("qd1-1@example.vn")
    assert "Trả lời kiến nghị về sân chơi thiếu nhi (Việc sau hội nghị)" in message.body
    assert "Rà soát đoàn viên" not in mails_to("qd1@example.vn")[0].body


def test_one_vietnamese_email_per_unit_with_deadlines_standing_and_link():
    (_city, district, _grassroots), directive = ladder_setup()
    programme = district.results.get(requirement__kind="programme")
    programme.requirement.due_on = DUE + timedelta(days=2)  # both due within the week
    programme.requirement.save()
    member = make_unit_member(district, "bithu")
    member.email = "QD1@example.vn"  # the secretary's own address, in capitals: mailed once
    member.save()
    make_unit_member(district, "phobithu")
    reminders.remind(now=before(3))
    (message,) = mails_to("qd1@example.vn")
    assert message.to == ["qd1@example.vn", "phobithu@example.vn"]
    assert message.subject == "Nhắc việc: Quận đoàn số 1 có 2 việc sắp đến hạn"
    body = message.body
    assert "Kính gửi Quận đoàn số 1," in body
    assert "1. Tổ chức học tập, quán triệt (Tổ chức học tập, quán triệt)" in body
    assert "Hạn hoàn thành: Thứ Sáu, 31/07/2026 – còn 3 ngày" in body
    assert "Hạn hoàn thành: Chủ Nhật, 02/08/2026 – còn 5 ngày" in body
    assert "Tình trạng: Chưa hoàn thành, trong hạn" in body
    assert f"Văn bản: {directive.title}" in body
    link = reminders.workspace_url(district, directive)
    assert link.startswith(settings.SITE_URL + "/admin/") and f"Báo cáo tại: {link}" in body

    mail.outbox.clear()
    reminders.remind(now=before(-1))
    (overdue,) = mails_to("qd1@example.vn")
    assert overdue.subject == "Nhắc việc: Quận đoàn số 1 có 2 việc đã quá hạn hoặc sắp đến hạn"
    assert "Hạn hoàn thành: Thứ Sáu, 31/07/2026 – đã quá hạn 1 ngày" in overdue.body
    assert "Tình trạng: Chưa hoàn thành, quá hạn" in overdue.body
    assert "Hạn hoàn thành: Chủ Nhật, 02/08/2026 – còn 1 ngày" in overdue.body


def test_a_unit_without_an_address_gets_its_rows_marked_not_mailed():
    (_city, district, grassroots), _directive = ladder_setup()
    Unit.objects.filter(pk=grassroots.pk).update(secretary_email="")
    reminders.remind(now=before(7))
    assert [message.to for message in mail.outbox] == [["qd1@example.vn"]]
    row = Reminder.objects.get(unit=grassroots)
    assert row.recipients == "" and row.rung == "7"
    assert "hạn Thứ Sáu, 31/07/2026, còn 7 ngày" in row.message


def test_a_minute_with_nothing_due_is_a_few_queries_whatever_the_units():
    units, _directive = ladder_setup()
    for number in range(30):
        unit = Unit.objects.create(code=f"X{number}", name=f"Đoàn phường {number}", parent=units[0])
        _directive.units.add(unit)
    _directive.sync_results()
    reminders.remind(now=before(3))
    assert Reminder.objects.count() == 32
    with CaptureQueriesContext(connection) as queries:
        assert reminders.remind(now=before(3, 8, 1)) == 0
    assert len(queries) <= 4, [query["sql"] for query in queries]
    assert all("due_on" in query["sql"] for query in queries)
    with CaptureQueriesContext(connection) as queries:
        assert reminders.remind(now=before(30)) == 0  # nothing within a week of its deadline
    assert len(queries) <= 2


def test_a_second_run_at_the_same_minute_sends_nothing():
    ladder_setup()
    now = at(DUE - timedelta(days=7), 9)
    assert reminders.remind(now=now) == 2
    assert reminders.remind(now=now) == 0
    assert len(mail.outbox) == 2 and Reminder.objects.count() == 2


def test_a_mail_server_failure_keeps_the_rung_for_the_next_minute():
    (_city, district, grassroots), _directive = ladder_setup()
    send = EmailMessage.send

    def refuse_district(message, *args, **kwargs):
        if "qd1@example.vn" in message.to:
            raise SMTPException("452 try again later")
        return send(message, *args, **kwargs)

    with mock.patch.object(EmailMessage, "send", refuse_district):
        assert reminders.remind(now=before(7, 9)) == 1
    assert rungs(study_of(district)) == [] and rungs(study_of(grassroots)) == ["7"]
    assert reminders.remind(now=before(7, 9, 1)) == 1  # the next minute: the district's turn
    assert rungs(study_of(district)) == ["7"]
    assert [message.to for message in mail.outbox] == [["qd1-1@example.vn"], ["qd1@example.vn"]]
