"""Who does what in the follow-up, the one owner of it:

- "Cán bộ theo dõi" (the city's follow-up staff) see every unit, run directives, return or
  accept what units send, and draft the summary article: the permission to change
  directives (and units, to keep the tree);
- "Cán bộ đơn vị" may sign in to the back office and nothing more by group: what they see is
  the units they are members of (`Unit.members`) and the units below them.

`ensure_roles` takes an app registry so the data migration and `add_member` share it.
"""

from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps

CITY_STAFF = "Cán bộ theo dõi"
UNIT_STAFF = "Cán bộ đơn vị"

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
CITY_PERMISSIONS = tuple(
    ("followup", model, f"{action}_{model}")
    for model in ("directive", "unit", "requirement", "followuptask")
    for action in ("add", "change", "view")
)
# The permission that makes a user city staff (access.is_city_staff asks for it).
CITY_PERMISSION = "followup.change_directive"


def ensure_roles(apps: Apps = global_apps) -> dict[str, Any]:
    """The two groups and their permissions; creates what is missing, removes nothing."""
    Group = apps.get_model("auth", "Group")
    city, _created = Group.objects.get_or_create(name=CITY_STAFF)
    unit, _created = Group.objects.get_or_create(name=UNIT_STAFF)
    access = _permission(apps, *ACCESS_ADMIN)
    city.permissions.add(
        access, *(_permission(apps, app, model, codename) for app, model, codename in CITY_PERMISSIONS)
    )
    unit.permissions.add(access)
    return {CITY_STAFF: city, UNIT_STAFF: unit}


def add_member(unit: Any, user: Any) -> None:
    """Let `user` report for `unit` (and the units below it) in the back office."""
    groups = ensure_roles()
    unit.members.add(user)
    user.groups.add(groups[UNIT_STAFF])


def _permission(apps: Apps, app_label: str, model: str, codename: str, name: str = "") -> Any:
    """The permission, made if absent: on a new database Django creates them only after the
    last migration."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name or codename.replace("_", " ")}
    )
    return permission
