"""AppTest helpers: log in, open a page, fill in the real guide section by section."""

from __future__ import annotations

import datetime as dt
from typing import Any

from streamlit.testing.v1 import AppTest

import store
from store import sessions as store_sessions
from tests.ui.conftest import ROOT

TIMEOUT = 30


def app(user: Any | None = None, **query: str) -> AppTest:
    """The app, logged in as ``user`` (or not), run once."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=TIMEOUT)
    if user is not None:
        at.session_state["auth.user_id"] = user.id
        at.session_state["auth.session_id"] = store_sessions.start_session(user).session_id  # as a sign-in does
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def open_page(at: AppTest, module: str, **query: str) -> AppTest:
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"ui/{module}.py").run()
    return follow(at)


def follow(at: AppTest) -> AppTest:
    """AppTest reruns the page it was last switched to; after the app itself switched pages
    (``st.switch_page``), switch the test there too, as the browser's address would."""
    from ui import navigation

    try:
        current = at.session_state["nav.current"]
    except KeyError:
        current = None
    if current and getattr(at, "_followed", None) != current:
        at._followed = current  # type: ignore[attr-defined]
        at.switch_page(f"ui/{navigation.spec_for(current).module}.py")
    return at


def click(at: AppTest, key: str) -> AppTest:
    """Clicks a button, runs the app and follows a page switch the click caused."""
    at.button(key=key).click().run()
    return follow(at)


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def texts(at: AppTest) -> list[str]:
    return [t.value for t in at.text]


def html_texts(at: Any) -> list[str]:
    """The visible text of each ``st.html`` block (tags removed, entities decoded) — e.g. the interview
    pages' head and the sidebar's "Angemeldet: …"."""
    import html
    import re

    return [html.unescape(re.sub(r"<style.*?</style>|<[^>]+>", " ", str(h.value), flags=re.S)) for h in at.get("html")]


def new_learner_interview(
    user: Any,
    family: str = "Haddad",
    given: str = "Amina",
    birth: str = "1990-04-12",
    language: str = "en",
    version: int | None = 1,
) -> int:
    """A learner with consent and a started draft interview (through the store), its id. ``version``: the
    bundled guide version (1 by default: these tests answer version 1's questions; None: the active one)."""
    learner = store.create_learner(user, family, given, birth, processing_consent=True, sharing_consent=True)
    pinned = {"guide_id": "sprachstand", "guide_version": version} if version else {}
    return int(store.start_interview(user, learner.id, learner_language=language, **pinned).id)


def widgets(at: AppTest) -> list[Any]:
    kinds = ("text_input", "text_area", "number_input", "date_input", "radio", "selectbox", "multiselect", "checkbox")
    return [w for kind in kinds for w in getattr(at, kind)]


def by_question(at: AppTest, question_id: str) -> Any:
    """The widget of a question (key ``<interview>.<section>.<question>``)."""
    found = [w for w in widgets(at) if isinstance(w.key, str) and w.key.split(".")[-1] == question_id]
    assert found, f"no widget for {question_id}: {[w.key for w in widgets(at)]}"
    return found[0]


def fill_required(at: AppTest, guide: Any) -> AppTest:
    """Answers every visible, still empty required question of the shown step with a valid value;
    each change runs the app (as a browser would)."""
    for _ in range(40):
        target = next((w for w in widgets(at) if _needs_answer(w, guide)), None)
        if target is None:
            return at
        _answer(target, guide.question(target.key.split(".")[-1]), guide)
        follow(at.run())
        no_exception(at)
    raise AssertionError("required questions keep appearing")


def _needs_answer(widget: Any, guide: Any) -> bool:
    if not isinstance(widget.key, str) or widget.key.count(".") != 2:
        return False
    question = guide.question(widget.key.split(".")[-1])
    if question is None or question.type in ("can_do", "note", "repeat") or not question.required:
        return False
    return widget.value in (None, "", [])


def _answer(widget: Any, question: Any, guide: Any) -> None:
    kind = question.type
    if kind in ("text", "long_text"):
        widget.input("Keine Besonderheiten" if kind == "long_text" else "Testwert")
    elif kind == "integer":
        widget.set_value(max(question.min or 0, min(question.max if question.max is not None else 10, 10)))
    elif kind == "decimal":
        widget.set_value(float(question.min or 1))
    elif kind == "date":
        widget.set_value(dt.date(2020, 1, 15))
    elif kind == "yes_no":
        widget.set_value(question.id.startswith(("consent", "literate")))
    elif kind == "single_choice":
        choices = [c.value for c in guide.choices_of(question)]
        widget.set_value("a2" if "a2" in choices else choices[0])
    elif kind == "multi_choice":
        widget.set_value([guide.choices_of(question)[0].value])


def in_order(at: AppTest) -> list[tuple[str, str]]:
    """The main area's elements in page order as (kind, widget key or text)."""
    out: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict) and children:
            for index in sorted(children):
                walk(children[index])
            return
        kind = getattr(node, "type", type(node).__name__)
        key = getattr(node, "key", None)
        value = getattr(node, "value", "")
        out.append((str(kind), str(key) if key else str(value)))

    walk(at.main)
    return out


def element_after(at: AppTest, key: str, kind: str) -> str | None:
    """The text of the first element of ``kind`` after the widget ``key`` and before the next widget."""
    items = in_order(at)
    start = next(i for i, (_, k) in enumerate(items) if k == key)
    for found_kind, text in items[start + 1 :]:
        if found_kind == kind:
            return text
        if "." in text and text.split(".")[0].isdigit():
            return None  # the next question's widget
    return None
