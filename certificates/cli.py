"""manage.py commands of the certificate renderer: sample-certificate, render-certificate.

Issuing, batch printing from the database and verification (`print-certificates`, `verify`) need
the store and live with it; these two commands only need the renderer.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pydantic import ValidationError

from cli_common import CommandError
from schemas.certificate import CertificateData


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "sample-certificate", help="Muster-Bescheinigung (MUSTER/SPECIMEN) als PDF, um das Layout zu prüfen"
    )
    p.add_argument("--out", required=True, type=Path, help="Zieldatei, z. B. muster.pdf")
    p.set_defaults(func=cmd_sample)

    p = subparsers.add_parser(
        "render-certificate", help="Bescheinigung aus ihren eingefrorenen Daten (JSON) als PDF neu erzeugen"
    )
    p.add_argument("data", type=Path, help="JSON-Datei mit den Daten der Bescheinigung (CertificateData)")
    p.add_argument("--out", required=True, type=Path, help="Zieldatei (.pdf)")
    p.set_defaults(func=cmd_render)


def cmd_sample(args: argparse.Namespace) -> int:
    from settings import get_settings

    from .render import pdf_sha256, render_certificate
    from .sample import sample_certificate

    settings = get_settings()
    # A fixed specimen key, never the server's: a sample can never pass verification.
    data = sample_certificate(public_url=settings.public_url, city_name=settings.city_name)
    pdf = render_certificate(data)
    _write(args.out, pdf)
    print(f"{args.out}: Muster-Bescheinigung {data.number}, SHA-256 {pdf_sha256(pdf)}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from .render import pdf_sha256, render_certificate

    try:
        data = CertificateData.model_validate_json(args.data.read_bytes())
    except OSError as exc:
        raise CommandError(f"Datei {args.data} kann nicht gelesen werden: {exc.strerror}.") from exc
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in err["loc"]) or "(Datei)" for err in exc.errors())
        raise CommandError(f"{args.data} enthält keine gültigen Bescheinigungsdaten (Felder: {fields}).") from exc
    try:
        pdf = render_certificate(data)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    _write(args.out, pdf)
    print(f"{args.out}: Bescheinigung {data.number}, SHA-256 {pdf_sha256(pdf)}")
    return 0


def _write(path: Path, pdf: bytes) -> None:
    try:
        path.write_bytes(pdf)
    except OSError as exc:
        raise CommandError(f"{path} kann nicht geschrieben werden: {exc.strerror}.") from exc
