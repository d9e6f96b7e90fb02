"""Builds runnable nginx configurations from the reference files in deploy/nginx (used by the tests)."""

from __future__ import annotations

from pathlib import Path

from settings import ROOT

NGINX_DIR = ROOT / "deploy" / "nginx"


def loopback_conf(prefix: Path, listen_port: int, upstream_ports: list[int]) -> Path:
    """An nginx.conf under ``prefix`` that serves the real locations on 127.0.0.1:``listen_port``."""
    for sub in ("logs", "tmp"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in upstream_ports)
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""
user root;
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log info;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {NGINX_DIR}/sprachstand-http.conf;
    upstream sprachstand {{
        hash $sprachstand_route consistent;
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{listen_port};
        access_log {prefix}/logs/access.log sprachstand;
        include {NGINX_DIR}/sprachstand-locations.conf;
    }}
}}
"""
    )
    return conf


def site_conf(prefix: Path, cert: Path, key: Path) -> Path:
    """The reference site file deploy/nginx/sprachstand.conf, with paths pointed into ``prefix``."""
    for sub in ("logs", "tmp"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    site = (NGINX_DIR / "sprachstand.conf").read_text()
    site = site.replace("/etc/nginx/sprachstand/", f"{NGINX_DIR}/")
    site = site.replace("/etc/ssl/sprachstand/fullchain.pem", str(cert)).replace(
        "/etc/ssl/sprachstand/privkey.pem", str(key)
    )
    site = site.replace("/var/log/nginx/", f"{prefix}/logs/")
    (prefix / "site.conf").write_text(site)
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""
user root;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    include {prefix}/site.conf;
}}
"""
    )
    return conf
