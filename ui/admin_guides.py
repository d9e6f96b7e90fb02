"""Guide versions: see which versions exist and which one new interviews use, upload a new version as
YAML (every problem check-guide finds is listed; a clean file shows its differences to the active
version first), and activate a version. Running interviews keep the version they were started with.

Page ``/leitfaden`` (admin).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import store
from schemas.vocabulary import Role
from store import reporting
from ui import session
from ui.text import escape_markdown

ROLES = (Role.ADMIN,)
NOTICE = "guides.notice"
CHECKED = "guides.checked"  # (file id, outcome) of the upload checked last
SOURCE_LABELS = {"bundled": "mitgeliefert", "uploaded": "hochgeladen"}


def _list(actor: Any) -> list[Any]:
    guides = store.list_guides(actor)
    st.table(  # wraps its cells: "aktiv" and the title stay readable on a tablet
        pd.DataFrame(
            [
                {
                    "Leitfaden": g.guide_id,
                    "Version": g.version,
                    "Titel": g.title,
                    "Herkunft": SOURCE_LABELS.get(g.source, g.source),
                    "aktiv": "ja – für neue Interviews" if g.is_active else "",
                }
                for g in guides
            ]
        ),
        hide_index=True,
    )
    return guides


def _problems(problems: list[Any]) -> None:
    st.error(f"Der Leitfaden hat {len(problems)} Problem(e) und wurde nicht übernommen. Bitte die Datei korrigieren.")
    st.table(  # problem and hint are whole sentences: wrapped, never cut
        pd.DataFrame(
            [
                {"Zeile": p.line or "", "Stelle": p.location, "Problem": p.message, "Hinweis": p.hint, "Code": p.code}
                for p in problems
            ]
        ),
        hide_index=True,
    )


def _checked(upload: Any) -> tuple[str, Any, list[Any], str | None]:
    """(text, guide or None, problems, refusal) of the file in the uploader. Checked once per upload:
    the reruns while the file stays in the uploader reuse the outcome (the full check of a large
    guide takes seconds)."""
    cached = st.session_state.get(CHECKED)
    if cached is not None and cached[0] == upload.file_id:
        return cached[1]  # type: ignore[no-any-return]
    from questionnaire import check_guide_text
    from security.uploads import guide_text

    try:
        text = guide_text(upload.getvalue(), escape_markdown(upload.name))  # limits before parsing
    except store.InvalidInput as exc:
        outcome: tuple[str, Any, list[Any], str | None] = ("", None, [], str(exc))
    else:
        guide, problems = check_guide_text(text, upload.name)
        outcome = (text, guide, problems, None)
    st.session_state[CHECKED] = (upload.file_id, outcome)
    return outcome


def _upload(actor: Any) -> None:
    from questionnaire.diff import guide_diff

    st.subheader("Neue Version hochladen")
    upload = st.file_uploader(
        "Leitfaden als YAML-Datei (höchstens 1 MB)", type=["yaml", "yml"], key="guides.upload", max_upload_size=1
    )
    if upload is None:
        return
    text, guide, problems, refusal = _checked(upload)
    if refusal is not None:
        st.error(refusal)
        return
    if guide is None:
        _problems(problems)
        return
    st.success(
        f"„{escape_markdown(guide.text(guide.title))}“ ({escape_markdown(guide.id)}, Version {guide.version}): "
        "keine Probleme gefunden."
    )
    try:
        active = reporting.active_guide(actor)
    except store.InvalidInput:
        active = None
    if active is not None:
        diff = guide_diff(active, guide)
        st.markdown(f"**Unterschiede zur aktiven Version (Version {active.version}):**")
        st.text("\n".join(diff.lines()) if not diff.empty else "(keine Unterschiede)")
    if st.button("Diese Version übernehmen", type="primary", key="guides.save", icon=":material/upload_file:"):
        try:
            info = store.upload_guide(actor, text)
        except store.InvalidInput as exc:
            st.error(str(exc))
            return
        st.session_state[NOTICE] = (
            f"Version {info.version} von „{info.guide_id}“ gespeichert. "
            "Sie gilt für neue Interviews erst nach dem Aktivieren."
        )
        st.session_state.pop("guides.upload", None)
        st.rerun()


def _activate(actor: Any, guides: list[Any]) -> None:
    st.subheader("Version aktivieren")
    st.caption("Neue Interviews verwenden die aktive Version. Laufende Interviews behalten ihre Version.")
    several = len({g.guide_id for g in guides}) > 1  # then the guide's id tells them apart
    options = {
        (f"{g.guide_id} – " if several else "") + f"Version {g.version}" + (" (aktiv)" if g.is_active else ""): g
        for g in guides
    }
    chosen = st.selectbox("Version", list(options), key="guides.activate_choice")
    target = options[chosen]
    if target.is_active:
        st.caption("Diese Version ist bereits aktiv.")
        return
    if st.button("Aktivieren", key="guides.activate", icon=":material/check:"):
        store.activate_guide(actor, target.guide_id, target.version)
        st.session_state[NOTICE] = f"{escape_markdown(chosen)} ist jetzt aktiv für neue Interviews."
        st.rerun()


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Leitfaden")
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.success(notice)
    guides = _list(actor)
    _activate(actor, guides)
    _upload(actor)


if __name__ == "__main__":
    render()
