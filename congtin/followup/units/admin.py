"""The unit tree in the back office (city staff only): the units' listing and form, the
"Nhập danh sách đơn vị" view that imports a whole list at once, and the people who report
for a unit."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic.edit import FormView
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log

from congtin.core.form_views import InvalidFormIsBadRequest

from ..models import Unit
from ..roles import add_member
from .forms import MemberForm, UnitForm, UnitImportForm
from .unit_import import UnitImportError, import_units


class UnitIndexView(IndexView):
    members_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("parent")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        url = reverse(self.members_url_name, args=[instance.pk])
        buttons.append(MenuItem(_("Cán bộ báo cáo"), url=url, icon_name="user", priority=40))
        return buttons

    @cached_property
    def header_buttons(self):
        """Beside "Thêm đơn vị", where an organiser looks for it (not under the ⋯ menu)."""
        url = reverse("followup_unit:import")
        return [*super().header_buttons, HeaderButton(_("Nhập danh sách đơn vị"), url=url, icon_name="upload")]


class UnitEditView(EditView):
    members_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        url = reverse(self.members_url_name, args=[self.object.pk])
        buttons.append(Button(_("Cán bộ báo cáo"), url=url, icon_name="user", priority=40))
        return buttons


class UnitAdminMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    model = Unit
    permission_required = "change"
    index_url_name = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Đơn vị")},
            {"url": "", "label": self.page_title},
        ]


class ImportUnitsView(InvalidFormIsBadRequest, UnitAdminMixin, FormView):
    """Paste or upload the unit list; all rows or none, errors by row number."""

    form_class = UnitImportForm
    template_name = "followup/units/import.html"
    page_title = gettext_lazy("Nhập danh sách đơn vị")
    header_icon = "upload"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unit_count=Unit.objects.count(),
            action_url=self.request.path,
            submit_button_label=_("Nhập danh sách"),
            submit_button_active_label=_("Đang nhập…"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            counts = import_units(form.cleaned_data["rows"])
        except UnitImportError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đã nhập %(total)d đơn vị: %(created)d đơn vị mới, %(updated)d đơn vị được cập nhật.")
            % {"total": counts.created + counts.updated, "created": counts.created, "updated": counts.updated},
        )
        return redirect(self.index_url_name)

    def form_invalid(self, form):
        messages.error(self.request, _("Chưa nhập đơn vị nào: hãy sửa các lỗi dưới đây rồi nhập lại."))
        return super().form_invalid(form)


class UnitMembersView(InvalidFormIsBadRequest, UnitAdminMixin, FormView):
    """Who reports for a unit: add an existing account by user name or e-mail, or remove one."""

    form_class = MemberForm
    template_name = "followup/units/members.html"
    page_title = gettext_lazy("Cán bộ báo cáo")
    header_icon = "user"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.unit = get_object_or_404(Unit, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.unit.name

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unit=self.unit,
            members=self.unit.members.order_by("username"),
            action_url=self.request.path,
            submit_button_label=_("Thêm người báo cáo"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        remove = request.POST.get("remove")
        if remove is not None:
            user = get_user_model().objects.filter(pk=remove if remove.isdecimal() else None).first()
            if user is not None and self.unit.members.filter(pk=user.pk).exists():
                self.unit.members.remove(user)
                log(instance=self.unit, action="wagtail.edit", user=request.user)
                messages.success(
                    request,
                    _("%(user)s không còn báo cáo cho %(unit)s.") % {"user": user.get_username(), "unit": self.unit},
                )
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.cleaned_data["account"]
        add_member(self.unit, user)
        log(instance=self.unit, action="wagtail.edit", user=self.request.user)
        messages.success(
            self.request,
            _("%(user)s được báo cáo cho %(unit)s.") % {"user": user.get_username(), "unit": self.unit},
        )
        return redirect(self.request.path)


class UnitViewSet(ModelViewSet):
    model = Unit
    name = "followup_unit"
    url_prefix = "theo-doi/thiet-lap/don-vi"
    icon = "group"
    menu_label = gettext_lazy("Đơn vị")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = UnitIndexView
    edit_view_class = UnitEditView
    list_display = [
        "name",
        "code",
        Column("parent", label=gettext_lazy("Đơn vị cấp trên"), accessor="parent"),
        Column("level", label=gettext_lazy("Cấp"), accessor="get_level_display"),
        "district",
        "secretary_name",
    ]
    list_filter = ["level", "district"]
    search_fields = ["code", "name", "district", "secretary_name", "secretary_email", "bridge_point_code"]
    ordering = ["code"]
    list_per_page = 100

    edit_handler = ObjectList(
        base_form_class=UnitForm,
        children=[
            FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
            FieldRowPanel([FieldPanel("parent"), FieldPanel("level")]),
            FieldRowPanel([FieldPanel("district"), FieldPanel("bridge_point_code"), FieldPanel("weight")]),
            MultiFieldPanel(
                [
                    FieldPanel("secretary_name"),
                    FieldRowPanel([FieldPanel("secretary_email"), FieldPanel("secretary_phone")]),
                ],
                heading=gettext_lazy("Bí thư"),
            ),
        ],
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("nhap/", self.import_view, name="import"),
            path("<int:pk>/can-bo/", self.members_view, name="members"),
        ]

    @property
    def import_view(self):
        return self.construct_view(ImportUnitsView)

    @property
    def members_view(self):
        return self.construct_view(UnitMembersView)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(members_url_name=self.get_url_name("members"), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(members_url_name=self.get_url_name("members"), **kwargs)


unit_viewset = UnitViewSet()
