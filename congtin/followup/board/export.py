"""The follow-up as one XLSX for the leader's report: the board (units × required results, the
standing in words, the dates sent, the rolled-up progress), the study sessions with the people
reached by group, and the action programmes with each task's latest progress.

Dates are real Excel dates (sortable), headers frozen and bold, as the attendance report's
(congtin.conferences.after.attendance). A fixed number of queries whatever the number of units."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Directive, ProgressReport, Requirement, Result, StudySession, Submission, Unit
from ..status import Standing
from .grid import STANDING_WORDS, STATE_LABELS, build_board
from .summary import programme_task_lines

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_DATE_FORMAT = "dd/mm/yyyy"
XLSX_DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INDENT = "    "  # a unit's name, indented by its depth in the tree


def board_xlsx(directive: Directive) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    _board_sheet(workbook.active, directive)
    _sessions_sheet(workbook.create_sheet(), directive)
    _programmes_sheet(workbook.create_sheet(), directive)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _board_sheet(sheet, directive: Directive) -> None:
    board = build_board(directive)
    sheet.title = _("Bảng theo dõi")
    levels = dict(Unit.Level.choices)
    header = [_("Mã đơn vị"), _("Tên đơn vị"), _("Cấp"), _("Quận/huyện")]
    for column in board.columns:
        title = column.requirement.title
        header += [
            _("%(title)s: tình trạng") % {"title": title},
            _("%(title)s: ngày gửi") % {"title": title},
        ]
    header += [_("Việc sau hội nghị: đã xong / được giao"), _("Tiến độ cộng dồn (%)")]
    _header(sheet, header)
    for row in board.rows:
        cells = [row.code, INDENT * row.depth + row.name, str(levels.get(row.level, row.level)), row.district]
        for index, cell in enumerate(row.cells):
            if cell is not None:
                cells += [f"{cell.words} – {cell.state_label}", _local(cell.completed_at)]
            elif not row.is_target and row.done_below:
                done, asked = row.done_below[index]
                cells += [_("%(done)d/%(asked)d đơn vị hoàn thành") % {"done": done, "asked": asked}, None]
            else:
                cells += [None, None]
        cells.append(f"{row.tasks.done}/{row.tasks.total}" if row.tasks.total else None)
        cells.append(None if row.progress is None else round(row.progress, 1))
        sheet.append(cells)
    for value in Standing:
        cells = [None, _("Tổng: %(standing)s") % {"standing": STANDING_WORDS[value]}, None, None]
        for column in board.columns:
            cells += [column.totals[value], None]
        cells += [board.task_totals[value], None]
        sheet.append(cells)
    for column_index in range(len(board.columns)):
        letter = sheet.cell(row=1, column=6 + 2 * column_index).column_letter
        for cell in sheet[letter][1:]:
            cell.number_format = XLSX_DATETIME_FORMAT
    _widths(sheet, [12, 40, 18, 18, *([30, 17] * len(board.columns)), 16, 14])


def _sessions_sheet(sheet, directive: Directive) -> None:
    sheet.title = _("Buổi học tập")
    groups = [str(StudySession._meta.get_field(name).verbose_name) for name in StudySession.REACHED_FIELDS]
    forms = dict(StudySession.Form.choices)
    _header(
        sheet,
        [_("Mã đơn vị"), _("Tên đơn vị"), _("Ngày tổ chức"), _("Hình thức"), _("Nội dung"), *groups]
        + [_("Tổng số người"), _("Tài liệu sử dụng")],
    )
    totals = [0] * len(groups)
    sessions = (
        StudySession.objects.filter(directive=directive).select_related("unit").order_by("unit__code", "held_on", "pk")
    )
    for session in sessions:
        reached = [getattr(session, name) for name in StudySession.REACHED_FIELDS]
        totals = [a + b for a, b in zip(totals, reached, strict=True)]
        sheet.append(
            [
                session.unit.code,
                session.unit.name,
                session.held_on,
                str(forms.get(session.form, session.form)),
                session.title,
                *reached,
                sum(reached),
                session.documents,
            ]
        )
    sheet.append([None, _("Tổng cộng"), None, None, None, *totals, sum(totals), None])
    for cell in sheet["C"][1:]:
        cell.number_format = XLSX_DATE_FORMAT
    _widths(sheet, [12, 36, 13, 14, 40, 14, 14, 14, 14, 12, 30])


def _programmes_sheet(sheet, directive: Directive) -> None:
    sheet.title = _("Chương trình hành động")
    statuses = dict(ProgressReport.TaskStatus.choices)
    _header(
        sheet,
        [
            _("Mã đơn vị"),
            _("Tên đơn vị"),
            _("Chương trình"),
            _("Ngày thông qua"),
            _("Nhiệm vụ"),
            _("Đơn vị chủ trì"),
            _("Thời hạn"),
            _("Kết quả dự kiến"),
            _("Tình trạng nhiệm vụ"),
            _("Tiến độ (%)"),
            _("Báo cáo lúc"),
            _("Đánh giá"),
        ],
    )
    programmes = list(
        Result.objects.filter(requirement__directive=directive, requirement__kind=Requirement.Kind.PROGRAMME)
        .select_related("unit")
        .order_by("unit__code", "requirement__sort_order", "pk")
    )
    adopted = {}
    for result_id, adopted_on in (
        Submission.objects.filter(result__in=[p.pk for p in programmes])
        .order_by("number")
        .values_list("result_id", "adopted_on")
    ):
        adopted[result_id] = adopted_on  # the latest version's
    lines: dict[int, list] = {}
    for line in programme_task_lines(directive):
        lines.setdefault(line.task.result_id, []).append(line)
    for programme in programmes:
        head = [programme.unit.code, programme.unit.name, str(STATE_LABELS[programme.state]), adopted.get(programme.pk)]
        if programme.pk not in lines:
            sheet.append([*head, None, None, None, None, None, None, None, None])
            continue
        for line in lines[programme.pk]:
            task, latest = line.task, line.latest
            sheet.append(
                [
                    *head,
                    task.content,
                    task.lead,
                    task.due_on,
                    task.expected_result,
                    str(statuses[latest.status]) if latest else _("Chưa báo cáo"),
                    latest.percent if latest else None,
                    _local(latest.reported_at) if latest else None,
                    str(STANDING_WORDS[line.standing]),
                ]
            )
    for column, number_format in (("D", XLSX_DATE_FORMAT), ("G", XLSX_DATE_FORMAT), ("K", XLSX_DATETIME_FORMAT)):
        for cell in sheet[column][1:]:
            cell.number_format = number_format
    _widths(sheet, [12, 36, 20, 14, 50, 24, 13, 36, 18, 11, 17, 14])


def _header(sheet, cells) -> None:
    from openpyxl.styles import Font

    sheet.append([str(cell) for cell in cells])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"


def _widths(sheet, widths) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width


def _local(moment):
    """Local wall-clock time: Excel has no time zones."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None
