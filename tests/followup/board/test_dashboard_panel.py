"""The dashboard's "Theo dõi thực hiện" panel: a unit's people find their workspace from the
back office's first page, the city its board; whoever the follow-up does not concern sees none."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from ..support import make_city_staff, make_directive, make_tree, make_unit_member

pytestmark = pytest.mark.django_db


def panel_links(client) -> dict[str, str] | None:
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    panel = BeautifulSoup(response.content, "html.parser").select_one("section#followup-section")
    if panel is None:
        return None
    return {a.get_text(" ", strip=True): a["href"] for a in panel.select("a[href]")}


@pytest.fixture(autouse=True)
def password_sign_in(settings):
    settings.CONGTIN_REQUIRE_2FA = False


def test_a_units_secretary_finds_the_workspace_and_the_city_its_board(client):
    units = make_tree(districts=2, grassroots=1)
    ours = units[1]
    directive = make_directive(units[1:], title="Hướng dẫn học tập, quán triệt")
    client.force_login(make_unit_member(ours))
    links = panel_links(client)
    assert links[ours.name] == reverse("followup:unit_directive", args=[ours.code, directive.pk])
    assert links[units[2].name] == reverse("followup:unit_directive", args=[units[2].code, directive.pk])  # below ours
    assert units[3].name not in links  # another district's union
    assert links["Tất cả văn bản chỉ đạo"] == reverse("followup:directives")

    client.force_login(make_city_staff())
    links = panel_links(client)
    assert links[directive.title] == reverse("followup:board", args=[directive.pk])
    assert links["Báo cáo kết quả"] == reverse("followup:summary", args=[directive.pk])


def test_an_editor_the_follow_up_does_not_concern_sees_no_panel(client):
    units = make_tree(districts=1, grassroots=0)
    make_directive(units[1:])
    editor = get_user_model().objects.create_user("bientap", "bientap@example.vn", "mat-khau-dai-1")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert panel_links(client) is None
