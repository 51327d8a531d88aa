"""The organiser's pages in the back office: the directives, a directive's board, its XLSX
export, its summary report and the summary's draft article. Thin: the board is built by
`grid.build_board`, the figures by `summary.summary_of`, the file by `export.board_xlsx`."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from congtin import vietnamese

from .. import access
from ..models import Directive, Requirement, Unit
from ..status import Standing
from . import cache as board_cache
from .export import XLSX_CONTENT_TYPE, board_xlsx
from .grid import STANDING_WORDS, BadFilter, Filters, build_board, directive_districts
from .rows_html import board_rows_html
from .summary import draft_summary_article, summary_of


def city_staff_required(request) -> None:
    if not access.is_city_staff(request.user):
        raise PermissionDenied


class FollowupPage(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if getattr(self, "directive", None) is not None:
            items.append({"url": reverse("followup:directives"), "label": gettext("Theo dõi thực hiện")})
        return [*items, {"url": "", "label": self.get_page_title()}]


def directives_for(user) -> tuple[list[Directive], bool]:
    """The directives `user` follows, and whether as the city: every directive, with its board
    and summary links, for the city; for a unit's people those their units are in, with each
    unit's workspace link (the directives page and the dashboard panel show them)."""
    city = access.is_city_staff(user)
    if city:
        directives = list(Directive.objects.annotate(unit_count=Count("units")))
        for directive in directives:
            directive.board_url = reverse("followup:board", args=[directive.pk])
            directive.summary_url = reverse("followup:summary", args=[directive.pk])
            directive.my_units = []
        return directives, city
    visible = access.visible_units(user)
    directives = list(
        Directive.objects.filter(units__in=visible)
        .distinct()
        .prefetch_related(
            Prefetch("units", queryset=Unit.objects.filter(pk__in=visible).order_by("code"), to_attr="my_units")
        )
    )
    for directive in directives:
        for unit in directive.my_units:
            unit.workspace_url = reverse("followup:unit_directive", args=[unit.code, directive.pk])
    return directives, city


@method_decorator(never_cache, name="dispatch")
class DirectiveListView(FollowupPage):
    """The city sees every directive and opens its board; a unit's people see the directives
    their units are in and open their workspace for each."""

    template_name = "followup/board/directives.html"
    page_title = gettext_lazy("Theo dõi thực hiện")

    def get(self, request, *args, **kwargs):
        directives, city = directives_for(request.user)
        return self.render_to_response(self.get_context_data(directives=directives, city=city))


@method_decorator(never_cache, name="dispatch")
class BoardView(FollowupPage):
    template_name = "followup/board/board.html"

    def get_page_title(self):
        return gettext("Bảng theo dõi: %(title)s") % {"title": self.directive.title}

    def get(self, request, pk: int, *args, **kwargs):
        city_staff_required(request)
        self.directive = access.directive_or_404(request.user, pk)
        directive = self.directive
        districts = board_cache.districts_of(directive, lambda: directive_districts(directive))
        error = ""
        try:
            filters = Filters.from_query(request.GET, districts)
        except BadFilter as bad:
            error, filters = str(bad), Filters()
        now = board_cache.now()

        def grid():
            board = build_board(directive, filters, now=now, districts=districts)
            # The page needs the rows only as HTML: kept without them, read back faster.
            return replace(board, rows=[]), board_rows_html(board)

        board, rows_html = board_cache.board_and_rows(directive, filters, now, grid)
        context = self.get_context_data(
            directive=self.directive,
            board=board,
            rows_html=rows_html,
            filter_error=error,
            levels=Unit.Level.choices,
            kinds=Requirement.Kind.choices,
            standings=[(value, STANDING_WORDS[value]) for value in Standing],
            export_url=reverse("followup:board_export", args=[self.directive.pk]),
            summary_url=reverse("followup:summary", args=[self.directive.pk]),
            query=request.GET.urlencode(),
        )
        return self.render_to_response(context, status=400 if error else 200)


@never_cache
def board_export(request, pk: int) -> HttpResponse:
    """The board, the study sessions and the programmes as one XLSX for the leader's report."""
    city_staff_required(request)
    directive = access.directive_or_404(request.user, pk)
    response = HttpResponse(board_xlsx(directive), content_type=XLSX_CONTENT_TYPE)
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = vietnamese.slugify(directive.title, max_length=60) or "van-ban"
    response["Content-Disposition"] = f'attachment; filename="theo-doi-{name}-{stamp}.xlsx"'
    return response


@method_decorator(never_cache, name="dispatch")
class SummaryView(FollowupPage):
    template_name = "followup/board/summary.html"
    page_title = gettext_lazy("Báo cáo kết quả học tập, quán triệt")

    def get(self, request, pk: int, *args, **kwargs):
        city_staff_required(request)
        self.directive = access.directive_or_404(request.user, pk)
        context = self.get_context_data(
            directive=self.directive,
            summary=summary_of(self.directive),
            board_url=reverse("followup:board", args=[self.directive.pk]),
            export_url=reverse("followup:board_export", args=[self.directive.pk]),
        )
        return self.render_to_response(context)


@never_cache
@require_POST
def summary_article(request, pk: int) -> HttpResponse:
    """Draft the portal article with the summary's figures (once) and open it in the page editor;
    for follow-up staff who do not write for the portal, say where the draft waits for the
    newsroom instead of sending them to an editor they may not open."""
    city_staff_required(request)
    directive = access.directive_or_404(request.user, pk)
    article = draft_summary_article(directive, user=request.user)
    if article.permissions_for_user(request.user).can_edit():
        return redirect("wagtailadmin_pages:edit", article.pk)
    messages.success(
        request,
        gettext("Bài viết nháp “%(title)s” đã có trong chuyên mục “%(section)s”; tòa soạn biên tập và đăng bài.")
        % {"title": article.title, "section": article.get_parent().title},
    )
    return redirect("followup:summary", directive.pk)
