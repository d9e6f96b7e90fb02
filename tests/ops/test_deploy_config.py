"""The reference deployment files are valid for the tools that read them (Debian's nginx, systemd)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from settings import ROOT
from tests.ops.nginx_conf import loopback_conf, site_conf

DEPLOY = ROOT / "deploy"


def nginx_test(conf, prefix) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return subprocess.run(
        [shutil.which("nginx") or "/usr/sbin/nginx", "-t", "-p", str(prefix), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_reference_site_with_tls_passes_nginx_t(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    result = nginx_test(site_conf(tmp_path, cert, key), tmp_path)
    assert result.returncode == 0, result.stderr


def test_loopback_config_used_by_the_multi_instance_test_passes_nginx_t(tmp_path):
    result = nginx_test(loopback_conf(tmp_path, 18080, [18501, 18502]), tmp_path)
    assert result.returncode == 0, result.stderr


def test_site_routes_sticky_by_cookie_and_upgrades_the_websocket():
    http = (DEPLOY / "nginx" / "sprachstand-http.conf").read_text()
    locations = (DEPLOY / "nginx" / "sprachstand-locations.conf").read_text()
    site = (DEPLOY / "nginx" / "sprachstand.conf").read_text()
    assert "hash $sprachstand_route consistent;" in site
    assert "map $cookie_sprachstand_route $sprachstand_route" in http
    assert "location /_stcore/stream" in locations and "proxy_set_header Upgrade $http_upgrade;" in locations
    assert "client_max_body_size" in locations


@pytest.mark.parametrize("unit", sorted(p.name for p in (DEPLOY / "systemd").iterdir()))
def test_systemd_units_parse(unit, tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed")
    path = DEPLOY / "systemd" / unit
    if unit.endswith("@.service"):  # a template: verify one instance of it
        instance = tmp_path / unit.replace("@.", "@8501.")
        instance.write_text(path.read_text())
        path = instance
    result = subprocess.run([analyze, "verify", "--man=no", str(path)], capture_output=True, text=True, timeout=60)
    problems = [
        line
        for line in result.stderr.splitlines()
        # Paths of the target machine (/opt/sprachstand, the user) do not exist on the test machine.
        if "Unknown" in line or "Invalid" in line or "Failed to parse" in line or "bad" in line.lower()
    ]
    assert not problems, result.stderr
