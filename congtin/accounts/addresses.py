"""The address a sign-in comes from, for throttling (django-axes' AXES_CLIENT_IP_CALLABLE).

Our nginx (deploy/nginx/congtin-web.conf.template, congtin-live.conf.template) passes
`X-Forwarded-For: $proxy_add_x_forwarded_for`: whatever the client sent, then the address
nginx saw. Only the last entry is nginx's word; everything before it is the client's. So the
header is believed only when the connection itself comes from a proxy we run
(CONGTIN_TRUSTED_PROXIES, by default nginx on this machine), and then only its last entry.
A client talking to the app directly, or putting addresses of its own in the header, cannot
choose the address it is counted under.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address as our own proxy saw it, else the connection's address."""
    peer = request.META.get("REMOTE_ADDR", "")
    if peer not in settings.CONGTIN_TRUSTED_PROXIES:
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return peer
