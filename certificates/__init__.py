"""The uniform certificate: PDF rendering (reportlab), verification codes, embedded fonts. Pure: no I/O.

Contract (docs/architecture.md): ``render_certificate(data) -> bytes`` and
``certificates.codes.verification_code(data, key) -> str``; see docs/certificate.md.
"""

from .codes import check_code, normalise_code, verification_code, verify_url, with_verification
from .fonts import missing_glyphs
from .render import (
    CertificateRenderer,
    certificate_problems,
    pdf_sha256,
    render_certificate,
    render_counseling_copy,
    render_many,
    render_zip,
)

__all__ = [
    "CertificateRenderer",
    "certificate_problems",
    "check_code",
    "missing_glyphs",
    "normalise_code",
    "pdf_sha256",
    "render_certificate",
    "render_counseling_copy",
    "render_many",
    "render_zip",
    "verification_code",
    "verify_url",
    "with_verification",
]
