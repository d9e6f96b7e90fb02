"""The client address of the sign-in and verification limits (issue 15, finding 9): proxy headers count
only when the request came from a proxy named in TRUSTED_PROXIES, so a forged header lifts no limit."""

from __future__ import annotations

import pytest

from ops.client import client_address
from settings import get_settings


@pytest.fixture
def proxies(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def set_to(value: str) -> None:
        monkeypatch.setattr(get_settings(), "trusted_proxies", value)

    set_to("")
    return set_to


def test_forged_headers_from_a_client_are_ignored(proxies) -> None:  # type: ignore[no-untyped-def]
    forged = {"X-Real-IP": "1.2.3.4", "X-Forwarded-For": "5.6.7.8"}
    assert client_address("203.0.113.9", forged) == "203.0.113.9"
    proxies("127.0.0.1")
    assert client_address("203.0.113.9", forged) == "203.0.113.9"  # not the proxy: still the peer


def test_a_trusted_proxy_names_the_client(proxies) -> None:  # type: ignore[no-untyped-def]
    proxies("127.0.0.1, 10.0.0.0/8")
    assert client_address("127.0.0.1", {"X-Real-IP": "198.51.100.4"}) == "198.51.100.4"
    # what the client put in front of X-Forwarded-For proves nothing: the last hop before our proxies counts
    hops = {"X-Forwarded-For": "1.2.3.4, 198.51.100.4, 10.1.2.3"}
    assert client_address("127.0.0.1", hops) == "198.51.100.4"
    assert client_address("127.0.0.1", {}) == "127.0.0.1"


def test_a_bad_setting_is_refused_in_german() -> None:
    from pydantic import ValidationError

    from settings import Settings

    with pytest.raises(ValidationError, match="TRUSTED_PROXIES"):
        Settings(trusted_proxies="proxy.example")
