"""The reminder ladder: 7, 3 and 1 days before a deadline, then weekly while overdue (the day
after the deadline, then every 7 days), for every result that does not stand (pending or
returned) and every follow-up task not completed. A receiver of
congtin.core.signals.minute_passed (`remind`), and the city's log of what was sent
(`ReminderViewSet`, in the menu "Theo dõi sau hội nghị").

The rules:
- only during the working day in Vietnam (WORKDAY), so nobody is mailed at night;
- only the latest rung reached: after a downtime the rungs missed are not sent one by one;
- one e-mail per unit and run, listing all its items due, to the unit's secretary and its
  members (a unit with no address still gets its `Reminder` rows, with no recipients: the city
  sees that nobody was mailed);
- the `Reminder` row is written in the same transaction as the decision and the e-mail; its
  unique constraints make a second run, or a second process at the same time, send nothing twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import django_filters
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from congtin.core.origin import site_url
from congtin.vietnamese import format_date, format_datetime, weekday_name

from . import access
from .models import Directive, FollowUpTask, Reminder, Requirement, Result, Unit
from .status import VIETNAM, standing

logger = logging.getLogger(__name__)

BEFORE = (7, 3, 1)  # days before the deadline, largest first
OVERDUE = "overdue-"  # + the week past the deadline: overdue-1, overdue-2...
WORKDAY = (time(7, 30), time(17, 30))  # Vietnam time


def rung_for(due_on: date, today: date) -> str | None:
    """The latest rung reached on `today` (Vietnam date) for a deadline, None before the first."""
    left = (due_on - today).days
    if left >= 0:
        reached = [days for days in BEFORE if left <= days]
        return str(reached[-1]) if reached else None
    return f"{OVERDUE}{(-left - 1) // 7 + 1}"


def rung_label(rung: str) -> str:
    """How the log and the workspace name a rung: "Trước hạn 3 ngày", "Quá hạn (lần nhắc 2)"."""
    if rung.startswith(OVERDUE):
        return _("Quá hạn (lần nhắc %(number)s)") % {"number": rung.removeprefix(OVERDUE)}
    return _("Trước hạn %(days)s ngày") % {"days": rung}


def deadline_text(due_on: date) -> str:
    """A deadline as the e-mail writes it: "Thứ Sáu, 31/07/2026"."""
    return f"{weekday_name(due_on)}, {format_date(due_on)}"


def countdown_text(due_on: date, today: date) -> str:
    left = (due_on - today).days
    if left > 0:
        return _("còn %(days)d ngày") % {"days": left}
    if left == 0:
        return _("hạn chót là hôm nay")
    return _("đã quá hạn %(days)d ngày") % {"days": -left}


def workspace_url(unit: Unit, directive: Directive) -> str:
    """The absolute address of the unit's workspace for a directive."""
    return site_url(reverse("followup:unit_directive", args=[unit.code, directive.pk]))


@dataclass
class DueItem:
    """A result or a follow-up task whose latest rung has not been sent."""

    unit_id: int
    directive: Directive
    title: str
    due_on: date
    rung: str
    result: Result | None = None
    task: FollowUpTask | None = None

    @property
    def returned(self) -> bool:
        return self.result is not None and self.result.state == Result.State.RETURNED


def _rung_case(field: str, dates: set[date], today: date) -> Case:
    return Case(
        *(When(**{field: due_on}, then=Value(rung_for(due_on, today))) for due_on in sorted(dates)),
        default=Value(""),
        output_field=CharField(),
    )


def due_items(today: date) -> list[DueItem]:
    """Everything whose latest rung on `today` has no Reminder row yet. The deadlines that can
    have a rung are chosen first (a few dates), so the queries touch only items due on them
    and ask the database which of those already had that rung."""
    horizon = today + timedelta(days=BEFORE[0])
    items: list[DueItem] = []

    dates = set(Requirement.objects.filter(due_on__lte=horizon).values_list("due_on", flat=True).distinct())
    if dates:
        results = (
            Result.objects.filter(completed_at__isnull=True, requirement__due_on__in=dates)
            .exclude(state=Result.State.ACCEPTED)
            .annotate(rung=_rung_case("requirement__due_on", dates, today))
            .filter(~Exists(Reminder.objects.filter(result=OuterRef("pk"), rung=OuterRef("rung"))))
            .select_related("requirement__directive")
            .order_by("requirement__due_on", "requirement__sort_order", "pk")
        )
        items += [
            DueItem(
                unit_id=result.unit_id,
                directive=result.requirement.directive,
                title=result.requirement.title,
                due_on=result.requirement.due_on,
                rung=result.rung,
                result=result,
            )
            for result in results
        ]

    open_tasks = FollowUpTask.objects.filter(completed_at__isnull=True, due_on__lte=horizon)
    dates = set(open_tasks.values_list("due_on", flat=True).distinct())
    if dates:
        tasks = (
            open_tasks.annotate(rung=_rung_case("due_on", dates, today))
            .filter(~Exists(Reminder.objects.filter(followup_task=OuterRef("pk"), rung=OuterRef("rung"))))
            .select_related("directive")
            .order_by("due_on", "pk")
        )
        items += [
            DueItem(
                unit_id=task.unit_id,
                directive=task.directive,
                title=task.title,
                due_on=task.due_on,
                rung=task.rung,
                task=task,
            )
            for task in tasks
        ]
    return items


def recipients_of(unit: Unit) -> list[str]:
    """The secretary's address and the members', each once (case aside), in that order."""
    addresses = [unit.secretary_email, *(user.email for user in unit.members.all() if user.is_active)]
    seen: set[str] = set()
    found = []
    for address in addresses:
        address = (address or "").strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            found.append(address)
    return found


def remind(sender: Any = None, now: datetime | None = None, **kwargs: Any) -> int:
    """Each minute (congtin.core.signals.minute_passed): the reminders due, one e-mail per
    unit. Returns how many e-mails were sent."""
    now = now or timezone.now()
    local = now.astimezone(VIETNAM)
    if not WORKDAY[0] <= local.time() < WORKDAY[1]:
        return 0
    by_unit: dict[int, list[DueItem]] = defaultdict(list)
    for item in due_items(local.date()):
        by_unit[item.unit_id].append(item)
    sent = 0
    for unit in Unit.objects.filter(pk__in=by_unit).prefetch_related("members"):
        try:
            sent += remind_unit(unit, by_unit[unit.pk], now)
        except Exception:  # one unit's mail server trouble must not stop the others; retried next minute
            logger.exception("Follow-up reminders for unit %s failed", unit.code)
    return sent


def remind_unit(unit: Unit, items: list[DueItem], now: datetime) -> int:
    """Write the unit's Reminder rows and send its one e-mail, together or not at all."""
    today = now.astimezone(VIETNAM).date()
    recipients = recipients_of(unit)
    with transaction.atomic():
        taken = []
        for item in items:
            try:
                with transaction.atomic():
                    Reminder.objects.create(
                        result=item.result,
                        followup_task=item.task,
                        unit=unit,
                        rung=item.rung,
                        sent_at=now,
                        recipients=", ".join(recipients),
                        message=item_line(item, today),
                    )
            except IntegrityError:  # another run sent this rung
                continue
            taken.append(item)
        if not taken or not recipients:
            return 0
        subject, body = compose(unit, taken, now)
        EmailMessage(subject, body, to=recipients).send(fail_silently=False)
    return 1


def item_line(item: DueItem, today: date) -> str:
    """One line of the log and the workspace: what, when it is due, how far from it."""
    return _("%(title)s (%(directive)s): hạn %(deadline)s, %(countdown)s.") % {
        "title": item.title,
        "directive": item.directive.title,
        "deadline": deadline_text(item.due_on),
        "countdown": countdown_text(item.due_on, today),
    }


def compose(unit: Unit, items: list[DueItem], now: datetime) -> tuple[str, str]:
    """The e-mail's Vietnamese subject and body."""
    today = now.astimezone(VIETNAM).date()
    overdue = sum(1 for item in items if item.due_on < today)
    context = {
        "unit": unit,
        "count": len(items),
        "overdue": overdue,
        "items": [
            {
                "title": item.title,
                "directive": item.directive.title,
                "kind": _("Việc sau hội nghị") if item.task else item.result.requirement.get_kind_display(),
                "deadline": deadline_text(item.due_on),
                "countdown": countdown_text(item.due_on, today),
                "standing": standing(item.due_on, None, now).label,
                "returned": item.returned,
                "url": workspace_url(unit, item.directive),
            }
            for item in items
        ],
        "sent_at": format_datetime(now.astimezone(VIETNAM)),
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
    }
    subject = render_to_string("followup/mail/reminder_subject.txt", context).strip()
    body = render_to_string("followup/mail/reminder.txt", context)
    return " ".join(subject.split()), body


# The city's log of reminders (Theo dõi sau hội nghị → Nhật ký nhắc việc).


class CityStaffMayView(BasePermissionPolicy):
    """The log is read by the city's follow-up staff only; nobody adds or edits a reminder."""

    def user_has_permission(self, user, action):
        return action == "view" and access.is_city_staff(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        if "view" not in actions:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__permissions__codename="change_directive"))
            .distinct()
        )


class ReminderFilterSet(WagtailFilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Đơn vị"), queryset=Unit.objects.order_by("code"), field_name="unit"
    )
    directive = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Văn bản chỉ đạo"), queryset=Directive.objects.all(), method="filter_directive"
    )

    class Meta:
        model = Reminder
        fields = ["unit", "directive"]

    def filter_directive(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(result__requirement__directive=value) | Q(followup_task__directive=value))


def reminder_item(reminder: Reminder) -> str:
    if reminder.result_id:
        return f"{reminder.result.requirement.title} – {reminder.result.requirement.directive.title}"
    if reminder.followup_task_id:
        return f"{reminder.followup_task.title} – {reminder.followup_task.directive.title}"
    return ""


def reminder_item_url(reminder: Reminder) -> str | None:
    """Where the city opens what was reminded: the result, or the unit's follow-up tasks."""
    if reminder.result_id:
        return reverse("followup:result", args=[reminder.result_id])
    if reminder.followup_task_id:
        url = reverse("followup:unit_directive", args=[reminder.unit.code, reminder.followup_task.directive_id])
        return f"{url}#viec-sau-hoi-nghi"
    return None


def reminder_recipients(reminder: Reminder) -> str:
    return reminder.recipients or _("Chưa gửi thư: đơn vị chưa có địa chỉ thư điện tử")


def reminder_sent_at(reminder: Reminder) -> str:
    return format_datetime(reminder.sent_at.astimezone(VIETNAM))


class ReminderIndexView(IndexView):
    page_title = gettext_lazy("Nhật ký nhắc việc")

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("unit", "result__requirement__directive", "followup_task__directive")
            .order_by("-sent_at", "-pk")
        )


class ReminderViewSet(ModelViewSet):
    model = Reminder
    name = "followup_reminders"
    url_prefix = "theo-doi/nhac-viec"
    icon = "mail"
    menu_label = gettext_lazy("Nhật ký nhắc việc")
    menu_hook = "register_followup_menu_item"
    menu_order = 900
    index_view_class = ReminderIndexView
    filterset_class = ReminderFilterSet
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields: list[str] = []  # never used: nobody may add or edit a reminder (CityStaffMayView)
    list_per_page = 50
    add_to_reference_index = False  # a log row is nobody's reference; indexing each would double the inserts
    list_display = [
        Column("sent_at", label=gettext_lazy("Gửi lúc"), accessor=reminder_sent_at),
        Column("unit", label=gettext_lazy("Đơn vị"), accessor="unit"),
        TitleColumn("item", label=gettext_lazy("Việc được nhắc"), accessor=reminder_item, get_url=reminder_item_url),
        Column("rung", label=gettext_lazy("Mốc nhắc"), accessor=lambda reminder: rung_label(reminder.rung)),
        Column("recipients", label=gettext_lazy("Người nhận"), accessor=reminder_recipients),
    ]


register_permission_policy(Reminder, CityStaffMayView(Reminder))
reminder_viewset = ReminderViewSet()


@hooks.register("register_admin_viewset")
def register_reminder_viewset():
    return reminder_viewset
