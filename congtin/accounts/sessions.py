"""How long a back-office session lasts: a working day from signing in (SESSION_COOKIE_AGE),
and for a superuser also CONGTIN_SUPERUSER_IDLE_SECONDS without a request.

Django alone cannot say either: a session saved again is kept SESSION_COOKIE_AGE from that
save, so an active session would never end. The session therefore carries the time of
signing in and of the last request (epoch seconds), and SessionLimitsMiddleware asks here.
"""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.base import SessionBase
from django.utils.translation import gettext_lazy as _

SIGNED_IN_AT = "congtin_signed_in_at"
LAST_SEEN_AT = "congtin_last_seen_at"
# The last request is written at most once a minute: not a session save on every request.
LAST_SEEN_STEP = 60

WORKING_DAY_OVER = _("Phiên làm việc đã hết hạn (quá %(hours)d giờ kể từ khi đăng nhập). Vui lòng đăng nhập lại.")
IDLE_TOO_LONG = _(
    "Tài khoản quản trị viên đã được đăng xuất sau %(minutes)d phút không thao tác. Vui lòng đăng nhập lại."
)


def start(session: SessionBase, now: float) -> None:
    """At sign-in."""
    session[SIGNED_IN_AT] = int(now)
    session[LAST_SEEN_AT] = int(now)


def end_reason(session: SessionBase, user: AbstractBaseUser, now: float) -> str | None:
    """Why this session must end now (a message for the user), or None."""
    signed_in_at = session.get(SIGNED_IN_AT)
    if signed_in_at is not None and now - signed_in_at > settings.SESSION_COOKIE_AGE:
        return str(WORKING_DAY_OVER % {"hours": settings.SESSION_COOKIE_AGE // 3600})
    last_seen_at = session.get(LAST_SEEN_AT)
    idle = settings.CONGTIN_SUPERUSER_IDLE_SECONDS
    if user.is_superuser and last_seen_at is not None and now - last_seen_at > idle:
        return str(IDLE_TOO_LONG % {"minutes": idle // 60})
    return None


def touch(session: SessionBase, user: AbstractBaseUser, now: float) -> None:
    """Record this request. A session from before these limits starts its working day now."""
    if SIGNED_IN_AT not in session:
        start(session, now)
    elif user.is_superuser and now - session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_STEP:
        session[LAST_SEEN_AT] = int(now)
