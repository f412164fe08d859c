"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py config.wsgi`.

Every value can be overridden from the environment (GUNICORN_* below) or on the
command line. Logs go to stderr, one line per request, for the process manager
(systemd/journald, a container runtime) to collect.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: the app is CPU- and database-bound, requests are short.
# 2 × cores + 1 is gunicorn's rule of thumb.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer than this is killed and logged: never a hung worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak never grows unbounded; rarely,
# since a new worker starts with an empty page cache (at 2 000 req/s, 5 000
# requests recycled a worker every ~12 s and made the HTML p95 spike).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = 5000
# Load the app before forking: faster starts, shared memory, errors at start-up.
preload_app = True
# The reverse proxy sets X-Forwarded-*; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket in the home folder: several instances (app, benchmarks) would
# share one path; manage gunicorn with signals from the process manager instead.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# One JSON object per line, the same shape as the app's own logs
# (config/logging.py). GUNICORN_ACCESS_LOG=false turns the access log off.
if os.environ.get("GUNICORN_ACCESS_LOG", "true").lower() in ("0", "false", "no"):
    accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {
            "handlers": ["stderr"],
            "level": loglevel.upper(),
            "propagate": False,
        },
        "gunicorn.access": {
            "handlers": ["stderr"],
            "level": "INFO",
            "propagate": False,
        },
    },
}
