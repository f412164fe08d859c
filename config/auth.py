"""Glue between django-axes and the two login forms (allauth's and the admin's),
and the one rule for a client's address that every throttle uses."""

from __future__ import annotations

from django.conf import settings


def login_name(request, credentials: dict | None) -> str | None:
    """The name a login attempt was made for, whichever form sent it, in lower
    case so that 'Ann@X.nl' and 'ann@x.nl' count as one account."""
    credentials = credentials or {}
    post = getattr(request, "POST", {}) or {}
    name = (
        credentials.get("email")
        or credentials.get("username")
        or post.get("login")
        or post.get("username")
    )
    return name.strip().lower() if isinstance(name, str) else None


def client_ip(request) -> str | None:
    """The client's address behind TRUSTED_PROXY_COUNT reverse proxies.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client is the entry that many places from the right;
    anything further left was sent by the client and cannot be trusted. The same
    rule as allauth's ALLAUTH_TRUSTED_PROXY_COUNT (set from the same number), so
    login throttling (axes), allauth's rate limits and the registration throttle
    all see one address. Without proxies: the connection's own address.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
