"""Time online adds up from heartbeats with a 60-second gap rule; a bridge point that
reconnects is still one bridge point."""

from datetime import timedelta

from congtin.conferences.models import HeadcountReport, Presence, Question
from tests.conferences.support import START, add_bridge_points


def beat(point, seconds):
    return Presence.record_heartbeat(point, at=START + timedelta(seconds=seconds))


def test_heartbeats_within_60_seconds_add_up_to_time_online(bridge_point):
    for second in range(0, 601, 20):
        beat(bridge_point, second)
    presence = Presence.objects.get(bridge_point=bridge_point)
    assert presence.first_seen == START
    assert presence.seconds_online == 600
    assert presence.minutes_online == 10


def test_a_silence_longer_than_60_seconds_is_not_counted(bridge_point):
    beat(bridge_point, 0)
    beat(bridge_point, 60)  # exactly the gap: still online
    beat(bridge_point, 300)  # 240 s of silence: offline in between
    beat(bridge_point, 330)
    presence = Presence.objects.get(bridge_point=bridge_point)
    assert presence.seconds_online == 90
    assert presence.last_seen == START + timedelta(seconds=330)


def test_reconnecting_and_two_open_tabs_are_one_bridge_point(bridge_point):
    first_tab, second_tab = range(0, 121, 30), range(15, 136, 30)
    for second in sorted([*first_tab, *second_tab]):
        beat(bridge_point, second)
    beat(bridge_point, 600)  # back after the network dropped
    beat(bridge_point, 620)
    assert Presence.objects.filter(bridge_point=bridge_point).count() == 1
    presence = Presence.objects.get(bridge_point=bridge_point)
    assert presence.first_seen == START
    assert presence.seconds_online == 135 + 20  # online 0-135 s and 600-620 s; no second counted twice


def test_a_late_heartbeat_changes_nothing(bridge_point):
    beat(bridge_point, 0)
    beat(bridge_point, 30)
    beat(bridge_point, 10)
    presence = Presence.objects.get(bridge_point=bridge_point)
    assert (presence.seconds_online, presence.last_seen) == (30, START + timedelta(seconds=30))


def test_a_new_headcount_replaces_the_previous_one(bridge_point):
    HeadcountReport.report(bridge_point, 12, at=START)
    HeadcountReport.report(bridge_point, 19, at=START + timedelta(minutes=5))
    headcount = HeadcountReport.objects.get(bridge_point=bridge_point)
    assert (headcount.count, headcount.reported_at) == (19, START + timedelta(minutes=5))


def test_attendance_rows_report_each_bridge_point(conference):
    present, absent = add_bridge_points(conference, 2)
    for second in range(0, 181, 30):
        beat(present, second)
    HeadcountReport.report(present, 21, at=START + timedelta(minutes=2))
    Question.objects.create(bridge_point=present, text="Câu hỏi một?", status=Question.Status.ANSWERED)
    Question.objects.create(bridge_point=present, text="Câu hỏi hai?")
    Question.objects.create(bridge_point=present, text="Câu hỏi ba?", status=Question.Status.REJECTED)

    first, second = conference.attendance_rows()
    assert (first.code, first.first_seen, first.minutes_online, first.headcount) == ("DC01", START, 3, 21)
    assert (first.questions_asked, first.questions_answered) == (3, 1)
    assert (second.code, second.first_seen, second.minutes_online, second.headcount) == ("DC02", None, 0, None)
    assert (second.questions_asked, second.questions_answered) == (0, 0)


def test_attendance_rows_cost_one_query_however_many_bridge_points(conference, django_assert_num_queries):
    for point in add_bridge_points(conference, 12):
        beat(point, 0)
        HeadcountReport.report(point, 10)
        Question.objects.create(bridge_point=point, text="Hỏi?")
    with django_assert_num_queries(1):
        rows = conference.attendance_rows()
    assert len(rows) == 12 and all(row.questions_asked == 1 for row in rows)
