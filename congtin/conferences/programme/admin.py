"""The organisers' back office: conferences with their agenda, documents and bridge
points, and the "Nhập điểm cầu" view that imports a whole list at once."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic.edit import FormView
from modelcluster.forms import BaseChildFormSet
from wagtail.admin import messages
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.views.generic import EditView, IndexView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from congtin.core.form_views import InvalidFormIsBadRequest

from ..models import Conference
from .forms import BridgePointImportForm


def organiser_links(conference, import_url_name) -> list[tuple[str, str, str]]:
    """(label, url, icon) of a conference's organiser pages, for the listing and edit menus."""
    return [
        (_("Nhập điểm cầu"), reverse(import_url_name, args=[conference.pk]), "upload"),
        (_("In mã QR điểm cầu"), reverse("conferences:qr_sheet", kwargs={"slug": conference.slug}), "grid"),
        (_("Trang điều hành"), reverse("conferences:dashboard", kwargs={"slug": conference.slug}), "desktop"),
    ]


class BridgePointFormSet(BaseChildFormSet):
    def get_unique_error_message(self, unique_check):
        """Django names the raw fields ("conference và code"); say the rule instead."""
        return _("Mỗi mã điểm cầu chỉ dùng một lần trong một hội nghị: hãy sửa các mã bị trùng.")


class BridgePointsPanel(InlinePanel):
    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = BridgePointFormSet
        return options


class ConferenceIndexView(IndexView):
    import_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for priority, (label, url, icon) in enumerate(organiser_links(instance, self.import_url_name), start=40):
            buttons.append(MenuItem(label, url=url, icon_name=icon, priority=priority))
        return buttons


class ConferenceEditView(EditView):
    import_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        for priority, (label, url, icon) in enumerate(organiser_links(self.object, self.import_url_name), start=40):
            buttons.append(Button(label, url=url, icon_name=icon, priority=priority))
        return buttons


class ImportBridgePointsView(InvalidFormIsBadRequest, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Paste or upload the bridge point list; all rows or none, errors by row number."""

    model = Conference
    permission_required = "change"
    form_class = BridgePointImportForm
    template_name = "conferences/admin/import_bridge_points.html"
    page_title = gettext_lazy("Nhập điểm cầu")
    header_icon = "upload"
    index_url_name = None
    edit_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.conference = get_object_or_404(Conference, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.conference.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Hội nghị")},
            {"url": reverse(self.edit_url_name, args=[self.conference.pk]), "label": self.conference.title},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            conference=self.conference,
            action_url=self.request.path,
            submit_button_label=_("Nhập điểm cầu"),
            submit_button_active_label=_("Đang nhập…"),
            **kwargs,
        )

    def form_valid(self, form):
        counts = self.conference.import_bridge_points(form.cleaned_data["rows"])
        log(instance=self.conference, action="wagtail.edit", user=self.request.user)
        messages.success(
            self.request,
            _("Đã nhập %(total)d điểm cầu: %(created)d điểm cầu mới, %(updated)d điểm cầu được cập nhật.")
            % {"total": counts.created + counts.updated, "created": counts.created, "updated": counts.updated},
        )
        return redirect(self.edit_url_name, self.conference.pk)

    def form_invalid(self, form):
        messages.error(self.request, _("Chưa nhập điểm cầu nào: hãy sửa các lỗi dưới đây rồi nhập lại."))
        return super().form_invalid(form)


class ConferenceViewSet(ModelViewSet):
    model = Conference
    name = "conference"
    url_prefix = "conferences"
    icon = "group"
    menu_label = gettext_lazy("Hội nghị trực tuyến")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False  # a copy would share nothing useful and confuse bridge points
    index_view_class = ConferenceIndexView
    edit_view_class = ConferenceEditView
    list_display = [
        "title",
        "starts_at",
        Column("status", label=gettext_lazy("Trạng thái"), accessor="get_status_display"),
        UpdatedAtColumn(),
    ]
    list_filter = ["status"]
    search_fields = ["title", "slug", "organiser"]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("slug"),
                    FieldPanel("organiser"),
                    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                    FieldPanel("status"),
                    FieldPanel("description"),
                    HelpPanel(template="conferences/admin/publish_url_panel.html", heading=gettext_lazy("Phát sóng")),
                ],
                heading=gettext_lazy("Thông tin chung"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "agenda_items",
                        heading=gettext_lazy("Chuyên đề"),
                        label=gettext_lazy("Chuyên đề"),
                        panels=[
                            FieldPanel("title"),
                            FieldRowPanel([FieldPanel("presenter"), FieldPanel("planned_start")]),
                        ],
                    ),
                    InlinePanel(
                        "documents",
                        heading=gettext_lazy("Tài liệu"),
                        label=gettext_lazy("Tài liệu"),
                        panels=[
                            FieldPanel("title"),
                            FieldPanel("document"),
                        ],
                    ),
                ],
                heading=gettext_lazy("Chương trình và tài liệu"),
            ),
            ObjectList(
                [
                    HelpPanel(
                        gettext_lazy(
                            "Để thêm hoặc cập nhật nhiều điểm cầu một lúc (dán từ Excel hoặc tải tệp .xlsx/.csv), "
                            "lưu hội nghị rồi chọn “Nhập điểm cầu” trong trình đơn ⋯ ở đầu trang."
                        ),
                        heading=gettext_lazy("Nhập nhiều điểm cầu"),
                    ),
                    BridgePointsPanel(
                        "bridge_points",
                        heading=gettext_lazy("Điểm cầu"),
                        label=gettext_lazy("Điểm cầu"),
                        panels=[
                            FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
                            FieldRowPanel([FieldPanel("district"), FieldPanel("address")]),
                            FieldRowPanel([FieldPanel("coordinator_name"), FieldPanel("coordinator_phone")]),
                            FieldRowPanel([FieldPanel("expected_participants"), FieldPanel("revoked")]),
                        ],
                    ),
                ],
                heading=gettext_lazy("Điểm cầu"),
            ),
        ]
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("import-bridge-points/<int:pk>/", self.import_bridge_points_view, name="import_bridge_points"),
        ]

    @property
    def import_bridge_points_view(self):
        return self.construct_view(ImportBridgePointsView)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(import_url_name=self.get_url_name("import_bridge_points"), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(import_url_name=self.get_url_name("import_bridge_points"), **kwargs)


conference_viewset = ConferenceViewSet()
