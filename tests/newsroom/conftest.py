"""The newsroom's people: one account per role, a reporter who writes in one section, and
their signed-in clients."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from congtin.newsroom import roles
from tests.factories import make_section

PASSWORD = "mat-khau-rat-dai-123"


@pytest.fixture
def sections(home):
    return make_section(home, "Thời sự"), make_section(home, "Kinh tế")


@pytest.fixture
def people(sections):
    """username: user, each in their role; the reporter writes in "Thời sự" only."""
    User = get_user_model()
    made = {}
    for username, role, section_slugs in (
        ("phongvien", roles.REPORTER, [sections[0].slug]),
        ("bientap", roles.EDITOR, []),
        ("thuky", roles.MANAGING_EDITOR, []),
        ("lanhdao", roles.LEADER, []),
        ("quantri", roles.ADMINISTRATOR, []),
    ):
        user = User.objects.create_user(username, f"{username}@hoaphuong.example.vn", PASSWORD, first_name=username)
        roles.give_role(user, role, sections=section_slugs)
        made[username] = user
    return made


@pytest.fixture
def client_of(people):
    def signed_in(username: str) -> Client:
        client = Client()
        client.force_login(people[username])
        return client

    return signed_in
