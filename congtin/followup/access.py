"""Which units a person sees, the one place every view of the app asks: the city's follow-up
staff see all, a unit's people their own unit and the units below it. A unit a person may
not see is a 404, the same as one that does not exist."""

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .models import Directive, Result, Unit, UnitQuerySet
from .roles import CITY_PERMISSION


def is_city_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(CITY_PERMISSION))


def visible_units(user: Any) -> UnitQuerySet:
    if is_city_staff(user):
        return Unit.objects.all()
    return Unit.objects.of_user(user)


def unit_or_404(user: Any, code: str) -> Unit:
    return get_object_or_404(visible_units(user), code=code)


def directive_or_404(user: Any, pk: int) -> Directive:
    """A directive the person has a unit in (or any, for the city)."""
    directives = Directive.objects.all()
    if not is_city_staff(user):
        directives = directives.filter(units__in=visible_units(user)).distinct()
    return get_object_or_404(directives, pk=pk)


def result_or_404(user: Any, pk: int) -> Result:
    result = Result.objects.select_related("requirement__directive", "unit").filter(pk=pk).first()
    if result is None or not visible_units(user).filter(pk=result.unit_id).exists():
        raise Http404(_("Không tìm thấy kết quả này."))
    return result
