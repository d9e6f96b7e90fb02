"""The loader pipeline: file/text -> YAML data (with lines) -> frozen Guide model -> meaning checks.

``load_guide``/``load_guide_text`` raise ``GuideError`` with every problem; ``check_guide`` and
``check_guide_text`` never raise for a bad guide and return the problems instead.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path

from questionnaire.checks import check_model, translation_problems
from questionnaire.errors import GuideError, Problem, problem
from questionnaire.reader import read_yaml
from questionnaire.structure import build_model
from schemas.guide import Guide

_CACHE_SIZE = 32
_cache: OrderedDict[str, Guide] = OrderedDict()
_cache_lock = threading.Lock()  # Streamlit serves sessions from several threads


def check_guide_text(text: str, source: str = "") -> tuple[Guide | None, list[Problem]]:
    """(the guide if it is usable, every problem found)."""
    read = read_yaml(text)
    if read.problems and read.data is None:
        return None, read.problems
    guide, problems = build_model(read.data, read.lines)
    problems = read.problems + problems
    if guide is None:
        languages = read.data.get("languages") if isinstance(read.data, dict) else None
        if isinstance(languages, list) and languages and all(isinstance(x, str) for x in languages):
            problems += translation_problems(read.data, languages, read.lines)  # found even when the structure is off
        return None, problems
    problems += check_model(guide, read.data, read.lines)
    return (None if problems else guide), problems


def load_guide_text(text: str, source: str = "") -> Guide:
    """A guide from YAML text (e.g. an uploaded version kept by the store). Identical texts give
    the same cached Guide object, so its answer model is built only once."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    with _cache_lock:
        cached = _cache.get(digest)
        if cached is not None:
            _cache.move_to_end(digest)
            return cached
    guide, problems = check_guide_text(text, source)
    if guide is None:
        raise GuideError(problems, source)
    with _cache_lock:
        guide = _cache.setdefault(digest, guide)  # a guide loaded meanwhile by another thread wins
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return guide


def read_guide_file(path: str | Path) -> tuple[str | None, list[Problem]]:
    """The text of a guide file, or a problem when it is missing, unreadable or not UTF-8 text."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, [problem("file_unreadable", str(path), None, detail=exc.strerror or str(exc))]
    if b"\x00" in data:
        return None, [problem("file_unreadable", str(path), None, detail="Binärdatei, kein Text")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        return None, [problem("file_unreadable", str(path), None, detail=f"kein UTF-8 (Byte {exc.start})")]


def check_guide(path: str | Path) -> list[Problem]:
    """Every problem of a guide file; never raises for a bad guide."""
    text, problems = read_guide_file(path)
    if text is None:
        return problems
    return check_guide_text(text, str(path))[1]


def load_guide(path: str | Path) -> Guide:
    """A guide from a YAML file; raises ``GuideError`` listing every problem."""
    text, problems = read_guide_file(path)
    if text is None:
        raise GuideError(problems, str(path))
    return load_guide_text(text, str(path))
