"""Weak passwords are refused where accounts are made: Wagtail's user form, in Vietnamese."""

import pytest
from django.contrib.auth import get_user_model

from .conftest import visible_text


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def create_user(client, password):
    return client.post(
        "/admin/users/new/",
        {
            "username": "nguyenvana",
            "email": "nguyenvana@hoaphuong.example.vn",
            "first_name": "Văn A",
            "last_name": "Nguyễn",
            "password1": password,
            "password2": password,
        },
    )


@pytest.mark.parametrize(
    ("password", "messages"),
    [
        ("1", ["Mật khẩu quá ngắn. Mật khẩu phải có ít nhất 10 ký tự.", "Mật khẩu này hoàn toàn là số."]),
        ("12345678", ["Mật khẩu quá ngắn", "Mật khẩu này quá phổ biến.", "Mật khẩu này hoàn toàn là số."]),
        ("password123", ["Mật khẩu này quá phổ biến."]),
        ("nguyenvana2025", ["Mật khẩu quá giống với"]),
    ],
)
def test_a_weak_password_is_refused_in_the_user_form_in_vietnamese(admin_client, password, messages):
    response = create_user(admin_client, password)
    assert response.status_code == 200  # the form again, nobody created
    text = visible_text(response)
    for message in messages:
        assert message in text
    assert "This password" not in text
    assert not get_user_model().objects.filter(username="nguyenvana").exists()


def test_a_strong_password_is_accepted(admin_client):
    response = create_user(admin_client, "Hoa-phuong-do-2025")
    assert response.status_code == 302
    assert get_user_model().objects.get(username="nguyenvana").check_password("Hoa-phuong-do-2025")
