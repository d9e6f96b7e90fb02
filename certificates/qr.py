"""QR codes drawn as vector rectangles from segno's matrix.

reportlab's own QR widget is slow (~70 codes/s here). segno builds the matrix; most of its time goes
into scoring the eight mask patterns, which only optimises module balance — every mask decodes the
same. A fixed mask makes a code about five times faster (and is deterministic anyway). The modules
are emitted as one path of run-length rectangles in module units under a scaling matrix, so the PDF
operators stay short integers.
"""

from __future__ import annotations

import segno

QR_ERROR = "m"  # 15 % of the symbol may be damaged (a stamp or a fold over the code)
QR_MASK = 0
QUIET_ZONE = 4  # modules of white border the standard asks for, inside the drawn size


def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light modules of ``text``'s QR code, top row first, without quiet zone."""
    qr = segno.make_qr(text, error=QR_ERROR, mask=QR_MASK)
    return tuple(tuple(bool(cell) for cell in row) for row in qr.matrix)


def qr_pdf_ops(text: str, x: float, y: float, size: float) -> str:
    """PDF content-stream operators that fill the QR code of ``text`` into the square at (x, y).

    (x, y) is the lower-left corner in points and ``size`` the edge length including the quiet
    zone. The caller sets the fill colour.
    """
    qr = segno.make_qr(text, error=QR_ERROR, mask=QR_MASK)
    rows = qr.matrix
    n = len(rows)
    scale = size / (n + 2 * QUIET_ZONE)
    ops = [f"q {scale:.4f} 0 0 {scale:.4f} {x + QUIET_ZONE * scale:.3f} {y + QUIET_ZONE * scale:.3f} cm"]
    for r, row in enumerate(rows):
        row_y = n - 1 - r
        start = -1
        for col, cell in enumerate(row):
            if cell and start < 0:
                start = col
            elif not cell and start >= 0:
                ops.append(f"{start} {row_y} {col - start} 1 re")
                start = -1
        if start >= 0:
            ops.append(f"{start} {row_y} {n - start} 1 re")
    ops.append("f Q")
    return "\n".join(ops)
