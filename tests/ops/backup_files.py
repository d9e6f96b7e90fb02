"""Reading and (re-)writing backup files in tests: what someone with the key could do, and without."""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
from pathlib import Path

from ops.backup import backup_keys


def read_lines(path: Path) -> list[str]:
    """The file's lines (header, rows, footer) without their newlines."""
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as fh:
        return fh.read().splitlines()


def write_lines(path: Path, lines: list[str]) -> None:
    with gzip.open(path, "wt", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(lines) + "\n")


def write_signed(path: Path, lines: list[str], key: bytes | None = None) -> None:
    """``lines`` (header and rows; a footer is replaced) with a fresh, valid signature."""
    body = [line for line in lines if not json.loads(line).get("end")]
    signature = hmac.new(key or backup_keys()[0], digestmod=hashlib.sha256)
    for line in body:
        signature.update((line + "\n").encode())
    counts: dict[str, int] = {}
    for line in body[1:]:
        name = json.loads(line)["t"]
        counts[name] = counts.get(name, 0) + 1
    footer = json.dumps({"end": True, "counts": counts, "hmac_sha256": signature.hexdigest()})
    write_lines(path, [*body, footer])
