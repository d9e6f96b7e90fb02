"""Is the database reachable and its schema current? For people (``manage.py health``), systemd
timers and monitoring (exit code), and an optional tiny HTTP endpoint (``manage.py health-server``).

Streamlit's own ``/_stcore/health`` only says the *process* is up; this asks the database.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sqlalchemy import inspect

from cli_common import CommandError
from ops import migrations
from ops.db import ops_engine, redacted, resolve_url, sqlite_path


@dataclass(frozen=True)
class HealthReport:
    ok: bool
    database: str  # URL without password
    revision: str | None
    head: str | None
    latency_ms: float
    message: str  # German, for the operator

    def line(self) -> str:
        if self.ok:
            return f"ok database={self.database} revision={self.revision} head={self.head} latency_ms={self.latency_ms}"
        return f"Fehler: {self.message}"


def check_health(url: str | None = None) -> HealthReport:
    url = resolve_url(url)
    shown = redacted(url)
    head = migrations.head_revision()
    started = time.perf_counter()

    def report(ok: bool, message: str, revision: str | None = None) -> HealthReport:
        latency = round((time.perf_counter() - started) * 1000, 1)
        return HealthReport(ok, shown, revision, head, latency, message)

    path = sqlite_path(url)
    if path is not None and not path.is_file():
        return report(False, f"Datenbank-Datei {path} existiert nicht. Erst `./manage migrate` ausführen.")
    try:
        engine = ops_engine(url)
    except CommandError as exc:
        return report(False, str(exc))
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
            has_version = inspect(conn).has_table("alembic_version")
            revision = migrations.current_revision(conn) if has_version else None
    except Exception as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return report(False, f"Datenbank nicht erreichbar ({shown}): {reason}")
    finally:
        engine.dispose()
    if revision is None and head is not None:
        return report(False, f"Datenbank {shown} ist nicht eingerichtet. `./manage migrate` ausführen.")
    if head is not None and revision != head:
        if revision in migrations.known_revisions():
            return report(
                False,
                f"Datenbank-Schema veraltet (Revision {revision}, Programm erwartet {head}). "
                "`./manage migrate` ausführen.",
                revision,
            )
        return report(
            False,
            f"Datenbank-Schema {revision} ist neuer als dieses Programm ({head}). Programm aktualisieren.",
            revision,
        )
    return report(True, "Datenbank erreichbar, Schema aktuell.", revision)


class _HealthHandler(BaseHTTPRequestHandler):
    url: str | None = None
    cache_seconds = 2.0
    _cached: tuple[float, HealthReport] | None = None
    _lock = threading.Lock()

    def do_GET(self) -> None:
        if self.path.split("?")[0] not in ("/", "/health", "/healthz"):
            self.send_error(404)
            return
        with self._lock:  # several monitors polling at once ask the database once
            cached = type(self)._cached
            if cached is None or time.monotonic() - cached[0] > self.cache_seconds:
                cached = (time.monotonic(), check_health(self.url))
                type(self)._cached = cached
        report = cached[1]
        body = (json.dumps(asdict(report), ensure_ascii=False) + "\n").encode()
        self.send_response(200 if report.ok else 503)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # monitoring polls every few seconds; access lines would drown the log


def make_health_server(host: str, port: int, url: str | None = None) -> ThreadingHTTPServer:
    handler = type("HealthHandler", (_HealthHandler,), {"url": url, "_cached": None, "_lock": threading.Lock()})
    return ThreadingHTTPServer((host, port), handler)
