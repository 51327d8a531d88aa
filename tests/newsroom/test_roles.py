"""Each role sees and can do what it should, and nothing more; roles are kept by a command."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from congtin.news.models import ArticlePage
from congtin.newsroom import roles
from tests.factories import make_article, make_section
from tests.newsroom.support import article_form


def can(user, page) -> dict[str, bool]:
    tester = page.permissions_for_user(user)
    return {
        "add": tester.can_add_subpage(),
        "edit": tester.can_edit(),
        "publish": tester.can_publish(),
        "unlock": tester.can_unlock(),
    }


@pytest.mark.django_db
def test_the_five_roles_exist_with_vietnamese_names_and_no_english_default_groups_remain():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLE_NAMES) <= names
    assert not names & {"Editors", "Moderators", roles.OLD_MODERATORS}


@pytest.mark.django_db
def test_what_each_role_may_do_to_an_article_in_a_section(sections, people):
    thoi_su, kinh_te = sections
    theirs = make_article(thoi_su, "Bài của người khác")
    expected = {
        # username: (add in Thời sự, add in Kinh tế, edit another's article, publish, unlock)
        "phongvien": (True, False, False, False, False),
        "bientap": (True, True, True, False, False),
        "thuky": (True, True, True, False, True),
        "lanhdao": (True, True, True, True, True),
        "quantri": (True, True, True, True, True),
    }
    for username, (add_here, add_there, edit, publish, unlock) in expected.items():
        user = people[username]
        assert can(user, thoi_su)["add"] is add_here, username
        assert can(user, kinh_te)["add"] is add_there, username
        on_article = can(user, theirs)
        assert (on_article["edit"], on_article["publish"], on_article["unlock"]) == (edit, publish, unlock), username


@pytest.mark.django_db
def test_a_reporter_is_turned_away_from_another_section_and_from_publishing(sections, client_of):
    thoi_su, kinh_te = sections
    reporter = client_of("phongvien")
    add_here = reverse("wagtailadmin_pages:add", args=("news", "articlepage", thoi_su.pk))
    assert reporter.get(add_here).status_code == 200
    there = reporter.get(reverse("wagtailadmin_pages:add", args=("news", "articlepage", kinh_te.pk)))
    assert there.status_code in (302, 403)
    reporter.post(add_here, article_form("Bài tự đăng", action="action-publish"))
    article = ArticlePage.objects.get(title="Bài tự đăng")
    assert not article.live, "a reporter's 'publish' must not publish"


@pytest.mark.django_db
def test_only_the_administrator_manages_accounts_and_workflows(client_of):
    for username, allowed in (("phongvien", False), ("bientap", False), ("lanhdao", False), ("quantri", True)):
        client = client_of(username)
        for url in (reverse("wagtailusers_users:index"), reverse("wagtailadmin_workflows:index")):
            response = client.get(url)
            assert (response.status_code == 200) is allowed, f"{username} {url}: {response.status_code}"


@pytest.mark.django_db
def test_a_new_section_gets_its_reporters_group_and_a_renamed_one_keeps_it(home):
    section = make_section(home, "Văn hóa")
    group = Group.objects.get(name=roles.SECTION_REPORTERS + "Văn hóa")
    section.title = "Văn hóa – Xã hội"
    section.save()
    group.refresh_from_db()
    assert group.name == roles.SECTION_REPORTERS + "Văn hóa – Xã hội"
    assert Group.objects.filter(name__startswith=roles.SECTION_REPORTERS + "Văn hóa").count() == 1


@pytest.mark.django_db
def test_the_command_keeps_the_roles_and_gives_one_to_a_person(sections, django_user_model):
    call_command("newsroom_setup")
    call_command("newsroom_setup")  # twice: nothing doubled
    assert Group.objects.filter(name=roles.REPORTER).count() == 1
    user = django_user_model.objects.create_user("moi", "moi@hoaphuong.example.vn", "mat-khau-rat-dai-123")
    call_command("newsroom_setup", user="moi", role=roles.REPORTER, section=[sections[1].slug])
    assert set(user.groups.values_list("name", flat=True)) == {roles.REPORTER, roles.SECTION_REPORTERS + "Kinh tế"}
    user.refresh_from_db()
    assert user.is_staff
    with pytest.raises(CommandError, match="Không có chuyên mục: khong-co"):
        call_command("newsroom_setup", user="moi", role=roles.REPORTER, section=["khong-co"])
    with pytest.raises(CommandError, match="Chỉ phóng viên"):
        call_command("newsroom_setup", user="moi", role=roles.EDITOR, section=[sections[1].slug])
    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("newsroom_setup", user="khong-ai", role=roles.EDITOR)


@pytest.mark.django_db
def test_an_administrators_own_workflow_on_the_root_is_left_in_place():
    from wagtail.models import Page, Workflow, WorkflowPage

    own = Workflow.objects.create(name="Quy trình riêng")
    WorkflowPage.objects.filter(page=Page.get_first_root_node()).update(workflow=own)
    roles.ensure_newsroom()
    assert Page.get_first_root_node().get_workflow() == own
