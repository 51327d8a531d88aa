"""A unit's pages in the back office and the city's review of what units send.

Thin views: every record is looked up through `access` (a unit sees its own records and those
of the units below it; anything else is a 404), the lifecycle is `Result.submit`,
`return_for_changes` and `accept`, and what a unit types is checked by `forms`."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from congtin.vietnamese import format_date

from .. import access
from ..models import (
    Directive,
    FollowUpTask,
    ProgrammeTask,
    ProgressReport,
    Reminder,
    Requirement,
    Result,
    StudySession,
    Submission,
    Unit,
)
from ..snapshots import programme_snapshot, study_snapshot
from ..status import days_left
from . import documents
from .forms import (
    MAX_SESSIONS,
    MAX_TASKS,
    NoteForm,
    ProgrammeSubmitForm,
    ProgrammeTaskForm,
    ProgressRowForm,
    ReturnForm,
    StudySessionForm,
)

Kind = Requirement.Kind
State = Result.State
OPEN_STATES = (State.PENDING, State.RETURNED)  # nothing stands: the unit may send


def unit_directive_url(unit: Unit, directive_id: int) -> str:
    return reverse("followup:unit_directive", args=[unit.code, directive_id])


# Lookups: each through access.visible_units, so another unit's record is a 404.


def unit_and_directive_or_404(user, code: str, directive_pk: int) -> tuple[Unit, Directive]:
    unit = access.unit_or_404(user, code)
    directive = access.directive_or_404(user, directive_pk)
    if not directive.units.filter(pk=unit.pk).exists():
        raise Http404(_("Đơn vị này không thực hiện văn bản chỉ đạo này."))
    return unit, directive


def session_or_404(user, pk: int) -> StudySession:
    sessions = StudySession.objects.select_related("unit", "directive")
    return get_object_or_404(sessions.filter(unit__in=access.visible_units(user)), pk=pk)


def task_or_404(user, pk: int) -> ProgrammeTask:
    tasks = ProgrammeTask.objects.select_related("result__unit", "result__requirement__directive")
    return get_object_or_404(tasks.filter(result__unit__in=access.visible_units(user)), pk=pk)


def submission_or_404(user, pk: int) -> Submission:
    submissions = Submission.objects.select_related("result__unit", "result__requirement")
    submission = get_object_or_404(submissions.filter(result__unit__in=access.visible_units(user)), pk=pk)
    if not submission.document:
        raise Http404(_("Lần gửi này không có văn bản."))
    return submission


def result_of_kind_or_404(user, pk: int, kind: str) -> Result:
    result = access.result_or_404(user, pk)
    if result.requirement.kind != kind:
        raise Http404(_("Không tìm thấy kết quả này."))
    return result


def first_result(unit: Unit, directive: Directive, kind: str) -> Result | None:
    return (
        Result.objects.select_related("requirement", "unit")
        .filter(unit=unit, requirement__directive=directive, requirement__kind=kind)
        .order_by("requirement__sort_order", "requirement__due_on", "requirement__pk")
        .first()
    )


@dataclass
class ResultRow:
    """One required result on the unit's page: where it stands and what to do next."""

    result: Result
    due_label: str
    days_left: int
    standing: str
    done: bool
    next_step: str
    next_url: str
    return_comment: str

    @property
    def state(self) -> str:
        return self.result.get_state_display()


NEXT_STEPS = {
    (Kind.STUDY, State.PENDING): gettext_lazy("Báo cáo buổi học tập, quán triệt đã tổ chức."),
    (Kind.STUDY, State.RETURNED): gettext_lazy("Hoàn thiện theo góp ý của Thành đoàn rồi gửi lại báo cáo."),
    (Kind.PROGRAMME, State.PENDING): gettext_lazy(
        "Nhập các nhiệm vụ, tải lên văn bản đã thông qua rồi bấm “Gửi chương trình”."
    ),
    (Kind.PROGRAMME, State.RETURNED): gettext_lazy("Sửa chương trình theo góp ý của Thành đoàn rồi gửi lại."),
    (Kind.PROGRESS, State.PENDING): gettext_lazy("Báo cáo tiến độ từng nhiệm vụ."),
    (Kind.PROGRESS, State.RETURNED): gettext_lazy("Hoàn thiện báo cáo tiến độ theo góp ý rồi gửi lại."),
}


def next_step(result: Result, unit: Unit, directive: Directive) -> tuple[str, str]:
    kind = result.requirement.kind
    if result.state == State.SUBMITTED:
        return _("Đã gửi, chờ Thành đoàn xem xét."), reverse("followup:result", args=[result.pk])
    if result.state == State.ACCEPTED:
        return _("Đã được Thành đoàn tiếp nhận."), reverse("followup:result", args=[result.pk])
    text = str(NEXT_STEPS[(kind, result.state)])
    if kind == Kind.STUDY and result.state == State.PENDING:
        return text, reverse("followup:session_add", args=[unit.code, directive.pk])
    if kind == Kind.PROGRESS:
        return text, reverse("followup:progress", args=[result.pk])
    return text, reverse("followup:result", args=[result.pk])


def result_rows(unit: Unit, directive: Directive) -> list[ResultRow]:
    now = timezone.now()
    results = (
        Result.objects.filter(unit=unit, requirement__directive=directive)
        .select_related("requirement")
        .prefetch_related(Prefetch("submissions", queryset=Submission.objects.order_by("-number")))
        .order_by("requirement__sort_order", "requirement__due_on", "requirement__pk")
    )
    rows = []
    for result in results:
        standing = result.standing(now)
        latest = next(iter(result.submissions.all()), None)
        text, url = next_step(result, unit, directive)
        rows.append(
            ResultRow(
                result=result,
                due_label=format_date(result.requirement.due_on),
                days_left=days_left(result.requirement.due_on, now),
                standing=standing.label,
                done=standing in ("on_time", "late"),
                next_step=text,
                next_url=url,
                return_comment=latest.return_comment if latest and result.state == State.RETURNED else "",
            )
        )
    return rows


class WorkspaceMixin(WagtailAdminTemplateMixin):
    header_icon = "tasks"

    def trail(self) -> list[dict]:
        return []

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("followup:workspace"), "label": _("Việc của đơn vị")},
            *self.trail(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_city_staff=access.is_city_staff(self.request.user), **kwargs)


class WorkspaceView(WorkspaceMixin, TemplateView):
    """The person's units and their directives; with one unit and one directive, that page."""

    template_name = "followup/workspace/index.html"
    page_title = gettext_lazy("Việc của đơn vị")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        units = access.visible_units(request.user)
        if not access.is_city_staff(request.user):
            units = units.filter(members=request.user)  # the units below are linked from each unit's page
        units = list(
            units.filter(directives__isnull=False)
            .distinct()
            .prefetch_related(Prefetch("directives", queryset=Directive.objects.order_by("-issued_on", "-pk")))
            .order_by("code")
        )
        if len(units) == 1:
            directives = list(units[0].directives.all())
            if len(directives) == 1:
                return redirect(unit_directive_url(units[0], directives[0].pk))
        return self.render_to_response(self.get_context_data(units=units))


class UnitDirectiveView(WorkspaceMixin, TemplateView):
    """A unit's page for one directive: its results, sessions, follow-up tasks, reminders."""

    template_name = "followup/workspace/unit_directive.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.unit, self.directive = unit_and_directive_or_404(request.user, kwargs["code"], kwargs["directive_id"])

    def get_page_title(self):
        return self.unit.name

    def get_page_subtitle(self):
        return self.directive.title

    def get_context_data(self, **kwargs):
        unit, directive = self.unit, self.directive
        study = first_result(unit, directive, Kind.STUDY)
        followup_tasks = (
            FollowUpTask.objects.filter(unit=unit, directive=directive)
            .select_related("question")
            .prefetch_related(Prefetch("reports", queryset=ProgressReport.objects.order_by("-reported_at", "-pk")))
        )
        reminders = Reminder.objects.filter(unit=unit).filter(
            Q(result__requirement__directive=directive) | Q(followup_task__directive=directive)
        )
        return super().get_context_data(
            unit=unit,
            directive=directive,
            rows=result_rows(unit, directive),
            study=study,
            sessions_editable=study is None or study.editable,
            sessions=StudySession.objects.filter(unit=unit, directive=directive),
            below=directive.units.filter(parent=unit).order_by("code"),
            followup_tasks=[(task, next(iter(task.reports.all()), None)) for task in followup_tasks],
            reminders=reminders[:20],
            **kwargs,
        )


class FormPageView(WorkspaceMixin, TemplateView):
    """A page with one form (a study session, a programme task): GET shows it, POST saves it."""

    template_name = "followup/workspace/form.html"
    form_class = None
    submit_label = gettext_lazy("Lưu")

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, instance=self.get_instance())

    def get_instance(self):
        return None

    def back_url(self) -> str:
        raise NotImplementedError

    def refuse_if_locked(self):
        return None

    def full(self) -> str:
        """Why nothing more may be added here ("" if it may): a cap on rows one unit can make."""
        return ""

    def get(self, request, *args, **kwargs):
        return self.refuse_if_locked() or self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        refused = self.refuse_if_locked()
        if refused:
            return refused
        form = self.get_form()
        if form.is_valid():
            reason = self.full()
            if not reason:
                return self.form_valid(form)
            form.add_error(None, reason)
        messages.error(request, _("Chưa lưu được: hãy sửa các lỗi được đánh dấu dưới đây."))
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=self.submit_label, back_url=self.back_url(), **kwargs)


class SessionMixin:
    """Sessions belong to (unit, directive); they may change until the study result is accepted."""

    template_name = "followup/workspace/form.html"
    form_class = StudySessionForm

    def trail(self):
        return [{"url": self.back_url(), "label": self.unit.name}]

    def back_url(self):
        return unit_directive_url(self.unit, self.directive.pk) + "#hoc-tap"

    def refuse_if_locked(self):
        self.study = first_result(self.unit, self.directive, Kind.STUDY)
        if self.study is not None and not self.study.editable:
            messages.error(self.request, _("Báo cáo học tập đã được tiếp nhận nên không sửa được các buổi học tập."))
            return redirect(self.back_url())
        return None

    def send_study(self) -> None:
        """Reporting a session sends the study result when nothing stands yet."""
        study = self.study
        if study is None or study.state not in OPEN_STATES:
            return
        try:
            study.submit(self.request.user, snapshot=study_snapshot(self.unit, self.directive))
        except ValidationError:  # sent by someone else a moment ago
            return
        messages.success(self.request, _("Đã gửi báo cáo học tập, quán triệt tới Thành đoàn."))


class SessionAddView(SessionMixin, FormPageView):
    page_title = gettext_lazy("Báo cáo buổi học tập, quán triệt")
    submit_label = gettext_lazy("Báo cáo buổi học tập")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.unit, self.directive = unit_and_directive_or_404(request.user, kwargs["code"], kwargs["directive_id"])

    def full(self) -> str:
        if StudySession.objects.filter(unit=self.unit, directive=self.directive).count() < MAX_SESSIONS:
            return ""
        return _("Đơn vị đã báo cáo %(count)d buổi học tập, mức tối đa cho một văn bản.") % {"count": MAX_SESSIONS}

    def form_valid(self, form):
        session = form.save(commit=False)
        session.unit, session.directive = self.unit, self.directive
        session.reported_by, session.reported_at = self.request.user, timezone.now()
        session.save()
        messages.success(self.request, _("Đã ghi buổi học tập “%(title)s”.") % {"title": session.title})
        self.send_study()
        return redirect(self.back_url())


class SessionEditView(SessionMixin, FormPageView):
    page_title = gettext_lazy("Sửa buổi học tập, quán triệt")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = session_or_404(request.user, kwargs["pk"])
        self.unit, self.directive = self.session.unit, self.session.directive

    def get_instance(self):
        return self.session

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Đã lưu buổi học tập “%(title)s”.") % {"title": self.session.title})
        return redirect(self.back_url())


class DeleteView(WorkspaceMixin, TemplateView):
    template_name = "followup/workspace/confirm_delete.html"

    def get(self, request, *args, **kwargs):
        return self.refuse_if_locked() or self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        refused = self.refuse_if_locked()
        if refused:
            return refused
        name = str(self.object)
        self.object.delete()
        messages.success(request, _("Đã xóa “%(name)s”.") % {"name": name})
        return redirect(self.back_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, back_url=self.back_url(), **kwargs)


class SessionDeleteView(SessionMixin, DeleteView):
    template_name = "followup/workspace/confirm_delete.html"
    page_title = gettext_lazy("Xóa buổi học tập, quán triệt")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = session_or_404(request.user, kwargs["pk"])
        self.unit, self.directive = self.object.unit, self.object.directive


class TaskMixin:
    """A programme's tasks may change while no version of it waits for review (Result.tasks_editable)."""

    template_name = "followup/workspace/form.html"
    form_class = ProgrammeTaskForm

    def trail(self):
        unit = self.result.unit
        return [
            {"url": unit_directive_url(unit, self.result.requirement.directive_id), "label": unit.name},
            {"url": self.back_url(), "label": self.result.requirement.title},
        ]

    def back_url(self):
        return reverse("followup:result", args=[self.result.pk]) + "#nhiem-vu"

    def refuse_if_locked(self):
        if self.result.tasks_editable:
            return None
        if self.result.editable:
            messages.error(
                self.request, _("Chương trình đang chờ Thành đoàn xem xét: sửa nhiệm vụ khi chương trình được trả lại.")
            )
        else:
            messages.error(self.request, _("Chương trình đã được tiếp nhận nên không sửa được nhiệm vụ."))
        return redirect(self.back_url())


class TaskAddView(TaskMixin, FormPageView):
    page_title = gettext_lazy("Thêm nhiệm vụ")
    submit_label = gettext_lazy("Thêm nhiệm vụ")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.result = result_of_kind_or_404(request.user, kwargs["pk"], Kind.PROGRAMME)

    def full(self) -> str:
        if self.result.tasks.count() < MAX_TASKS:
            return ""
        return _("Chương trình đã có %(count)d nhiệm vụ, mức tối đa.") % {"count": MAX_TASKS}

    def form_valid(self, form):
        task = form.save(commit=False)
        task.result = self.result
        task.sort_order = min(self.result.tasks.count() + 1, 32767)
        task.save()
        messages.success(self.request, _("Đã thêm nhiệm vụ."))
        return redirect(self.back_url())


class TaskEditView(TaskMixin, FormPageView):
    page_title = gettext_lazy("Sửa nhiệm vụ")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.task = task_or_404(request.user, kwargs["pk"])
        self.result = self.task.result

    def get_instance(self):
        return self.task

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Đã lưu nhiệm vụ."))
        return redirect(self.back_url())


class TaskDeleteView(TaskMixin, DeleteView):
    template_name = "followup/workspace/confirm_delete.html"
    page_title = gettext_lazy("Xóa nhiệm vụ")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = task_or_404(request.user, kwargs["pk"])
        self.result = self.object.result


class ResultPageMixin(WorkspaceMixin):
    """A page about one result, looked up through `access` (of `only_kind`, if set)."""

    only_kind = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.only_kind:
            self.result = result_of_kind_or_404(request.user, kwargs["pk"], self.only_kind)
        else:
            self.result = access.result_or_404(request.user, kwargs["pk"])
        self.unit, self.directive = self.result.unit, self.result.requirement.directive

    def get_page_title(self):
        return self.result.requirement.title

    def get_page_subtitle(self):
        return self.unit.name

    def trail(self):
        return [{"url": unit_directive_url(self.unit, self.directive.pk), "label": self.unit.name}]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("result", self.result)
        return super().get_context_data(unit=self.unit, directive=self.directive, **kwargs)


class ResultView(ResultPageMixin, TemplateView):
    """One result: what the unit sent, version by version, and what it works on now; the city
    returns it with a comment or accepts it here."""

    template_name = "followup/workspace/result.html"

    @cached_property
    def kind(self) -> str:
        return self.result.requirement.kind

    @cached_property
    def previous_document(self) -> Submission | None:
        return self.result.submissions.exclude(document="").order_by("-number").first()

    @property
    def may_send(self) -> bool:
        return self.result.state in OPEN_STATES

    def submit_form(self, data=None, files=None):
        if self.kind == Kind.PROGRAMME:
            previous = self.previous_document
            return ProgrammeSubmitForm(
                data,
                files,
                previous_document=previous.document.name if previous else "",
                has_tasks=self.result.tasks.exists(),
                initial={"adopted_on": previous.adopted_on} if previous else None,
            )
        return NoteForm(data)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        result = self.result
        now = timezone.now()
        versions = result.submissions.select_related("submitted_by", "returned_by", "accepted_by").order_by("-number")
        context = {
            "kind": self.kind,
            "due_label": format_date(result.requirement.due_on),
            "standing": result.standing(now).label,
            "versions": versions,
            "returned": versions[0] if versions and result.state == State.RETURNED else None,
            "may_send": self.may_send,
            "may_review": access.is_city_staff(self.request.user) and result.state == State.SUBMITTED,
            "previous_document": self.previous_document,
        }
        if self.may_send:
            context.setdefault("submit_form", self.submit_form())
        if self.kind == Kind.PROGRAMME:
            context["tasks"] = list(result.tasks.all())
        elif self.kind == Kind.STUDY:
            context["sessions"] = list(StudySession.objects.filter(unit=self.unit, directive=self.directive))
        else:
            context["reports"] = list(
                result.progress_reports.select_related("programme_task", "followup_task").order_by("pk")
            )
        context.update(kwargs)
        if context["may_review"]:
            context.setdefault("return_form", ReturnForm())
        return super().get_context_data(**context)


class SubmitView(ResultView):
    """ "Gửi": a new version of a programme (its document and a snapshot of its tasks) or of a
    study report. A second POST while the first waits for review makes no version."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if self.kind == Kind.PROGRESS:
            return redirect("followup:progress", self.result.pk)
        form = self.submit_form(request.POST, request.FILES)
        if not self.may_send:
            messages.error(request, self.not_open_message())
            return redirect("followup:result", self.result.pk)
        if not form.is_valid():
            messages.error(request, _("Chưa gửi được: hãy sửa các lỗi được đánh dấu dưới đây."))
            return self.render_to_response(self.get_context_data(submit_form=form), status=400)
        sessions = StudySession.objects.filter(unit=self.unit, directive=self.directive)
        if self.kind == Kind.STUDY and not sessions.exists():
            messages.error(request, _("Hãy báo cáo ít nhất một buổi học tập trước khi gửi."))
            return redirect("followup:result", self.result.pk)
        try:
            self.send(form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("followup:result", self.result.pk)
        messages.success(request, _("Đã gửi tới Thành đoàn. Kết quả đang chờ xem xét."))
        return redirect("followup:result", self.result.pk)

    def not_open_message(self) -> str:
        if self.result.state == State.ACCEPTED:
            return _("Kết quả này đã được tiếp nhận, không gửi lại được.")
        return _("Bản đã gửi đang chờ xem xét; chỉ gửi lại sau khi được trả lại.")

    def send(self, form) -> Submission:
        note = form.cleaned_data["note"].strip()
        if self.kind == Kind.STUDY:
            return self.result.submit(self.request.user, note=note, snapshot=study_snapshot(self.unit, self.directive))
        upload = form.cleaned_data["document"]
        if upload:
            kind, name = form.kind, upload.name
            # A name nobody can guess: the file's address says nothing another unit could try.
            upload.name = f"chuong-trinh-{secrets.token_hex(12)}.{kind}"
            document = upload
        else:
            previous = self.previous_document
            kind = documents.kind_of(previous.document.name)
            name = previous.snapshot.get("document_name") or previous.document.name.rsplit("/", 1)[-1]
            document = previous.document.name
        return self.result.submit(
            self.request.user,
            note=note,
            document=document,
            adopted_on=form.cleaned_data["adopted_on"],
            snapshot=programme_snapshot(self.result, name, kind),
        )


class ReviewView(ResultView):
    """The city's decision on the version waiting for review."""

    http_method_names = ["post"]
    decision = ""

    def post(self, request, *args, **kwargs):
        if not access.is_city_staff(request.user):
            messages.error(request, _("Chỉ cán bộ theo dõi của Thành đoàn được trả lại hoặc tiếp nhận kết quả."))
            return self.render_to_response(self.get_context_data(), status=403)
        try:
            if self.decision == "return":
                form = ReturnForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("Chưa trả lại: hãy ghi rõ nội dung cần hoàn thiện."))
                    return self.render_to_response(self.get_context_data(return_form=form), status=400)
                self.result.return_for_changes(request.user, form.cleaned_data["comment"])
                messages.success(request, _("Đã trả lại để đơn vị hoàn thiện."))
            else:
                self.result.accept(request.user)
                messages.success(request, _("Đã tiếp nhận kết quả của đơn vị."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("followup:result", self.result.pk)


@dataclass
class ProgressRow:
    key: str
    title: str
    detail: str
    due_label: str
    form: ProgressRowForm


class ProgressView(ResultPageMixin, TemplateView):
    """A progress round: where every programme task and follow-up task of the unit stands."""

    template_name = "followup/workspace/progress.html"

    only_kind = Kind.PROGRESS

    def tasks(self) -> list[tuple[str, ProgrammeTask | FollowUpTask]]:
        """The unit's tasks in this directive, keyed "pt-ID" / "ft-ID": only these are read
        from a POST, so another unit's task id posted here is ignored."""
        latest = Prefetch("reports", queryset=ProgressReport.objects.order_by("-reported_at", "-pk"))
        programme = ProgrammeTask.objects.filter(
            result__unit=self.unit, result__requirement__directive=self.directive
        ).prefetch_related(latest)
        followup = FollowUpTask.objects.filter(unit=self.unit, directive=self.directive).prefetch_related(latest)
        return [(f"pt-{task.pk}", task) for task in programme] + [(f"ft-{task.pk}", task) for task in followup]

    def rows(self, data=None) -> list[ProgressRow]:
        rows = []
        for key, task in self.tasks():
            last = next(iter(task.reports.all()), None)
            initial = (
                {name: getattr(last, name) for name in ("status", "percent", "evidence", "difficulties")}
                if last
                else {"status": ProgressReport.TaskStatus.NOT_STARTED, "percent": 0}
            )
            if isinstance(task, ProgrammeTask):
                title, detail = task.content, _("Nhiệm vụ trong chương trình hành động")
            else:
                title, detail = task.title, _("Việc sau hội nghị")
            form = ProgressRowForm(data, prefix=key, initial=initial)
            form.task = task
            rows.append(ProgressRow(key, title, detail, format_date(task.due_on), form))
        return rows

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(rows=self.rows(), note_form=NoteForm()))

    def post(self, request, *args, **kwargs):
        if self.result.state not in OPEN_STATES:
            messages.error(request, _("Báo cáo tiến độ này đã gửi; chỉ gửi lại sau khi được trả lại."))
            return redirect("followup:result", self.result.pk)
        rows, note_form = self.rows(request.POST), NoteForm(request.POST)
        if not rows:
            messages.error(request, _("Đơn vị chưa có nhiệm vụ nào để báo cáo tiến độ."))
            return redirect("followup:progress", self.result.pk)
        if not (all([row.form.is_valid() for row in rows]) and note_form.is_valid()):
            messages.error(request, _("Chưa gửi được: hãy sửa các lỗi được đánh dấu dưới đây."))
            return self.render_to_response(self.get_context_data(rows=rows, note_form=note_form), status=400)
        try:
            self.save(rows, note_form.cleaned_data["note"].strip())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("followup:result", self.result.pk)
        messages.success(request, _("Đã gửi báo cáo tiến độ tới Thành đoàn."))
        return redirect("followup:result", self.result.pk)

    def save(self, rows: list[ProgressRow], note: str) -> None:
        now, user = timezone.now(), self.request.user
        snapshot = {
            "kind": Kind.PROGRESS,
            "rows": [
                {
                    "task": "programme" if isinstance(row.form.task, ProgrammeTask) else "followup",
                    "title": row.title,
                    "due_on": row.form.task.due_on.isoformat(),
                    "status": row.form.cleaned_data["status"],
                    "status_label": str(ProgressReport.TaskStatus(row.form.cleaned_data["status"]).label),
                    "percent": row.form.cleaned_data["percent"],
                    "evidence": row.form.cleaned_data["evidence"],
                    "difficulties": row.form.cleaned_data["difficulties"],
                }
                for row in rows
            ],
        }
        with transaction.atomic():
            self.result.submit(user, note=note, snapshot=snapshot, now=now)  # refuses a second send first
            for row in rows:
                task, data = row.form.task, row.form.cleaned_data
                ProgressReport.objects.create(
                    programme_task=task if isinstance(task, ProgrammeTask) else None,
                    followup_task=task if isinstance(task, FollowUpTask) else None,
                    round=self.result,
                    status=data["status"],
                    percent=data["percent"],
                    evidence=data["evidence"],
                    difficulties=data["difficulties"],
                    reported_by=user,
                    reported_at=now,
                )
                if isinstance(task, FollowUpTask) and data["status"] == ProgressReport.TaskStatus.DONE:
                    FollowUpTask.objects.filter(pk=task.pk, completed_at__isnull=True).update(completed_at=now)


class DocumentView(View):
    """The adopted document, for whoever may see the unit: a PDF inline (`?tai-ve` downloads
    it), a DOCX downloaded."""

    def get(self, request, *args, **kwargs):
        submission = submission_or_404(request.user, kwargs["pk"])
        kind = documents.kind_of(submission.document.name)
        if kind is None:
            raise Http404(_("Không tìm thấy văn bản."))
        name = submission.snapshot.get("document_name") or submission.document.name.rsplit("/", 1)[-1]
        try:
            file = submission.document.open("rb")
        except OSError as error:
            raise Http404(_("Không tìm thấy văn bản.")) from error
        response = FileResponse(
            file,
            content_type=documents.CONTENT_TYPES[kind],
            as_attachment=kind != documents.PDF or "tai-ve" in request.GET,
            filename=name,
        )
        response["Cache-Control"] = "private, no-store"
        return response


class PreviewView(WorkspaceMixin, TemplateView):
    """A DOCX's text as a page (a PDF opens in the browser's own viewer)."""

    template_name = "followup/workspace/docx_preview.html"
    page_title = gettext_lazy("Xem văn bản")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.submission = submission_or_404(request.user, kwargs["pk"])
        self.result = self.submission.result

    def trail(self):
        unit = self.result.unit
        return [
            {"url": unit_directive_url(unit, self.result.requirement.directive_id), "label": unit.name},
            {"url": reverse("followup:result", args=[self.result.pk]), "label": self.result.requirement.title},
        ]

    def get(self, request, *args, **kwargs):
        if documents.kind_of(self.submission.document.name) == documents.PDF:
            return redirect("followup:submission_document", self.submission.pk)
        try:
            with self.submission.document.open("rb") as file:
                paragraphs = documents.docx_paragraphs(file)
        except OSError as error:
            raise Http404(_("Không tìm thấy văn bản.")) from error
        return self.render_to_response(
            self.get_context_data(
                submission=self.submission,
                paragraphs=paragraphs or [],
                name=self.submission.snapshot.get("document_name", ""),
            )
        )
