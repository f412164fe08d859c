"""Glue between django-axes and the two login forms (allauth's and the admin's)."""

from __future__ import annotations


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
