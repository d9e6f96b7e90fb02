"""``GET /api/verify?number=…&code=…`` over real HTTP (the app's routes under uvicorn, SQLite and
PostgreSQL): the status only — never a name, a birth date or a level — and the page's attempt limit."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

import store
from store.issuing import issue_certificate, revoke_certificate
from tests.browser_support import free_port
from tests.certificates_store.conftest import approved_interview
from tests.store.conftest import Cast


@pytest.fixture
def api() -> Iterator[str]:
    import uvicorn
    from starlette.applications import Starlette

    from web.app import middleware
    from web.routes import ROUTES

    port = free_port()
    # the trusted proxy is another machine (FORWARDED_ALLOW_IPS): this test's client at 127.0.0.1 is a
    # client like any on the network, whose X-Forwarded-For must count for nothing
    app = Starlette(routes=ROUTES, middleware=middleware())
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", forwarded_allow_ips="192.0.2.1"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _get(base: str, **query: str) -> tuple[int, dict[str, Any], dict[str, str]]:
    try:
        with urllib.request.urlopen(f"{base}/api/verify?{urlencode(query)}", timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read()), {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), {k.lower(): v for k, v in error.headers.items()}


def test_the_api_answers_valid_revoked_or_unknown_and_nothing_personal(db: Cast, api: str) -> None:
    valid, _ = issue_certificate(db.counselor, approved_interview(db, family="Dvořák", given="Jiří").id)
    revoked, _ = issue_certificate(db.counselor, approved_interview(db, family="Kowalczyk", given="Łukasz").id)
    revoke_certificate(db.counselor, revoked.id, "Prüfung wiederholt")

    status, body, headers = _get(api, number=valid.number, code=valid.verification_code)
    assert (status, body) == (200, {"status": "valid"})
    assert headers["cache-control"] == "no-store" and "frame-ancestors 'none'" in headers["content-security-policy"]
    # as people type it: lower case, spaces
    assert _get(api, number=valid.number.lower().replace("-", " "), code=valid.verification_code)[1] == {
        "status": "valid"
    }
    assert _get(api, number=revoked.number, code=revoked.verification_code)[1] == {"status": "revoked"}
    assert _get(api, number=valid.number, code="AAAAA-AAAAA")[1] == {"status": "unknown"}
    assert _get(api, number="SPR-2026-999999", code=valid.verification_code)[1] == {"status": "unknown"}
    status, body, _ = _get(api, number=valid.number)
    assert status == 400 and "code" in body["error"]
    audited = store.audit_log(db.admin, action="certificate.verified")[1]
    assert audited >= 5


def test_the_api_shares_the_pages_attempt_limit(db: Cast, api: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from settings import get_settings

    monkeypatch.setenv("VERIFY_ATTEMPTS_PER_MINUTE", "3")
    get_settings.cache_clear()
    answers = [_get(api, number="SPR-2026-000001", code="AAAAA-AAAAA") for _ in range(4)]
    assert [a[0] for a in answers] == [200, 200, 200, 429]
    _status, body, headers = answers[-1]
    assert body["status"] == "limited" and int(headers["retry-after"]) >= 1
    # a forged proxy header does not make a new client
    request = urllib.request.Request(  # noqa: S310
        f"{api}/api/verify?number=SPR-2026-000001&code=AAAAA-AAAAA",
        headers={"X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    assert refused.value.code == 429
