"""Back-office accounts: people signing in through Wagtail's own sign-in page."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from congtin.newsroom import roles

PASSWORD = "Phuong-hoang-2025!"
LOGIN = "/admin/login/"


def visible_text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def sign_in(client, username: str, password: str = PASSWORD, address: str = "203.0.113.10", **extra):
    """Post Wagtail's sign-in form as a browser does, from `address`."""
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address, **extra
    )


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("quantri", "quantri@hoaphuong.example.vn", PASSWORD)


@pytest.fixture
def editor(db):
    """A reporter: may use the admin and write drafts, may not publish or approve."""
    group = Group.objects.get(name=roles.REPORTER)  # the newsroom's role: admin access, no page rights of its own
    user = get_user_model().objects.create_user("phongvien", "phongvien@hoaphuong.example.vn", PASSWORD)
    user.groups.add(group)
    return user
