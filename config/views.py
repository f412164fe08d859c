"""Project-wide views: the health check and the error page that turns a lost
database into a friendly 503 instead of a 500.
"""

import logging
import sys

from django.db import (
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Seconds a client should wait before trying again when the database is down.
RETRY_AFTER = 30


@transaction.non_atomic_requests  # ATOMIC_REQUESTS would connect before the check
@never_cache
@require_safe
def healthz(request):
    """200 when the app can reach its database, 503 when it cannot.

    For load balancers and monitoring: no session, no template, no cache.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("healthz: database unavailable: %s", exc)
        return JsonResponse(
            {"status": "unavailable", "database": "unavailable"}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def _database_unreachable(exc: BaseException | None) -> bool:
    # OperationalError: the server is down, refuses or dropped the connection;
    # InterfaceError: the connection object itself is closed or broken.
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request, template_name="500.html"):
    """handler500: a 503 with Retry-After when the database is unreachable.

    Renders without the request context (no session, user or other query), so
    it works while the database is away; LocaleMiddleware has already chosen the
    language. The exception itself is logged by Django, never shown.
    """
    exc = sys.exc_info()[1]
    if not _database_unreachable(exc):
        return HttpResponseServerError(loader.render_to_string(template_name))
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": _(
                    "The Collectievenatlas is temporarily unavailable. "
                    "Please try again in a minute."
                )
            },
            status=503,
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
