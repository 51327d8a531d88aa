"""The two steps of two-factor sign-in in the Wagtail admin, and the page of a locked-out
sign-in. Thin: the rules are in two_factor.py and in django-axes' settings."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from congtin.core.qr import qr_svg

from . import two_factor
from .forms import CodeForm, FirstCodeForm


def next_url(request: HttpRequest) -> str:
    """Where the user was going, if it is on this site; else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The code after the password, for a user who has an authenticator app."""
    if two_factor.pending_step(request) != "verify":
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            if two_factor.verify_code(request, form.cleaned_data["code"]):
                return redirect(next_url(request))
            form.add_error("code", _("Mã không đúng hoặc đã được dùng. Hãy nhập mã đang hiện trong ứng dụng."))
        except two_factor.Throttled:
            form.add_error("code", _("Nhập sai nhiều lần liên tiếp. Vui lòng đợi ít giây rồi thử lại."))
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "accounts/verify.html", {"form": form, "next": next_url(request)}, status=status)


@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan (or type) the secret, confirm with a first code,
    then read the recovery codes, shown this once."""
    user = request.user
    if two_factor.has_second_factor(user):
        if two_factor.pending_step(request) == "verify":
            return redirect(f"{reverse('accounts_verify')}?next={reverse('accounts_enrol')}")
        return render(request, "accounts/enrolled.html", enrolled_context(user))
    device = two_factor.device_to_enrol(user)
    form = FirstCodeForm(request.POST or None)
    if form.is_valid():
        codes = two_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url(request)})
        form.add_error("code", _("Mã không đúng. Hãy nhập mã đang hiện trong ứng dụng (mã đổi sau 30 giây)."))
    context = {
        "form": form,
        "next": next_url(request),
        "qr": qr_svg(device.config_url, _("Mã QR để thêm tài khoản vào ứng dụng xác thực")),
        "secret": two_factor.secret_text(device),
        "required": settings.CONGTIN_REQUIRE_2FA and two_factor.must_use_two_factor(user),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "accounts/enrol.html", context, status=status)


@never_cache
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Ten fresh recovery codes for a verified user (the old ones stop working)."""
    if request.method != "POST" or not two_factor.has_second_factor(request.user):
        return redirect("accounts_enrol")
    codes = two_factor.replace_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("wagtailadmin_home")})


def enrolled_context(user: AbstractBaseUser) -> dict:
    return {"codes_left": two_factor.recovery_codes_left(user)}


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """django-axes' answer to a sign-in while the account or the address is locked
    (AXES_LOCKOUT_CALLABLE): a Vietnamese page, 429, and when to try again."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response
