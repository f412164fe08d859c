"""Structured logs: one JSON object per line on stderr, for journald, a container
runtime or a log shipper to collect. Used by Django (settings.LOGGING) and by
gunicorn (gunicorn.conf.py), so the app's and the server's lines look alike.
"""

import json
import logging
from datetime import UTC, datetime

from django.db import InterfaceError, OperationalError

# gunicorn's access log passes its "atoms" as the record's args; these we keep.
ACCESS_ATOMS = {
    "h": "remote",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "a": "agent",
    "f": "referer",
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry["message"] = "request"
            for atom, field in ACCESS_ATOMS.items():
                value = record.args.get(atom)
                if value not in (None, "-", ""):
                    entry[field] = value
        else:
            entry["message"] = record.getMessage()
        status = getattr(record, "status_code", None)
        request = getattr(record, "request", None)
        if status is not None:
            entry["status"] = status
        if request is not None and hasattr(request, "path"):
            entry["method"] = getattr(request, "method", None)
            entry["path"] = request.path
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class DatabaseOutageFilter(logging.Filter):
    """While PostgreSQL is away every request fails the same way: log each as one
    short WARNING line (path, 503) instead of an ERROR with a full traceback, so
    an outage is readable in the log and doesn't flood it. /healthz logs its own
    warning; Django's duplicate line for it is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "django.request":
            return True
        request = getattr(record, "request", None)
        path = getattr(request, "path", "")
        if getattr(record, "status_code", None) == 503 and path == "/healthz":
            return False
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, OperationalError | InterfaceError):
            record.msg = "Database unavailable, answered 503: %s"
            record.args = (path,)
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info = record.exc_text = None
        return True
