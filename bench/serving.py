"""The app served the production way on this machine, shared by the measuring
scripts (bench/bench.py, bench/audit/audit.py, bench/fault_demo.py): production
settings over plain HTTP, and gunicorn with the repository's gunicorn.conf.py on a
free port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GUNICORN = str(REPO / ".venv" / "bin" / "gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(
    database_url: str, static_root: Path, **extra: str
) -> dict[str, str]:
    """The README's production settings, but plain HTTP on loopback."""
    env = dict(os.environ)
    for name in ("CACHE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "CHROME_PATH"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        HTTPS_ONLY="false",  # plain HTTP on this machine: no redirect, no secure cookies
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", "bench-" + "k" * 50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        MAP_TILES_URL="",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        GUNICORN_LOG_LEVEL="warning",
    )
    env.update(extra)
    return env


class Gunicorn:
    """gunicorn -c gunicorn.conf.py config.wsgi on a free port, started and ready
    (its /healthz answers 200) when the constructor returns."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        env = env | {"GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        if workers:
            env["GUNICORN_WORKERS"] = str(workers)
        self.log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "config.wsgi"],
            cwd=REPO,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.close()
                raise RuntimeError(f"gunicorn exited; see {log_path}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer; see {log_path}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # gunicorn's graceful stop
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self.log.closed:
            self.log.close()
