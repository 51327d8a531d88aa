"""Directives in the back office (city staff only): the listing, the form with required
results inline, started on its own or from a conference (?conference=<pk> fills in the
title, the conference and its units)."""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from congtin.conferences.models import Conference

from ..models import Directive
from .building import units_for_conference
from .forms import DirectiveForm, RequirementFormSet


def directive_links(directive) -> list[tuple[str, str, str]]:
    """(label, url, icon) of a directive's other pages, for the listing and edit menus."""
    links = [(_("Bảng theo dõi"), reverse("followup:board", args=[directive.pk]), "table")]
    if directive.conference_id:
        links.append((_("Câu hỏi tại hội nghị"), reverse("followup:directive_questions", args=[directive.pk]), "help"))
    return links


class RequirementsPanel(InlinePanel):
    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = RequirementFormSet
        return options


class DirectiveIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("conference")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (label, url, icon) in enumerate(directive_links(instance), start=40):
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons


class DirectiveCreateView(CreateView):
    def get_initial_form_instance(self):
        return Directive(created_by=self.request.user)

    def get_initial(self):
        initial = super().get_initial()
        pk = self.request.GET.get("conference", "")
        conference = Conference.objects.filter(pk=pk).first() if pk.isdecimal() else None
        if conference is not None:
            initial["conference"] = conference.pk
            initial["title"] = _("Hướng dẫn học tập, quán triệt kết quả %(conference)s") % {
                "conference": conference.title
            }
            initial["issued_by"] = conference.organiser
            initial["units"] = list(units_for_conference(conference).values_list("pk", flat=True))
        return initial


class DirectiveEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        for priority, (label, url, icon) in enumerate(directive_links(self.object), start=40):
            buttons.append(Button(label, url=url, icon_name=icon, priority=priority))
        return buttons


class DirectiveViewSet(ModelViewSet):
    model = Directive
    name = "followup_directive"
    url_prefix = "theo-doi/thiet-lap/van-ban"
    icon = "doc-full"
    menu_label = gettext_lazy("Văn bản chỉ đạo")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = DirectiveIndexView
    add_view_class = DirectiveCreateView
    edit_view_class = DirectiveEditView
    list_display = [
        "title",
        "reference",
        "issued_on",
        Column("conference", label=gettext_lazy("Hội nghị"), accessor="conference"),
    ]
    list_filter = ["conference"]
    search_fields = ["title", "reference", "issued_by"]
    ordering = ["-issued_on", "-pk"]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("reference"), FieldPanel("issued_on")]),
                    FieldPanel("issued_by"),
                    FieldPanel("conference"),
                    FieldPanel("summary"),
                ],
                heading=gettext_lazy("Văn bản"),
            ),
            ObjectList(
                [
                    RequirementsPanel(
                        "requirements",
                        heading=gettext_lazy("Kết quả yêu cầu"),
                        label=gettext_lazy("Kết quả yêu cầu"),
                        panels=[
                            FieldPanel("kind"),
                            FieldPanel("title"),
                            FieldRowPanel([FieldPanel("due_on"), FieldPanel("weight")]),
                        ],
                    ),
                    MultiFieldPanel(
                        [
                            FieldRowPanel(
                                [FieldPanel("progress_from"), FieldPanel("progress_to"), FieldPanel("progress_day")]
                            ),
                        ],
                        heading=gettext_lazy("Báo cáo tiến độ hằng tháng"),
                    ),
                ],
                heading=gettext_lazy("Kết quả yêu cầu"),
            ),
            ObjectList(
                [FieldPanel("units_from"), FieldPanel("units")],
                heading=gettext_lazy("Đơn vị thực hiện"),
            ),
        ],
        base_form_class=DirectiveForm,
    )


directive_viewset = DirectiveViewSet()
