"""Builders for follow-up tests and the follow-up benchmark: a unit tree, a directive with
its required results, people who report for a unit and the city's follow-up staff."""

from datetime import date

from django.contrib.auth import get_user_model

from congtin.followup.models import Directive, Requirement, Unit
from congtin.followup.roles import CITY_STAFF, add_member, ensure_roles

ISSUED = date(2026, 7, 1)


def make_tree(districts: int = 2, grassroots: int = 2, prefix: str = "") -> list[Unit]:
    """A city union, `districts` district unions under it and `grassroots` unions under each;
    returns them all, the city first. Codes: TD, QD1, QD1-1..."""
    city = Unit.objects.create(code=f"{prefix}TD", name="Thành đoàn Hoa Phượng", level=Unit.Level.CITY)
    units = [city]
    for d in range(1, districts + 1):
        district = Unit.objects.create(
            code=f"{prefix}QD{d}",
            name=f"Quận đoàn số {d}",
            parent=city,
            level=Unit.Level.DISTRICT,
            district=f"Quận {d}",
            secretary_name=f"Bí thư Quận đoàn {d}",
            secretary_email=f"qd{d}@example.vn",
        )
        units.append(district)
        for g in range(1, grassroots + 1):
            units.append(
                Unit.objects.create(
                    code=f"{prefix}QD{d}-{g}",
                    name=f"Đoàn phường {g}, Quận {d}",
                    parent=district,
                    level=Unit.Level.GRASSROOTS,
                    district=f"Quận {d}",
                    secretary_email=f"qd{d}-{g}@example.vn",
                )
            )
    return units


def make_directive(units, *, due=(date(2026, 7, 31), date(2026, 8, 15), date(2026, 9, 30)), **fields) -> Directive:
    """A directive asking `units` for a study session, an action programme and a progress
    report, due on the three dates of `due`; its Result rows made."""
    fields.setdefault("title", "Hướng dẫn học tập, quán triệt kết quả hội nghị")
    fields.setdefault("issued_on", ISSUED)
    directive = Directive.objects.create(**fields)
    kinds = (Requirement.Kind.STUDY, Requirement.Kind.PROGRAMME, Requirement.Kind.PROGRESS)
    for order, (kind, due_on) in enumerate(zip(kinds, due, strict=False)):
        Requirement.objects.create(directive=directive, kind=kind, title=kind.label, due_on=due_on, sort_order=order)
    directive.units.set(units)
    directive.sync_results()
    return directive


def make_unit_member(unit: Unit, username: str = "bithu", password: str = "mat-khau-dai-1"):
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", password)
    add_member(unit, user)
    return user


def make_city_staff(username: str = "theodoi", password: str = "mat-khau-dai-1"):
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", password)
    user.groups.add(ensure_roles()[CITY_STAFF])
    return user
