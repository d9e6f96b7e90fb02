"""Files that are small or plain on the outside and costly inside, built here rather than shipped,
and a measure of what handling one costs (time, and peak memory in a fresh process)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def many_pages_pdf(pages: int) -> bytes:
    """A valid PDF of ``pages`` empty pages (about 100 bytes each), with a correct xref table."""
    first_page = 3
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Count {pages} /Kids [{kids}] >>".encode(),
        *(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>" for _ in range(pages)),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref))
    return out.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A PNG of ``width`` × ``height`` white grey-scale pixels: compresses to a few KB."""
    raw_row = b"\x00" + b"\xff" * width  # filter byte "none", then the pixels
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(raw_row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def big_yaml(megabytes: float) -> bytes:
    """A guide-shaped YAML file of about ``megabytes`` MB: one section with very many questions."""
    head = (
        "id: bomb\nversion: 9\ntitle: {de: Bombe}\nlanguages: [de]\n"
        "sections:\n  - id: s\n    title: {de: S}\n    questions:\n"
    )
    question = "      - {{id: q{0}, type: text, label: {{de: Frage {0}}}}}\n"
    parts = [head]
    size, i = len(head), 0
    while size < megabytes * 1_000_000:
        line = question.format(i)
        parts.append(line)
        size += len(line)
        i += 1
    return "".join(parts).encode()


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def peak_memory_mb(setup: str, action: str) -> float:
    """Memory the statement ``action`` takes, in MB, in a fresh interpreter after the statements of
    ``setup`` (imports, building the file): the larger of the peak of Python's allocations
    (tracemalloc) and the growth of the process's peak resident size (which also sees what C code
    such as Pillow's decoder allocates). ``action`` may raise the refusal it expects (InvalidInput)."""
    script = "\n".join(
        [
            "import json, resource, tracemalloc",
            "from store.errors import InvalidInput",
            setup,
            "rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss",
            "tracemalloc.start()",
            "try:",
            f"    {action}",
            "except InvalidInput:",
            "    pass",
            "traced = tracemalloc.get_traced_memory()[1] / 1e6",
            "grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1e3",  # KB on Linux
            "print(json.dumps(max(traced, grown)))",
        ]
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return float(json.loads(done.stdout.strip().splitlines()[-1]))
