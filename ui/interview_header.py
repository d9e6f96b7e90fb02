"""What the wizard and the summary show above the questions: who, which guide, state, conflicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from documents.interview_record import answer_text
from schemas.vocabulary import Status
from ui import interview_state, navigation
from ui.interview_state import WorkingCopy
from ui.steps import SUMMARY, Step
from ui.text import day, escape_html, escape_markdown, when

SAVED = "Entwurf gespeichert."
LANGUAGE_NAMES = {
    "de": "nur Deutsch",
    "en": "Englisch",
    "ar": "Arabisch",
    "fa": "Persisch/Dari",
    "uk": "Ukrainisch",
    "ru": "Russisch",
    "tr": "Türkisch",
}


@dataclass
class Head:
    """The top of an interview page: one HTML block (title, person, guide and state, progress) that
    ``step_nav`` fills once this rerun's answers are counted."""

    slot: Any
    top: str
    scroll_to_top: bool = False  # a step was just opened: show it from its top, not where the last one was


# Streamlit keeps the scroll position when a page reruns, so a step opened by "Weiter" at the bottom of
# a long step would open at its bottom too. Sent (and run) only in the rerun that opens a step.
SCROLL_TO_TOP = (
    "for (const e of [document.querySelector('[data-testid=stMain]'), "
    "document.querySelector('[data-testid=stAppScrollToBottomContainer]'), document.scrollingElement]) "
    "{ if (e && e.scrollTop > 0) e.scrollTo({top: 0}); }"
)
# The learner reads the can-do statements in their language: a tap on a statement's learner block
# (``learner-tap``, see ui.widgets.labels) clicks the checkbox in the element right above it, so the
# tick goes through Streamlit's own handler to the server like a tap on the German label. A click that
# selected text (a drag) is no tap: the selection then differs from the one at pointerdown (a tap into
# an older selection still ticks). A double click (to select a word) leaves the box as it was: its
# first click ticked, its second click takes that back. A disabled checkbox is left alone. The
# listeners are added once per page load (st.html is not iframed; the window flag keeps the script's
# later runs from adding more).
TAP_TO_TICK = (
    "if (!window.sprachstandTapToTick) { window.sprachstandTapToTick = true; let before = ''; let last = ''; "
    "document.addEventListener('pointerdown', () => { before = String(window.getSelection() || ''); }, true); "
    "document.addEventListener('click', ev => { "
    "const block = ev.target instanceof Element ? ev.target.closest('.learner-tap') : null; "
    "const own = block ? block.closest('[data-testid=stElementContainer]') : null; "
    "const above = own ? own.previousElementSibling : null; "
    "const box = above ? above.querySelector('[data-testid=stCheckbox] input[type=checkbox]') : null; "
    "if (!box || box.disabled) return; "
    "if (ev.detail > 1) { if (ev.detail === 2 && last === above.className) box.click(); last = ''; return; } "
    "const selected = String(window.getSelection() || ''); "
    "last = ''; if (selected !== '' && selected !== before) return; "
    "last = above.className; box.click(); }); }"
)


# Keyboard and screen-reader users start the new step at its heading (after "Weiter" the focus would
# otherwise stay on a button of the step before, or fall back to the page's top): once the rerun has
# drawn the step, its heading (the first h3 of the page) takes the focus, without scrolling.
FOCUS_HEADING = (
    "(() => { let tries = 0; const go = () => { "
    "const done = document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]'); "
    "const h = document.querySelector('[data-testid=stMain] h3'); "
    "if (done && h) { h.setAttribute('tabindex', '-1'); h.focus({preventScroll: true}); return; } "
    "if (++tries < 50) setTimeout(go, 100); }; setTimeout(go, 50); })();"
)


def step_script(step: str) -> str:
    """The script of the rerun that opens ``step``; the step id in it makes its text new for each step,
    so the browser runs it again."""
    return f"<script>/* {step} */{SCROLL_TO_TOP}{TAP_TO_TICK}{FOCUS_HEADING}</script>"


def header(wc: WorkingCopy, guide: Any) -> Head:
    """Draws the head's slot and what stands below it: the link to the view, hints and notices."""
    view = wc.interview
    birth = day(view.learner.birth_date)
    language = LANGUAGE_NAMES.get(view.learner_language, view.learner_language)
    details = (
        f"{view.provider_name} · Leitfaden {guide.text(guide.title)} (Version {view.guide_version}) · "
        f"Sprache der/des Lernenden: {language} · Status: {Status.label_of(view.status)}"
    )
    top = (
        '<h1 class="page-title">Interview</h1>'
        f'<p class="person">{escape_html(view.learner.full_name)} · geb. {birth}</p>'
        f'<p class="details">{escape_html(details)}</p>'
    )
    # a container, not st.empty: until this rerun fills it, the browser keeps showing the last head
    # (an empty placeholder would blank title and progress during every rerun)
    head = Head(st.container(), top)
    st.page_link(
        navigation.page("ansicht"),
        label="Ansicht, Verlauf und „Interview als PDF“",
        query_params={"id": str(view.id)},
        icon=":material/picture_as_pdf:",
    )
    hint = st.session_state.get("new.duplicate_hints", {}).get(view.id)
    if hint or view.learner.possible_duplicate:
        st.warning(hint or "Diese Person wurde möglicherweise schon bei einem anderen Träger eingestuft.")
    if view.status == Status.RETURNED and view.last_comment:
        with st.container(border=True):
            st.markdown("**Zurückgegeben von der Beratungsstelle – Kommentar:**")
            st.text(view.last_comment)
    if wc.notice == SAVED:
        # "Entwurf speichern" stands at the bottom of a long step: a toast is seen wherever one is
        st.toast(SAVED, icon=":material/save:")
    elif wc.notice:
        st.success(wc.notice)
    wc.notice = None
    return head


def progress_html(answered: int, required: int) -> str:
    share = answered / required if required else 1.0
    percent = round(share * 100)
    return (
        f'<div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{percent}" '
        f'aria-label="Fortschritt"><p>Fortschritt: {answered} von {required} Pflichtangaben ({percent} %)</p>'
        f'<div class="bar"><div style="width:{percent}%"></div></div></div>'
    )


def conflict_panel(actor: Any, wc: WorkingCopy, guide: Any) -> None:
    """Someone else saved in between: say who and when, keep and show the user's values."""
    conflict = wc.conflict
    if conflict is None:
        return
    st.error(
        f"Dieses Interview wurde inzwischen von {escape_markdown(conflict.changed_by)} am "
        f"{when(conflict.changed_at)} geändert. Ihre Eingaben sind nicht verloren: Sie können sie auf den "
        "aktuellen Stand übertragen.",
        icon=":material/sync_problem:",
    )
    changed = [q for q in conflict.mine if conflict.mine.get(q) != conflict.base.get(q)]
    with st.expander(f"Ihre noch nicht gespeicherten Eingaben ({len(changed)})", expanded=True):
        for qid in changed:
            question = guide.question(qid)
            if question is None:
                st.text(f"{qid}: {conflict.mine.get(qid)!s}")
            else:
                st.text(f"{guide.text(question.label)}: {answer_text(guide, question, conflict.mine.get(qid))}")
    left, right = st.columns(2)
    if left.button("Meine Eingaben übernehmen", type="primary", key=f"{wc.id}.__conflict_apply"):
        interview_state.resolve_conflict(actor, wc, reapply=True)
        st.rerun()
    if right.button("Aktuellen Stand laden (meine Eingaben verwerfen)", key=f"{wc.id}.__conflict_drop"):
        fresh = interview_state.resolve_conflict(actor, wc, reapply=False)
        fresh.notice = "Der aktuelle Stand wurde geladen."
        st.rerun()


def step_nav(head: Head, wc: WorkingCopy, steps: list[Step], current: str, *, locked: bool) -> str:
    """Progress (in the page's head) and free movement: one chip per step with its completion;
    returns the chosen step."""
    required = sum(s.required for s in steps)
    answered = sum(min(s.answered, s.required) for s in steps)
    script = step_script(current) if head.scroll_to_top else ""
    head.slot.html(head.top + progress_html(answered, required) + script, unsafe_allow_javascript=bool(script))
    labels = {s.id: s.label(i + 1) for i, s in enumerate(steps)}
    key = f"{wc.id}.__nav"
    pending = st.session_state.pop(f"{key}.pending", None)
    if pending in labels:
        st.session_state[key] = pending
    if st.session_state.get(key) not in labels:
        st.session_state[key] = current if current in labels else steps[0].id
    options = list(labels) if not locked else [s for s in labels if s == current]
    chosen = st.pills(
        "Abschnitte",
        options,
        format_func=labels.__getitem__,
        required=True,
        key=key,
        help="Sie können jederzeit zu jedem Abschnitt wechseln; jede Eingabe wird sofort als Entwurf gespeichert.",
    )
    return str(chosen or current)


def move_to(actor: Any, wc: WorkingCopy, step_id: str) -> None:
    """Saves the answers with ``step_id`` as the current step and opens it. After a conflict it stays:
    the step was not saved, so the opened page would send the user straight back (each switch coming
    back here), and the conflict panel must be seen."""
    interview_state.save(actor, wc, section=step_id)
    if wc.conflict is None:
        go_to(wc, step_id)


def go_to(wc: WorkingCopy, step_id: str) -> None:
    """Opens another step (the summary is a page of its own); the caller has saved already."""
    st.session_state[f"{wc.id}.__nav.pending"] = step_id
    target = "zusammenfassung" if step_id == SUMMARY else "interview"
    st.switch_page(navigation.page(target), query_params={"id": str(wc.id)})
