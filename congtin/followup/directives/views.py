"""Follow-up from the conference (city staff): a directive's conference questions, answered
ones and those left unanswered (difficulties), each one click from a follow-up task for a
unit, and the tasks already made with the question they came from."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from congtin.conferences.models import Question

from .. import access
from ..models import Directive, FollowUpTask
from .forms import FollowUpTaskForm

DEFAULT_DAYS = 30


class DirectiveQuestionsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "followup/directives/questions.html"
    page_title = gettext_lazy("Câu hỏi tại hội nghị")
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        if not access.is_city_staff(request.user):
            raise PermissionDenied
        self.directive = get_object_or_404(Directive.objects.select_related("conference"), pk=kwargs["pk"])
        if self.directive.conference is None:
            raise Http404(_("Văn bản này không gắn với hội nghị nào."))
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.directive.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("followup_directive:index"), "label": _("Văn bản chỉ đạo")},
            {"url": reverse("followup_directive:edit", args=[self.directive.pk]), "label": self.directive.title},
            {"url": "", "label": self.page_title},
        ]

    def questions(self):
        return list(
            Question.objects.filter(bridge_point__conference=self.directive.conference)
            .exclude(status=Question.Status.REJECTED)
            .select_related("bridge_point")
            .prefetch_related(
                Prefetch(
                    "followup_tasks",
                    queryset=FollowUpTask.objects.filter(directive=self.directive).select_related("unit"),
                    to_attr="tasks_here",
                )
            )
            .order_by("created_at", "pk")
        )

    @cached_property
    def units(self):
        return list(self.directive.units.order_by("code"))

    def form_for(self, question, data=None):
        by_point = {unit.bridge_point_code: unit for unit in self.units if unit.bridge_point_code}
        unit = by_point.get(question.bridge_point.code)
        initial = {
            "unit": unit.pk if unit else None,
            "title": " ".join(question.text.split())[:255],
            "due_on": timezone.localdate() + timedelta(days=DEFAULT_DAYS),
        }
        return FollowUpTaskForm(data, units=self.units, initial=initial, prefix=f"q{question.pk}")

    def get_context_data(self, invalid=None, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for question in self.questions():
            form = invalid[1] if invalid and invalid[0] == question.pk else self.form_for(question)
            rows.append((question, form))
        context.update(
            directive=self.directive,
            answered=[row for row in rows if row[0].status == Question.Status.ANSWERED],
            unanswered=[row for row in rows if row[0].status != Question.Status.ANSWERED],
            tasks=FollowUpTask.objects.filter(directive=self.directive)
            .select_related("unit", "question")
            .order_by("due_on", "pk"),
        )
        return context

    def post(self, request, *args, **kwargs):
        question = get_object_or_404(
            Question.objects.select_related("bridge_point").exclude(status=Question.Status.REJECTED),
            pk=kwargs["question"],
            bridge_point__conference=self.directive.conference,
        )
        form = self.form_for(question, request.POST)
        if not form.is_valid():
            messages.error(request, _("Chưa giao việc: hãy sửa các lỗi ở câu hỏi dưới đây."))
            return self.render_to_response(self.get_context_data(invalid=(question.pk, form)), status=400)
        task = form.save(commit=False)
        task.directive, task.question, task.created_by = self.directive, question, request.user
        task.save()
        messages.success(
            request, _("Đã giao việc “%(title)s” cho %(unit)s.") % {"title": task.title, "unit": task.unit.name}
        )
        return redirect("followup:directive_questions", self.directive.pk)

    def get(self, request, *args, **kwargs):
        if "question" in kwargs:
            return redirect("followup:directive_questions", self.directive.pk)
        return super().get(request, *args, **kwargs)
