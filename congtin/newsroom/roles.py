"""The newsroom's roles and its approval workflow: the one place that says who may do what.

Roles are Django groups with Vietnamese names:
- Phóng viên writes and submits, only in the sections a "Phóng viên · <chuyên mục>" group
  opens to them (Wagtail's "add" permission there: new articles, and editing their own);
- Biên tập viên, Thư ký tòa soạn and Lãnh đạo duyệt review the three steps of "Duyệt ba cấp",
  in every section; only Lãnh đạo duyệt may publish;
- Quản trị also runs the office: accounts, groups, sections, workflows, settings.

`ensure_newsroom` creates what is missing and leaves alone what an administrator changed
(extra permissions, a renamed step, another workflow on a section). It takes an app registry
so the data migration (historical models) and `manage.py newsroom_setup` share it; it only
uses managers and fields for that reason. Permissions are made if absent, as Wagtail's own
migrations do: on a new database they do not exist until after the last migration.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db.models import Exists, OuterRef

REPORTER = "Phóng viên"
EDITOR = "Biên tập viên"
MANAGING_EDITOR = "Thư ký tòa soạn"
LEADER = "Lãnh đạo duyệt"
ADMINISTRATOR = "Quản trị"
# Wagtail's default "Moderators" group (congtin.core migration 0003 named it so) publishes:
# it becomes Lãnh đạo duyệt, keeping its members.
OLD_MODERATORS = "Kiểm duyệt viên"

SECTION_REPORTERS = REPORTER + " · "  # + the section's title: one group per section

WORKFLOW = "Duyệt ba cấp"
DEFAULT_WORKFLOW = "Duyệt bài"  # Wagtail's one-step default, named so by core migration 0003
# (task name, reviewing group, hours allowed): the three levels, in order.
STEPS = (
    ("Biên tập", EDITOR, 8),
    ("Thư ký tòa soạn", MANAGING_EDITOR, 4),
    ("Lãnh đạo duyệt", LEADER, 4),
)

ALL_PAGE_PERMISSIONS = ("add", "change", "publish", "bulk_delete", "lock", "unlock")
ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
MEDIA = ("add", "change", "choose")  # on the root collection, for images and documents


@dataclass(frozen=True)
class Role:
    name: str
    page_permissions: tuple[str, ...]  # on the root page: every section of every site
    model_permissions: tuple[tuple[str, str, str], ...] = ()  # (app label, model, action)


def _crud(app_label: str, model: str) -> tuple[tuple[str, str, str], ...]:
    return tuple((app_label, model, action) for action in ("add", "change", "delete", "view"))


ROLES = (
    Role(REPORTER, ()),
    Role(EDITOR, ("add", "change", "lock")),
    Role(MANAGING_EDITOR, ("add", "change", "lock", "unlock")),
    Role(LEADER, ("add", "change", "publish", "lock", "unlock")),
    Role(
        ADMINISTRATOR,
        ALL_PAGE_PERMISSIONS,
        _crud("auth", "user")
        + _crud("auth", "group")
        + _crud("wagtailcore", "workflow")
        + _crud("wagtailcore", "task")
        + (("core", "organisationsettings", "change"), ("wagtailcore", "site", "change"))
        + _crud("wagtailredirects", "redirect"),
    ),
)
ROLE_NAMES = tuple(role.name for role in ROLES)


def ensure_newsroom(apps: Apps = global_apps) -> None:
    """The five role groups, a reporters' group per section and the three-step workflow on the
    root page, each made when missing; nothing an administrator set is taken away."""
    Group = apps.get_model("auth", "Group")
    old = Group.objects.filter(name=OLD_MODERATORS).first()
    if old is not None and not Group.objects.filter(name=LEADER).exists():
        old.name = LEADER
        old.save(update_fields=["name"])
    groups = {role.name: Group.objects.get_or_create(name=role.name)[0] for role in ROLES}
    root = _root_page(apps)
    root_collection = apps.get_model("wagtailcore", "Collection").objects.filter(depth=1).first()
    for role in ROLES:
        group = groups[role.name]
        group.permissions.add(_permission(apps, *ACCESS_ADMIN))
        for app_label, model, action in role.model_permissions:
            group.permissions.add(_permission(apps, app_label, model, f"{action}_{model}"))
        if root is not None:
            for action in role.page_permissions:
                _give_page_permission(apps, group, root, action)
        if root_collection is not None:
            for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
                for action in MEDIA:
                    apps.get_model("wagtailcore", "GroupCollectionPermission").objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=_permission(apps, app_label, model, f"{action}_{model}"),
                    )
    for section in apps.get_model("news", "SectionPage").objects.all():
        ensure_section_reporters(section, apps)
    if root is not None:
        _ensure_workflow(apps, root, groups)


def ensure_section_reporters(section: Any, apps: Apps = global_apps) -> Any:
    """The group whose members write in `section` ("Phóng viên · Thời sự"), found by the
    permission it holds there (so a renamed section keeps its group, renamed after it)."""
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    name = (SECTION_REPORTERS + section.title)[:150]
    held = (
        GroupPagePermission.objects.filter(
            page_id=section.pk, permission__codename="add_page", group__name__startswith=SECTION_REPORTERS
        )
        .select_related("group")
        .first()
    )
    if held is not None:
        group = held.group
        if group.name != name and not Group.objects.filter(name=name).exists():
            group.name = name
            group.save(update_fields=["name"])
        return group
    group, _created = Group.objects.get_or_create(name=name)
    _give_page_permission(apps, group, section, "add")
    return group


def section_saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """post_save of a section: its reporters' group follows it (not for loaddata's raw rows)."""
    if not raw:
        ensure_section_reporters(instance)


def _root_page(apps: Apps) -> Any:
    return apps.get_model("wagtailcore", "Page").objects.filter(depth=1).first()


def _permission(apps: Apps, app_label: str, model: str, codename: str, name: str = "") -> Any:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": name or f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def _give_page_permission(apps: Apps, group: Any, page: Any, action: str) -> None:
    apps.get_model("wagtailcore", "GroupPagePermission").objects.get_or_create(
        group=group, page_id=page.pk, permission=_permission(apps, "wagtailcore", "page", f"{action}_page")
    )


def _ensure_workflow(apps: Apps, root: Any, groups: dict[str, Any]) -> None:
    """ "Duyệt ba cấp" with its three steps, on the root page unless another workflow of an
    administrator's is there. Wagtail's default one-step "Duyệt bài" is disabled once idle."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ReviewTask = apps.get_model("newsroom", "ReviewTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if created:
        task_type, _created = ContentType.objects.get_or_create(app_label="newsroom", model="reviewtask")
        for order, (task_name, group_name, hours) in enumerate(STEPS):
            task = ReviewTask.objects.create(name=task_name, content_type=task_type, active=True, due_hours=hours)
            task.groups.add(groups[group_name])
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    assigned = WorkflowPage.objects.filter(page_id=root.pk).select_related("workflow").first()
    if assigned is None:
        WorkflowPage.objects.create(page_id=root.pk, workflow=workflow)
    elif assigned.workflow.name == DEFAULT_WORKFLOW:  # Wagtail's default, never chosen by anyone here
        assigned.workflow = workflow
        assigned.save(update_fields=["workflow"])
    # Wagtail's default left with no page and no story in it: disabled, so editors meet one workflow.
    idle = ~Exists(WorkflowPage.objects.filter(workflow=OuterRef("pk"))) & ~Exists(
        apps.get_model("wagtailcore", "WorkflowState").objects.filter(workflow=OuterRef("pk"), status="in_progress")
    )
    Workflow.objects.filter(idle, name=DEFAULT_WORKFLOW).update(active=False)


def give_role(user: Any, role: str, sections: Sequence[str] = ()) -> list:
    """Put `user` in the role's group (and, for a reporter, the groups of the sections named by
    slug), with access to the back office; the groups given, in order."""
    from django.contrib.auth.models import Group
    from django.utils.translation import gettext as _

    from congtin.news.models import SectionPage

    if role not in ROLE_NAMES:
        raise ValueError(_("Không có vai trò '%(role)s'.") % {"role": role})
    if sections and role != REPORTER:
        raise ValueError(_("Chỉ phóng viên được giao theo chuyên mục; các vai trò khác làm việc ở mọi chuyên mục."))
    found = {section.slug: section for section in SectionPage.objects.filter(slug__in=sections)}
    missing = [slug for slug in sections if slug not in found]
    if missing:
        raise ValueError(_("Không có chuyên mục: %(slugs)s") % {"slugs": ", ".join(missing)})
    given = [Group.objects.get(name=role)] + [ensure_section_reporters(found[slug]) for slug in sections]
    user.groups.add(*given)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return given
