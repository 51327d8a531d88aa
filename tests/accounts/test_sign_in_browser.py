"""An administrator's first sign-in with two-factor sign-in required, in Chromium: the
password through Wagtail's form, the enrolment page's QR code read from a screenshot (the
secret a phone would get), the first code, the recovery codes, the dashboard."""

from base64 import b32decode
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import zxingcpp
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from PIL import Image

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def administrator(live_server, django_db_serialized_rollback, settings):
    settings.CONGTIN_REQUIRE_2FA = True
    get_user_model().objects.create_superuser("quantri", "quantri@hoaphuong.example.vn", PASSWORD)
    return live_server.url


def test_first_sign_in_enrols_an_authenticator_app_then_reaches_the_dashboard(administrator, browser, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{administrator}/admin/login/")
    page.fill("#id_username", "quantri")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/tai-khoan/xac-thuc-hai-buoc/**")
    assert "Bật xác thực hai bước" in page.inner_text("h1")

    shot = artifacts / "accounts-enrol.png"
    page.screenshot(path=str(shot), full_page=True)
    codes = zxingcpp.read_barcodes(Image.open(shot), formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(codes) == 1, "the enrolment page shows one QR code that scans"
    uri = urlsplit(codes[0].text)
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert unquote(uri.path) == "/Cổng thông tin Thành phố Hoa Phượng:quantri"  # as the app lists it
    secret = parse_qs(uri.query)["secret"][0]
    assert page.inner_text(".accounts-secret").replace(" ", "") == secret  # the same secret, to type

    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("#id_code", f"{totp(key):06d}")
    page.click("form.login-form button[type=submit]")
    page.wait_for_selector(".accounts-codes")
    assert page.locator(".accounts-codes li").count() == 10
    page.screenshot(path=str(artifacts / "accounts-recovery-codes.png"), full_page=True)

    page.click("text=Tôi đã lưu các mã, tiếp tục")
    page.wait_for_url(f"{administrator}/admin/")
    assert page.locator("#wagtail-sidebar, [data-side-panel], .sidebar, main").count() > 0
    assert "xac-thuc-hai-buoc" not in page.url
    context.close()
