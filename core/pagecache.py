"""Whole-page cache for anonymous visitors of the public pages, served as early as
whitenoise serves static files.

Public pages are the same for every anonymous visitor in a language, so each is
rendered once per content version (core/content_version.py) and then served
from the cache. A hit runs no session, authentication, CSRF, messages or allauth
middleware and asks the database nothing: the version in the key is the one this
worker read at most settings.CONTENT_VERSION_RECHECK_SECONDS ago, so a change
shows on every worker within that bound. While the database cannot be reached,
pages cached before keep being served, with a notice that the atlas is
read-only for a moment (nothing can change while writes are impossible).

Only GET/HEAD of the views named in settings.PAGE_CACHE_VIEWS with only the query
parameters in settings.PAGE_CACHE_PARAMS, and of the views other apps register()
(the API's lists and details, with their own parameters; their language comes
from Accept-Language and their format from Accept, so both join the key), only
for visitors without a session or pending messages (logged-in users and anyone
in the middle of something see live pages), and only 200 responses that set no
cookie. Such pages carry no CSRF token (the language switch is plain links). The
copy keeps every header the inner middleware set (CSP, X-Frame-Options,
Content-Language, Vary, the licence link), so a hit answers exactly as the miss
did. Every copy has an ETag (version and key): a client that sends it back gets
a 304 without a body. The date joins the key, since citations say when a page
was retrieved.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from . import content_version

# Where base.html lets a cached page say that the atlas is read-only for now.
NOTICE_MARK = b"<!--page-cache-notice-->"
# What a 304 repeats of the cached answer (RFC 9110, 15.4.5), and CORS.
NOT_MODIFIED_HEADERS = (
    "Cache-Control",
    "Content-Language",
    "Vary",
    "Link",
    "Access-Control-Allow-Origin",
)


@dataclass(frozen=True)
class Rule:
    """Which query parameters a cached view reads (any other: not cached), and
    whether it negotiates language and format from the request's headers."""

    params: frozenset[str]
    negotiated: bool = False


_registered: dict[str, Rule] = {}


def register(view_names, params, *, negotiated: bool = False) -> None:
    """Cache these views too (an app's ready(); core names no app above it)."""
    for name in view_names:
        _registered[name] = Rule(frozenset(params), negotiated)


def _rule(view_name: str) -> Rule | None:
    if view_name in settings.PAGE_CACHE_VIEWS:
        return Rule(settings.PAGE_CACHE_PARAMS)
    return _registered.get(view_name)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request) if self._eligible(request) else None
        if key is not None:
            hit = cache.get(key)
            if hit is None and content_version.database_unreachable():
                # Whatever copy there is: nothing can change while the database
                # is away, and the newest copy is as good as it gets.
                hit = cache.get(_newest(key))
            if hit is not None:
                return self._replay(request, *hit)
        response = self.get_response(request)
        if key is not None and self._storable(request, response):
            response["ETag"] = _etag(key)
            headers = [(h, v) for h, v in response.items() if h != "X-Page-Cache"]
            copy = (response.status_code, response.content, headers)
            cache.set_many({key: copy, _newest(key): copy}, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _eligible(request: HttpRequest) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and "Authorization" not in request.headers
        )

    @staticmethod
    def _key(request: HttpRequest) -> str | None:
        # The URL says the language (Dutch unprefixed, English under /en/); the
        # URL patterns for it say whether the page is one that is cached.
        language = _language(request)
        view_name = _view_name(settings.ROOT_URLCONF, language, request.path_info)
        rule = _rule(view_name) if view_name else None
        # Only the parameters the view reads: `?junk=N` would make a new copy
        # each time (such requests are rendered, not cached).
        if rule is None or not set(request.GET) <= rule.params:
            return None
        version = content_version.recent()
        if version is None:  # never read: the database was away from the start
            return None
        # The host too, since a page names its own address; the date, since a
        # citation says when it was retrieved.
        page = f"{request.get_host()}{request.get_full_path()}|{timezone.localdate()}"
        if rule.negotiated:
            language = translation.get_language_from_request(request)
            page += f"|{request.headers.get('Accept', '')}"
        page += f"|{language}"  # in the digest too, for the ETag
        digest = hashlib.sha256(page.encode()).hexdigest()
        return f"page:{language}:{version}:{digest}"

    @staticmethod
    def _replay(request, status: int, content: bytes, headers: list) -> HttpResponse:
        etag = dict(headers).get("ETag")
        if etag and etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
            for header, value in headers:
                if header in NOT_MODIFIED_HEADERS or header == "ETag":
                    response[header] = value
            response["X-Page-Cache"] = "hit"
            return response
        if content_version.database_unreachable():
            content = content.replace(NOTICE_MARK, _read_only_notice(request), 1)
        response = HttpResponse(content, status=status)
        for header, value in headers:
            response[header] = value
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        match = getattr(request, "resolver_match", None)
        session = getattr(request, "session", None)
        messages = getattr(request, "_messages", None)
        return (
            match is not None
            and _rule(match.view_name) is not None
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a CSRF token
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


@functools.lru_cache(maxsize=4096)
def _view_name(urlconf: str, language: str, path: str) -> str | None:
    """The name of the view at `path` (None: no view), remembered: the URL
    patterns do not change while the process runs, and resolving them is the
    biggest part of a hit's own work."""
    with translation.override(language):
        try:
            return resolve(path, urlconf).view_name
        except Resolver404:
            return None


def _etag(key: str) -> str:
    """A copy's entity tag: its version and key, so that any change of data makes
    a new one."""
    _page, _language, version, digest = key.split(":")
    return f'"{version}-{digest[:24]}"'


def _newest(key: str) -> str:
    """The key of a page's newest copy, whatever the version it was made in."""
    _page, language, _version, digest = key.split(":")
    return f"page-newest:{language}:{digest}"


def _language(request: HttpRequest) -> str:
    return (
        translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    )


def _read_only_notice(request: HttpRequest) -> bytes:
    with translation.override(_language(request)):
        text = _(
            "The atlas is read-only for a moment: you see the pages as they were. "
            "Registering and logging in work again shortly."
        )
    return f'<p class="notice warning" role="status">{escape(text)}</p>'.encode()
