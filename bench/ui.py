"""Rerun time of the interview screens against the same page drawn by a plain script without logic.

Measures, with ``streamlit.testing.v1.AppTest`` (in-process, no browser), the median time of 20
reruns of (a) the largest wizard step of the real guide and (b) the summary step, each for an
interview with complete answers, and — in the same run, interleaved — their plain pages: the page's
own widgets with the same labels and its texts, headings, HTML blocks and containers, written out as
literal ``st.*`` calls from the page just drawn (a "replica": no logic, no database, no app). Target:
≤ 50 ms median and ≤ 1.5× the plain page. Why the plain page carries the page's texts is decided in
docs/ui.md ("The plain page"); the other reading is printed too:

- ``bare``: the same widgets (types and count) with placeholder labels and nothing else;
- ``floor``: the bare widgets plus only the learner's-language block under each can-do statement —
  the least a page with the issue's checklist can draw;
- ``frame_ms``: the bare widgets served as a page of the real app (login check, navigation, sidebar
  with "Abmelden"), minus the bare widgets.

The medians are taken ``--rounds`` times (default 5) and the middle one is reported, with every
round's ratio printed.

    python bench/ui.py [--runs 20] [--rounds 5] [--compile-every-run] [--poll]

``AppTest`` waits for a rerun by polling every millisecond (``time.sleep(0.001)``), which rounds every
rerun up to the next poll and wakes the waiting thread a thousand times a second while the script
runs; the bench waits by joining the script thread instead (the same end: ``AppTest`` joins it right
after anyway), so all pages are timed to the microsecond. ``--poll`` measures the old way.

A running Streamlit server compiles each script once per process (one ``ScriptCache`` in its
``Runtime``); ``AppTest`` creates a new ``ScriptCache`` on every ``run()``, so each rerun would also
pay for parsing and compiling the page file (1-2 ms a rerun for ``ui/wizard.py``/``ui/summary.py``,
up to 5-7 ms on a loaded machine; far less for the short plain page) — a cost users never see. The bench therefore
gives all apps one shared cache, as the server does; ``--compile-every-run`` measures the old way.

Last line: ``RESULT wizard_ms=... summary_ms=... plain_wizard_ms=... plain_summary_ms=... wizard_ratio=...
summary_ratio=... target_met=... target_met_bare=... bare_wizard_ratio=... bare_summary_ratio=...
floor_ratio=... frame_ms=...``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import os
import statistics
import tempfile
import time
from collections import Counter
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 50.0
TARGET_RATIO = 1.5
# Every widget kind the interview pages draw: the questions' widgets, the step chips (pills) and the buttons.
KINDS = (
    "text_input",
    "text_area",
    "number_input",
    "date_input",
    "radio",
    "selectbox",
    "multiselect",
    "checkbox",
    "button",
    "pills",
)
PLAIN = {
    "text_input": "st.text_input('Frage {i}', key='w{i}')",
    "text_area": "st.text_area('Frage {i}', key='w{i}')",
    "number_input": "st.number_input('Frage {i}', value=None, key='w{i}')",
    "date_input": "st.date_input('Frage {i}', value=None, key='w{i}')",
    "radio": "st.radio('Frage {i}', ['Ja', 'Nein'], index=None, key='w{i}')",
    "selectbox": "st.selectbox('Frage {i}', ['A1', 'A2', 'B1'], index=None, key='w{i}')",
    "multiselect": "st.multiselect('Frage {i}', ['A', 'B', 'C'], key='w{i}')",
    "checkbox": "st.checkbox('Frage {i}', key='w{i}')",
    "button": "st.button('Knopf {i}', key='w{i}')",
    "pills": "st.pills('Abschnitte {i}', ['Abschnitt ' + str(j) for j in range(12)], key='w{i}')",
}


def _session_of(actor: Any) -> int:
    """A server-side session for ``actor``, as a sign-in starts one (the app shell checks it every rerun)."""
    from store import sessions

    return sessions.start_session(actor).session_id


def _share_script_cache() -> None:
    """One ScriptCache for all runs, as in a running server (see the module docstring)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = lambda: shared  # type: ignore[assignment,misc]
    local_script_runner.ScriptCache = lambda: shared  # type: ignore[assignment,misc]


def _wait_by_join() -> None:
    """AppTest's wait for the end of a rerun, without its 1 ms polling (see the module docstring)."""
    from streamlit.testing.v1 import local_script_runner

    def wait(runner: Any, timeout: float = 3) -> None:
        thread = runner._script_thread
        if thread is not None:
            thread.join(timeout)
        if not runner.script_stopped():
            raise RuntimeError(f"AppTest script run timed out after {timeout}(s)")

    local_script_runner.require_widgets_deltas = wait  # type: ignore[assignment]


def _medians(apps: dict[str, AppTest], runs: int, rounds: int) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Medians of ``runs`` reruns of every app, interleaved so that all see the same machine load.

    The measurement is taken ``rounds`` times; the figures are the middle round's medians (median over
    the rounds). Also returned: every round's median per app, for the ratios per round."""
    for at in apps.values():
        at.run()  # warm
    per_round: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(rounds):
        times: dict[str, list[float]] = {name: [] for name in apps}
        for _ in range(runs):
            for name, at in apps.items():
                start = time.perf_counter()
                at.run()
                times[name].append((time.perf_counter() - start) * 1000)
        for name in apps:
            per_round[name].append(statistics.median(times[name]))
    return {name: statistics.median(values) for name, values in per_round.items()}, per_round


def _ratios(per_round: dict[str, list[float]], page: str, plain: str) -> list[float]:
    return [a / b for a, b in zip(per_round[page], per_round[plain], strict=True)]


def _counts(at: AppTest) -> Counter[str]:
    return Counter({kind: len(getattr(at, kind)) for kind in KINDS if len(getattr(at, kind))})


def _plain_source(counts: Counter[str]) -> str:
    lines = ["import streamlit as st"]
    i = 0
    for kind, count in counts.items():
        for _ in range(count):
            lines.append(PLAIN[kind].format(i=i))
            i += 1
    return "\n".join(lines)


def _plain(counts: Counter[str]) -> AppTest:
    return AppTest.from_string(_plain_source(counts), default_timeout=60)


def _texts(node: Any) -> str:
    """A widget's help and placeholder texts as keyword arguments (they are the page's texts too)."""
    texts = {name: getattr(node.proto, name, "") for name in ("help", "placeholder")}
    return "".join(f", {name}={value!r}" for name, value in texts.items() if value)


def _replica_lines(node: Any, depth: int, lines: list[str]) -> None:
    """The st.* calls that draw ``node`` again (same element kinds and texts, no logic)."""
    pad = "    " * depth
    name = type(node).__name__
    i = len(lines)
    if name in ("ElementTree", "SpecialBlock", "Block"):
        kind = getattr(node, "type", "")
        if name == "SpecialBlock" and kind == "sidebar":
            lines.append(f"{pad}with st.sidebar:\n{pad}    pass")
            depth += 1
        elif name == "Block":
            lines.append(f"{pad}with st.container(border=True):\n{pad}    pass")
            depth += 1
        for child in node.children.values():
            _replica_lines(child, depth, lines)
        return
    calls = {
        "Html": lambda: f"st.html({node.proto.body!r})",
        "Markdown": lambda: f"st.markdown({node.value!r})",
        "Caption": lambda: f"st.caption({node.value!r})",
        "Text": lambda: f"st.text({node.value!r})",
        "Title": lambda: f"st.title({node.value!r})",
        "Subheader": lambda: f"st.subheader({node.value!r})",
        "Progress": lambda: "st.progress(0.5, text='Fortschritt')",
        "PageLink": lambda: f"st.page_link('https://example.org', label={node.proto.label!r})",
        "Alert": lambda: f"st.error({node.value!r})",
        "Checkbox": lambda: f"st.checkbox({node.label!r}{_texts(node)}, key='w{i}')",
        "Button": lambda: f"st.button({node.proto.label!r}{_texts(node)}, key='w{i}')",
        "Selectbox": lambda: (
            f"st.selectbox({node.label!r}, {list(node.options)!r}, index=None{_texts(node)}, key='w{i}')"
        ),
        "Radio": lambda: f"st.radio({node.label!r}, {list(node.options)!r}, index=None{_texts(node)}, key='w{i}')",
        "TextArea": lambda: f"st.text_area({node.label!r}{_texts(node)}, key='w{i}')",
        "TextInput": lambda: f"st.text_input({node.label!r}{_texts(node)}, key='w{i}')",
        "ButtonGroup": lambda: f"st.pills('Abschnitte', {list(node.options)!r}, key='w{i}')",
    }
    if name not in calls:
        raise ValueError(f"the replica cannot draw {name} yet")
    lines.append(pad + calls[name]())


def _replica(at: AppTest) -> AppTest:
    """A plain page with exactly the elements ``at`` shows (see the module docstring)."""
    lines = ["import streamlit as st"]
    _replica_lines(at._tree, 0, lines)
    replica = AppTest.from_string("\n".join(lines), default_timeout=60)
    replica.run()
    assert not replica.exception, [e.value for e in replica.exception]
    assert _counts(replica) == _counts(at), (_counts(replica), _counts(at))
    return replica


def _statement_blocks(node: Any) -> list[str]:
    """The learner's-language blocks that stand right under a checkbox (the can-do statements')."""
    children = getattr(node, "children", None)
    if children is None or type(node).__name__ == "Html":
        return []
    found, previous = [], None
    for child in children.values():
        name = type(child).__name__
        if name == "Html" and previous == "Checkbox" and child.proto.body.startswith('<div class="learner-label'):
            found.append(child.proto.body)
        found.extend(_statement_blocks(child))
        previous = name
    return found


def _floor(at: AppTest, counts: Counter[str]) -> AppTest:
    """The bare widgets plus the can-do statements' learner's-language blocks and nothing else: the least
    a page with the issue's checklist (the learner's text with every statement) can draw."""
    lines = [_plain_source(counts)] + [f"st.html({body!r})" for body in _statement_blocks(at._tree)]
    floor = AppTest.from_string("\n".join(lines), default_timeout=60)
    floor.run()
    assert not floor.exception, [e.value for e in floor.exception]
    return floor


def _framed(user: Any, counts: Counter[str]) -> AppTest:
    """The plain page's widgets as a page of the real app: "Mein Konto"'s address serves a file with
    the plain widgets but the sidebar's "Abmelden" (the app draws that one)."""
    from ui import navigation

    widgets = Counter(counts)
    widgets["button"] -= 1
    probe = Path(tempfile.mkdtemp()) / "plain_page.py"
    probe.write_text(_plain_source(widgets), encoding="utf-8")
    original = navigation.PageSpec.path
    navigation.PageSpec.path = property(  # type: ignore[method-assign,assignment]
        lambda spec: probe if spec.module == "account" else original.fget(spec)  # type: ignore[attr-defined]
    )
    navigation.existing_pages.cache_clear()
    navigation._templates.cache_clear()
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["auth.user_id"] = user.id
    at.session_state["auth.session_id"] = _session_of(user)  # as a sign-in does
    at.run()
    at.switch_page(str(probe)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert _counts(at) == counts, (_counts(at), counts)
    return at


def _setup() -> tuple[Any, int]:
    from argon2 import PasswordHasher

    import store
    from security import passwords
    from settings import get_settings
    from store import db
    from tests.questionnaire.test_real_guide import interview

    passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    url = f"sqlite:///{tempfile.mkdtemp()}/bench-ui.db"
    os.environ["DATABASE_URL"] = url
    get_settings.cache_clear()
    db.migrate(url)
    admin = store.create_first_admin("admin", "bench-passwort-123", "Admin")
    provider = store.create_provider(admin, "VHS Bench")
    store.create_user(admin, "ina", "bench-passwort-123", "interviewer", provider.id, "Ina")
    ina = store.authenticate("ina", "bench-passwort-123")
    learner = store.create_learner(ina, "Haddad", "Amal", "1991-03-02", processing_consent=True, sharing_consent=True)
    view = store.start_interview(ina, learner.id, learner_language="ar", guide_id="sprachstand", guide_version=1)
    store.save_draft(ina, view.id, interview(), "consent", view.lock_version)
    return ina, int(view.id)


def _page(user: Any, module: str, interview_id: int, section: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["auth.user_id"] = user.id
    at.session_state["auth.session_id"] = _session_of(user)  # as a sign-in does
    at.run()  # "/" forwards to the start page (and drops the address's query)
    at.query_params["id"] = str(interview_id)
    at.switch_page(f"ui/{module}.py").run()
    if section:
        at.pills(key=f"{interview_id}.__nav").set_value(section).run()
        at.switch_page(f"ui/{module}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _fmt(values: list[float]) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="reruns per median (default 20)")
    parser.add_argument("--rounds", type=int, default=5, help="medians taken; the middle one is reported (default 5)")
    parser.add_argument(
        "--compile-every-run", action="store_true", help="AppTest's default: compile the scripts on every rerun"
    )
    parser.add_argument("--poll", action="store_true", help="AppTest's default wait: poll every millisecond")
    args = parser.parse_args()
    if not args.compile_every_run:
        _share_script_cache()
    if not args.poll:
        _wait_by_join()

    from questionnaire import active_guide
    from ui.steps import SUMMARY, steps

    user, interview_id = _setup()
    guide = active_guide()
    all_ids = {q.id for s in guide.sections for q in s.questions}
    largest, largest_count = "", -1
    for step in steps(guide, all_ids, {}):
        if step.id == SUMMARY:
            continue
        count = sum(_counts(_page(user, "wizard", interview_id, step.id)).values())
        if count > largest_count:
            largest, largest_count = step.id, count

    wizard = _page(user, "wizard", interview_id, largest)
    wizard_counts = _counts(wizard)
    summary = _page(user, "summary", interview_id)
    summary_counts = _counts(summary)

    wizard_medians, wizard_rounds = _medians(
        {
            "page": wizard,
            "plain": _replica(wizard),
            "bare": _plain(wizard_counts),
            "floor": _floor(wizard, wizard_counts),
            "framed": _framed(user, wizard_counts),
        },
        args.runs,
        args.rounds,
    )
    summary_medians, summary_rounds = _medians(
        {"page": summary, "plain": _replica(summary), "bare": _plain(summary_counts)}, args.runs, args.rounds
    )
    w, s = wizard_medians, summary_medians
    wizard_ratio, summary_ratio = w["page"] / w["plain"], s["page"] / s["plain"]
    bare_wizard, bare_summary = w["page"] / w["bare"], s["page"] / s["bare"]
    floor_ratio = w["floor"] / w["bare"]
    frame_ms = w["framed"] - w["bare"]
    met = wizard_ms_ok = w["page"] <= TARGET_MS and s["page"] <= TARGET_MS
    met_bare = met and bare_wizard <= TARGET_RATIO and bare_summary <= TARGET_RATIO
    met = met and wizard_ratio <= TARGET_RATIO and summary_ratio <= TARGET_RATIO

    print(f"largest wizard step: {largest} ({sum(wizard_counts.values())} widgets: {dict(wizard_counts)})")
    print(f"summary: {sum(summary_counts.values())} widgets: {dict(summary_counts)}")
    print(
        "plain page = the page's own widgets and texts (sidebar included) drawn by a plain script, without "
        "the pages' and the app's logic (docs/ui.md, 'The plain page'); it follows the page, so the ratio "
        "limits logic, not the number of elements"
    )
    print(
        f"ratio per round (median of {args.runs} reruns each): "
        f"wizard {_fmt(_ratios(wizard_rounds, 'page', 'plain'))}, "
        f"summary {_fmt(_ratios(summary_rounds, 'page', 'plain'))}"
    )
    print(f"wizard step  median {w['page']:7.1f} ms   plain page {w['plain']:7.1f} ms   ratio {wizard_ratio:.2f}")
    print(f"summary      median {s['page']:7.1f} ms   plain page {s['plain']:7.1f} ms   ratio {summary_ratio:.2f}")
    print(
        f"target       <= {TARGET_MS:.0f} ms and <= {TARGET_RATIO}x the plain page: "
        f"{'met' if met else 'NOT met'}{'' if wizard_ms_ok else ' (over 50 ms)'}"
    )
    print(
        f"bare widgets the same widgets with placeholder labels and no text at all: {w['bare']:.1f} ms and "
        f"{s['bare']:.1f} ms; the pages are {bare_wizard:.2f}x and {bare_summary:.2f}x that "
        f"(the plain page: {w['plain'] / w['bare']:.2f}x and {s['plain'] / s['bare']:.2f}x)"
    )
    print(
        f"target       <= {TARGET_RATIO}x the bare widgets (the other reading): "
        f"{'met' if met_bare else 'NOT met'} ({bare_wizard:.2f}x and {bare_summary:.2f}x)"
    )
    print(
        f"floor        the bare widgets plus only the {len(_statement_blocks(wizard._tree))} learner's-language blocks "
        f"under the statements: {floor_ratio:.2f}x the bare widgets; the app frame (login check, "
        f"navigation, sidebar) adds {frame_ms:.1f} ms = {frame_ms / w['bare']:.2f}x"
    )
    print(
        f"RESULT wizard_ms={w['page']:.1f} summary_ms={s['page']:.1f} plain_wizard_ms={w['plain']:.1f} "
        f"plain_summary_ms={s['plain']:.1f} wizard_ratio={wizard_ratio:.2f} summary_ratio={summary_ratio:.2f} "
        f"target_met={int(met)} target_met_bare={int(met_bare)} "
        f"bare_wizard_ms={w['bare']:.1f} bare_summary_ms={s['bare']:.1f} "
        f"bare_wizard_ratio={bare_wizard:.2f} bare_summary_ratio={bare_summary:.2f} "
        f"floor_ratio={floor_ratio:.2f} frame_ms={frame_ms:.1f} widgets={sum(wizard_counts.values())} "
        f"summary_widgets={sum(summary_counts.values())} runs={args.runs} rounds={args.rounds} "
        f"compile_every_run={int(args.compile_every_run)} poll={int(args.poll)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
