"""Two-factor sign-in (django-otp): enrolment in the admin, the code after the password,
recovery codes, and who must use it when CONGTIN_REQUIRE_2FA is on."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowTask

from congtin.accounts.two_factor import must_use_two_factor

from .conftest import sign_in, visible_text

ENROL = "/admin/tai-khoan/xac-thuc-hai-buoc/"
VERIFY = "/admin/tai-khoan/xac-minh/"
ADMIN_PAGES = ("/admin/", "/admin/pages/", "/admin/images/", "/admin/users/", "/admin/account/", "/admin/reports/")

required = pytest.mark.usefixtures("require_2fa")


@pytest.fixture
def require_2fa(settings):
    settings.CONGTIN_REQUIRE_2FA = True


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def path_of(response) -> str:
    return urlsplit(response["Location"]).path


def with_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)


@required
def test_a_superuser_without_an_app_is_sent_to_enrol_from_every_admin_page(client, superuser):
    assert sign_in(client, "quantri").status_code == 302
    for page in ADMIN_PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert path_of(response) == ENROL, page


@required
def test_enrolling_shows_the_qr_and_secret_then_ten_recovery_codes_once_then_the_dashboard(client, superuser):
    sign_in(client, "quantri")
    page = client.get(f"{ENROL}?next=/admin/pages/")
    assert page.status_code == 200
    text = visible_text(page)
    assert "Bật xác thực hai bước" in text
    assert "nên phải bật xác thực hai bước" in text  # a superuser is told why
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    assert 'role="img"' in page.content.decode() and "<svg" in page.content.decode()
    secret = re.search(r'class="accounts-secret">([A-Z2-7 ]+)<', page.content.decode())[1].replace(" ", "")
    assert secret in device.config_url
    assert device.config_url.startswith("otpauth://totp/")
    # Reloading keeps the same secret (an app that scanned it stays right).
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=superuser).count() == 1

    wrong = client.post(ENROL, {"code": "000000" if code_of(device) != "000000" else "111111", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "Mã không đúng" in visible_text(wrong)

    device.refresh_from_db()
    device.throttling_failure_count = 0  # a wrong code makes the next try wait: not the point here
    device.save()
    done = client.post(ENROL, {"code": code_of(device), "next": "/admin/pages/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert "chỉ hiện một lần" in visible_text(done)
    assert set(StaticToken.objects.filter(device__user=superuser).values_list("token", flat=True)) == set(codes)

    assert client.get("/admin/").status_code == 200
    again = client.get(ENROL)
    assert again.status_code == 200
    assert not re.findall(r"<li><code>", again.content.decode())  # the codes are not shown again
    assert "Còn 10 mã khôi phục" in visible_text(again)


def test_a_superuser_with_an_app_gives_a_code_after_the_password(client, superuser):
    device = with_app(superuser)
    response = sign_in(client, "quantri")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    step = client.get("/admin/pages/")
    assert step.status_code == 302
    assert path_of(step) == VERIFY
    page = client.get(step["Location"])
    assert page.status_code == 200
    assert "Nhập mã xác thực" in visible_text(page)

    verified = client.post(VERIFY, {"code": code_of(device), "next": "/admin/pages/"})
    assert verified.status_code == 302
    assert verified["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_a_wrong_code_is_refused_in_vietnamese(client, superuser):
    device = with_app(superuser)
    sign_in(client, "quantri")
    wrong = "123456" if code_of(device) != "123456" else "654321"
    response = client.post(VERIFY, {"code": wrong, "next": "/admin/"})
    assert response.status_code == 400
    assert "Mã không đúng hoặc đã được dùng" in visible_text(response)
    assert client.get("/admin/").status_code == 302
    empty = client.post(VERIFY, {"code": "", "next": "/admin/"})
    assert empty.status_code == 400
    assert "Vui lòng nhập mã." in visible_text(empty)


def test_a_recovery_code_works_once(client, superuser):
    with_app(superuser)
    recovery = StaticDevice.objects.create(user=superuser, name="Mã khôi phục", confirmed=True)
    StaticToken.objects.create(device=recovery, token="abcd2345")

    sign_in(client, "quantri")
    used = client.post(VERIFY, {"code": "ABCD 2345", "next": "/admin/"})
    assert used.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")

    sign_in(client, "quantri")
    again = client.post(VERIFY, {"code": "abcd2345", "next": "/admin/"})
    assert again.status_code == 400
    assert "Mã không đúng hoặc đã được dùng" in visible_text(again)
    assert client.get("/admin/").status_code == 302


def test_the_next_address_must_be_on_this_site(client, superuser):
    device = with_app(superuser)
    sign_in(client, "quantri")
    response = client.post(VERIFY, {"code": code_of(device), "next": "https://gia-mao.example/admin/"})
    assert response["Location"] == "/admin/"


@required
def test_an_editor_without_publish_rights_may_skip_two_factor(client, editor):
    assert sign_in(client, "phongvien").status_code == 302
    assert client.get("/admin/").status_code == 200
    page = client.get(ENROL)  # and may enrol if they wish
    assert page.status_code == 200
    assert "nên phải bật" not in visible_text(page)


@required
def test_an_approver_must_enrol(client, editor):
    GroupPagePermission.objects.create(
        group=editor.groups.get(), page=Page.get_first_root_node(), permission_type="publish"
    )
    sign_in(client, "phongvien")
    assert path_of(client.get("/admin/")) == ENROL


def test_who_must_use_two_factor(superuser, editor):
    assert must_use_two_factor(superuser)
    assert not must_use_two_factor(editor)

    reviewers = Group.objects.create(name="Tổng biên tập")
    reviewers.permissions.add(Permission.objects.get(codename="access_admin"))
    task = GroupApprovalTask.objects.create(name="Duyệt của tổng biên tập")
    task.groups.add(reviewers)
    WorkflowTask.objects.create(workflow=Workflow.objects.create(name="Duyệt bài"), task=task, sort_order=0)
    editor.groups.add(reviewers)
    assert must_use_two_factor(editor)
    task.active = False
    task.save()
    assert not must_use_two_factor(editor)

    superuser.is_active = False
    assert not must_use_two_factor(superuser)


def test_with_the_requirement_off_a_superuser_signs_in_in_one_step(client, superuser, settings):
    settings.CONGTIN_REQUIRE_2FA = False
    sign_in(client, "quantri")
    assert client.get("/admin/").status_code == 200


def test_the_conference_organiser_pages_ask_for_the_code_too(client, superuser):
    from tests.support import conference_under_way

    device = with_app(superuser)
    conference, _, _ = conference_under_way("so-ket-doan")
    dashboard = urlsplit(conference.dashboard_url).path
    sign_in(client, "quantri")
    step = client.get(dashboard)
    assert step.status_code == 302
    assert path_of(step) == VERIFY
    client.post(VERIFY, {"code": code_of(device), "next": dashboard})
    assert client.get(dashboard).status_code == 200


def test_the_account_page_offers_two_factor_to_everyone(client, editor):
    sign_in(client, "phongvien")
    assert ENROL in client.get("/admin/account/").content.decode()


def test_a_user_who_cannot_give_a_code_can_sign_out_from_the_step(client, superuser):
    with_app(superuser)
    sign_in(client, "quantri")
    page = client.get(VERIFY)
    assert 'action="/admin/logout/" method="post"' in page.content.decode()
    assert client.post("/admin/logout/").status_code == 302
    assert "_auth_user_id" not in client.session
