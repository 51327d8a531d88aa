"""make demo's newsroom: one account per role, printed, each signing in to what its role may do."""

import stat

import pytest
from django.contrib.auth import get_user_model

from congtin.demo.management.commands import load_demo
from congtin.newsroom import roles


@pytest.fixture
def newsroom_file(tmp_path, monkeypatch, home):
    monkeypatch.setattr(load_demo, "NEWSROOM_FILE", tmp_path / "demo-newsroom.txt")
    return tmp_path / "demo-newsroom.txt"


def test_one_account_per_role_is_made_printed_and_kept(newsroom_file, capsys, client, settings):
    settings.CONGTIN_REQUIRE_2FA = False  # as congtin.settings.demo says
    load_demo.Command().ensure_newsroom()
    printed = capsys.readouterr().out
    assert stat.S_IMODE(newsroom_file.stat().st_mode) == 0o600
    accounts = [line.split("\t") for line in newsroom_file.read_text(encoding="utf-8").splitlines()]
    assert [role for role, _username, _password in accounts] == list(roles.ROLE_NAMES)
    for role, username, password in accounts:
        assert f"{role}: tài khoản {username}  mật khẩu: {password}" in printed
        user = get_user_model().objects.get(username=username)
        assert role in user.groups.values_list("name", flat=True)
        signed_in = client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
        assert signed_in.status_code == 302 and signed_in["Location"] == "/admin/", username
        assert client.get("/admin/").status_code == 200, username
        client.post("/admin/logout/")
    reporter_groups = set(get_user_model().objects.get(username="phongvien").groups.values_list("name", flat=True))
    assert reporter_groups == {
        roles.REPORTER,
        roles.SECTION_REPORTERS + "Thanh niên",
        roles.SECTION_REPORTERS + "Tin tức - Sự kiện",
    }

    load_demo.Command().ensure_newsroom()  # again: the same accounts, the same passwords
    assert [line.split("\t") for line in newsroom_file.read_text(encoding="utf-8").splitlines()] == accounts
    assert get_user_model().objects.filter(username__in=[a[1] for a in accounts]).count() == len(accounts)
