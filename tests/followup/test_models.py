"""The rules the models own: deadlines end with the day in Vietnam, a result's versions
(submit, return with a comment, resubmit, accept), results made once per unit, scoping."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from congtin.followup import access
from congtin.followup.models import Result, Unit
from congtin.followup.status import Standing, deadline_end, standing

from .support import make_city_staff, make_directive, make_tree, make_unit_member

DUE = date(2026, 7, 31)


def test_a_deadline_is_the_whole_day_in_vietnam():
    # 23:59:59 on the day in Hanoi is 16:59:59 UTC; midnight after it is 17:00 UTC.
    assert standing(DUE, datetime(2026, 7, 31, 16, 59, 59, tzinfo=UTC), now=datetime(2026, 8, 9, tzinfo=UTC)) == (
        Standing.ON_TIME
    )
    assert standing(DUE, datetime(2026, 7, 31, 17, 0, tzinfo=UTC), now=datetime(2026, 8, 9, tzinfo=UTC)) == (
        Standing.LATE
    )
    assert standing(DUE, None, now=datetime(2026, 7, 31, 16, 59, 59, tzinfo=UTC)) == Standing.WITHIN
    assert standing(DUE, None, now=datetime(2026, 7, 31, 17, 0, tzinfo=UTC)) == Standing.OVERDUE
    assert deadline_end(DUE).isoformat() == "2026-08-01T00:00:00+07:00"


@pytest.mark.django_db
def test_results_are_made_once_per_unit_and_requirement():
    units = make_tree(districts=2, grassroots=2)
    directive = make_directive(units[1:])
    assert Result.objects.filter(requirement__directive=directive).count() == 6 * 3
    assert directive.sync_results() == 0


@pytest.mark.django_db
def test_returned_then_resubmitted_late():
    units = make_tree(districts=1, grassroots=0)
    directive = make_directive(units[1:])
    programme = Result.objects.get(unit=units[1], requirement__kind="programme")
    user = make_unit_member(units[1])
    staff = make_city_staff()
    on_time = datetime(2026, 8, 10, 3, 0, tzinfo=UTC)
    programme.submit(user, note="Bản thứ nhất", now=on_time)
    assert programme.standing(now=on_time) == Standing.ON_TIME
    with pytest.raises(ValidationError):
        programme.submit(user, now=on_time)  # waits for review
    with pytest.raises(ValidationError):
        programme.return_for_changes(staff, "   ")
    programme.return_for_changes(staff, "Bổ sung nhiệm vụ về chuyển đổi số", now=on_time)
    after_deadline = datetime(2026, 8, 20, 3, 0, tzinfo=UTC)
    assert programme.standing(now=after_deadline) == Standing.OVERDUE
    programme.submit(user, note="Bản thứ hai", now=after_deadline)
    assert programme.standing(now=after_deadline) == Standing.LATE
    programme.accept(staff)
    assert [(s.number, s.return_comment) for s in programme.submissions.all()] == [
        (1, "Bổ sung nhiệm vụ về chuyển đổi số"),
        (2, ""),
    ]
    with pytest.raises(ValidationError):
        programme.submit(user)
    assert directive.pk


@pytest.mark.django_db
def test_a_unit_sees_itself_and_below_the_city_sees_all():
    city, district1, g11, g12, district2, g21, g22 = make_tree(districts=2, grassroots=2)
    member = make_unit_member(district1)
    staff = make_city_staff()
    assert set(access.visible_units(member)) == {district1, g11, g12}
    assert set(access.visible_units(staff)) == set(Unit.objects.all())
    assert Unit.objects.subtree_ids(city) == set(Unit.objects.values_list("pk", flat=True))
