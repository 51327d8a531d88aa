"""Units (đơn vị): the Youth Union's tree, city → district / county / affiliated unions →
grassroots unions (→ branches), each with its secretary's contact and the people who may
report for it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitQuerySet(models.QuerySet):
    def subtree_ids(self, root: Unit) -> set[int]:
        """`root` and every unit below it, in one query (the tree is a few thousand units at most)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in self.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, stack = set(), [root.pk]
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, ()))
        return found

    def of_user(self, user: Any) -> UnitQuerySet:
        """The units `user` reports for (a member of), with every unit below them."""
        if not user.is_authenticated:
            return self.none()
        roots = list(self.filter(members=user))
        ids: set[int] = set()
        for root in roots:
            ids |= Unit.objects.subtree_ids(root)
        return self.filter(pk__in=ids)


class Unit(models.Model):
    class Level(models.TextChoices):
        CITY = "city", _("Thành đoàn")
        DISTRICT = "district", _("Quận đoàn, Huyện đoàn, Đoàn trực thuộc")
        GRASSROOTS = "grassroots", _("Đoàn cơ sở")
        BRANCH = "branch", _("Chi đoàn")

    code = models.CharField(
        _("Mã đơn vị"),
        max_length=32,
        unique=True,
        help_text=_("Ví dụ: QD-TT. Nhập lại danh sách sẽ cập nhật đơn vị theo mã này."),
    )
    name = models.CharField(_("Tên đơn vị"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField(_("Cấp"), max_length=16, choices=Level.choices, default=Level.GRASSROOTS)
    district = models.CharField(_("Quận/huyện"), max_length=255, blank=True)
    secretary_name = models.CharField(_("Bí thư"), max_length=255, blank=True)
    secretary_email = models.EmailField(_("Thư điện tử của Bí thư"), blank=True)
    secretary_phone = models.CharField(_("Điện thoại của Bí thư"), max_length=32, blank=True)
    # The code this unit's bridge point carries in a conference's list (conferences.BridgePoint.code).
    bridge_point_code = models.CharField(_("Mã điểm cầu"), max_length=32, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("Trọng số"), default=1, help_text=_("Phần của đơn vị khi cộng dồn tiến độ lên đơn vị cấp trên.")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Cán bộ báo cáo"),
        blank=True,
        related_name="followup_units",
        help_text=_("Những tài khoản được báo cáo cho đơn vị này (và các đơn vị trực thuộc)."),
    )
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["code"]
        indexes = [models.Index(fields=["bridge_point_code"], name="followup_unit_bridge_point")]

    def __str__(self) -> str:
        return self.name

    def ancestors(self, units_by_id: dict[int, Unit]) -> Iterable[Unit]:
        """Units above this one, nearest first, looked up in `units_by_id` (no query)."""
        parent_id = self.parent_id
        seen = {self.pk}
        while parent_id is not None and parent_id not in seen and parent_id in units_by_id:
            seen.add(parent_id)
            parent = units_by_id[parent_id]
            yield parent
            parent_id = parent.parent_id
