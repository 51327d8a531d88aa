"""Two-factor sign-in: who must use it, enrolling an authenticator app, checking a code.

A user's second factor is a TOTP device (an authenticator app) and, beside it, a static
device holding ten single-use recovery codes; both come from django-otp. A session is
"verified" once a code from either has been accepted in it (django_otp.login).
"""

from base64 import b32encode

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import GroupApprovalTask, GroupPagePermission

from congtin.newsroom.models import ReviewTask

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_DEVICE_NAME = "Mã khôi phục"


def must_use_two_factor(user: AbstractBaseUser) -> bool:
    """Administrators and approvers must sign in with a second factor (when
    CONGTIN_REQUIRE_2FA is on); everyone else may.

    Administrators are superusers. Approvers are members of a group that may publish pages
    somewhere in the tree, or of a group that reviews a task of an active workflow (Wagtail's
    group approval or the newsroom's review step): what
    they approve goes out to readers under the city's name.
    """
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    groups = user.groups.all()
    return GroupPagePermission.objects.filter(group__in=groups, permission__codename="publish_page").exists() or any(
        task.objects.filter(active=True, groups__in=groups).exists() for task in (GroupApprovalTask, ReviewTask)
    )


def has_second_factor(user: AbstractBaseUser) -> bool:
    """A confirmed authenticator app (recovery codes alone do not count)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def is_verified(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


def pending_step(request: HttpRequest) -> str | None:
    """What an authenticated user must do before using the back office: "verify" (a code
    after the password), "enrol" (set up an app first), or None."""
    user = request.user
    if is_verified(request):
        return None
    if has_second_factor(user):
        return "verify"
    if settings.CONGTIN_REQUIRE_2FA and must_use_two_factor(user):
        return "enrol"
    return None


def pending_step_redirect(request: HttpRequest) -> HttpResponse | None:
    """A redirect to the step a signed-in user still owes (then back to where they were
    going), or None: for every page that acts with the user's back-office rights."""
    step = pending_step(request)
    if step is None:
        return None
    return redirect(f"{reverse(f'accounts_{step}')}?{urlencode({'next': request.get_full_path()})}")


def device_to_enrol(user: AbstractBaseUser) -> TOTPDevice:
    """The user's unconfirmed authenticator device, made once: reloading the enrolment page
    keeps the same secret, so an app that has scanned it stays right."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32 as apps ask for it when typed by hand, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def confirm_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with its first code: the session is verified and the user gets fresh
    recovery codes (returned to be shown once; only they can be read back). None if the
    code is wrong."""
    code = normalise(code)
    if not code.isdigit() or not device.verify_token(code):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        codes = replace_recovery_codes(device.user)
    otp_login(request, device)
    return codes


def replace_recovery_codes(user: AbstractBaseUser) -> list[str]:
    """Ten new single-use codes; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


class Throttled(Exception):
    """Too many wrong codes in a row: django-otp makes the device wait before the next try."""


def verify_code(request: HttpRequest, code: str) -> Device | None:
    """Check a code from the app (six digits) or a recovery code (used up by this) and mark
    the session verified. Only the devices of the kind typed are tried, so a mistyped
    recovery code does not slow down the app's next code."""
    code = normalise(code)
    wanted = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        devices = [d for d in devices_for_user(request.user, for_verify=True) if isinstance(d, wanted)]
        if devices and not any(d.verify_is_allowed()[0] for d in devices):
            raise Throttled
        device = next((d for d in devices if d.verify_token(code)), None)
    if device is not None:
        otp_login(request, device)
    return device


def normalise(code: str) -> str:
    """Codes as people type them: spaces, dashes and capitals ignored."""
    return "".join(code.split()).replace("-", "").lower()
