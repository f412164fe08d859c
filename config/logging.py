"""Structured logs: one JSON object per line on stderr, for journald, a container
runtime or a log shipper to collect. Used by Django (settings.LOGGING) and by
gunicorn (gunicorn.conf.py), so the app's and the server's lines look alike.
"""

import json
import logging
from datetime import UTC, datetime

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
