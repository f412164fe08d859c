"""Whole-page cache for anonymous visitors of the public pages.

Public pages are the same for every anonymous visitor in a language, so each is
rendered once per content version (core/content_version.py) and then
served from the cache: a hit costs one small query (the version) and no
rendering. Exact, not time-based: any change to public data changes the version,
so the next request renders afresh, on every app server.

Only GET/HEAD of the views named in settings.PAGE_CACHE_VIEWS, only for visitors
without a session or pending messages (logged-in users and anyone in the middle
of something see live pages), and only 200 responses that set no cookie. The
pages so cached carry no CSRF token (the language switch is plain links).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from core import content_version

# Headers the view sets that belong to the page itself; middleware listed before
# this one (security, CSP, sessions) adds its own headers to hits as to misses.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "Content-Disposition")


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and self._storable(request, response):
            cache.set(
                key,
                (
                    response.status_code,
                    response.content,
                    [(h, response[h]) for h in KEPT_HEADERS if h in response],
                ),
                settings.PAGE_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._cacheable(request):
            return None
        # The host is part of the key: a page names its own address (citations,
        # links), so an allowed alternative host never fills another's copy.
        page = f"{request.get_host()}{request.get_full_path()}"
        path = hashlib.sha256(page.encode()).hexdigest()
        key = f"page:{get_language()}:{content_version.current()}:{path}"
        hit = cache.get(key)
        if hit is None:
            request._page_cache_key = key
            return None
        status, content, headers = hit
        response = HttpResponse(content, status=status)
        for header, value in headers:
            response[header] = value
        # A miss varies on the cookie (the page reads the session to see who is
        # logged in); a hit must say the same to shared caches.
        patch_vary_headers(response, ("Cookie",))
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _cacheable(request: HttpRequest) -> bool:
        match = request.resolver_match
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and match is not None
            and match.view_name in settings.PAGE_CACHE_VIEWS
            # Only the parameters pages read: `?junk=N` would make a new copy
            # each time (such requests are rendered, not cached).
            and set(request.GET) <= settings.PAGE_CACHE_PARAMS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        # Middleware listed earlier sets its cookies after this one has seen the
        # response: look at what they will act on instead.
        session = getattr(request, "session", None)
        messages = getattr(request, "_messages", None)
        return (
            not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token in it
            and not (session is not None and session.modified)
            and not (
                messages is not None and getattr(messages, "_queued_messages", None)
            )
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "no-store" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        )
