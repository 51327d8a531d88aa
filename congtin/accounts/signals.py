"""What signing in and out leaves behind: a warning for each failed sign-in (django-axes keeps
the attempts, the lockouts and its access log in the database), the time of signing in, and
SQLite files kept private whenever a connection opens."""

import logging
import time
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpRequest

from . import sessions
from .addresses import client_ip
from .private_files import make_private, sqlite_files

logger = logging.getLogger("congtin.accounts")


@receiver(user_login_failed, dispatch_uid="congtin_accounts_failed_sign_in")
def log_failed_sign_in(sender: object, credentials: dict, request: HttpRequest | None = None, **kwargs: Any) -> None:
    address = client_ip(request) if request is not None else "-"
    logger.warning("Failed sign-in for username %r from %s", credentials.get("username"), address)


@receiver(user_logged_in, dispatch_uid="congtin_accounts_signed_in")
def start_working_day(sender: object, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.start(request.session, time.time())


@receiver(connection_created, dispatch_uid="congtin_accounts_private_sqlite")
def keep_sqlite_private(sender: object, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        for path in sqlite_files(str(connection.settings_dict["NAME"])):
            make_private(path)
