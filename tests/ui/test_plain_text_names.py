"""Names that staff type are shown as text, never as Markdown (issue 15, finding 11): a provider admin who
puts a link and a tracking image into a colleague's display name or into the provider's name gets them
shown literally on the colleagues' pages."""

from __future__ import annotations

from typing import Any

import store
from tests.ui.conftest import PASSWORD, Cast
from tests.ui.helpers import app, no_exception, open_page
from ui.text import escape_markdown

PHISHING = "[Hier klicken](https://evil.example/login) ![](https://evil.example/t.png)"


def _sources(at: Any) -> list[str]:
    """The Markdown source of every element that renders Markdown (text, captions, alerts)."""
    kinds = ("markdown", "caption", "success", "info", "warning", "error", "subheader", "title")
    return [str(e.value) for kind in kinds for e in at.get(kind)]


def _shown_as_text(at: Any) -> None:
    sources = _sources(at)
    assert not any("](https://evil.example" in s for s in sources), sources
    assert any(r"\[Hier klicken\]\(https\:" in s for s in sources), sources


def test_a_display_name_with_markdown_shows_as_text(cast: Cast) -> None:
    store.create_user(cast.provider_admin, "mallory", PASSWORD, "interviewer", cast.provider_a, PHISHING)
    store.change_own_password(store.authenticate("mallory", PASSWORD), PASSWORD, "kiesel-wolke-tangente-31")
    mallory = store.authenticate("mallory", "kiesel-wolke-tangente-31")  # a lead's password is temporary
    learner = store.create_learner(mallory, "Haddad", "Amina", "1990-04-12", processing_consent=True)
    store.start_interview(mallory, learner.id)
    at = app(cast.provider_admin)
    no_exception(at)
    _shown_as_text(at)


def test_a_provider_name_with_markdown_shows_as_text(cast: Cast) -> None:
    store.update_provider(cast.admin, cast.provider_a, name=PHISHING)
    at = open_page(app(cast.provider_admin), "dashboard")
    no_exception(at)
    _shown_as_text(at)


def test_guide_labels_with_markdown_show_as_typed_and_plain_ones_stay_untouched() -> None:
    from types import SimpleNamespace

    from ui.widgets.labels import german_help, german_label

    def question(label: str, help_text: str = "") -> Any:
        return SimpleNamespace(label={"de": label}, help={"de": help_text} if help_text else None, required=True)

    # an ordinary label keeps its punctuation (it is also the widget's accessible name)
    assert german_label(question("Geburtsdatum (TT.MM.JJJJ)")) == "Geburtsdatum (TT.MM.JJJJ) *"
    for text in (PHISHING, ":red[Achtung] $x^2$", "Mehr unter www.evil.example", ":material/warning: Hinweis"):
        shown = german_label(question(text), required=False)
        assert shown == escape_markdown(text), shown
    assert german_help(question("Name", "[Hilfe](https://evil.example)")) == r"\[Hilfe\]\(https\://evil\.example\)"


def test_neue_person_anlegen_refuses_html_and_other_scripts_like_the_wizard(cast: Cast) -> None:
    import datetime as dt

    from tests.ui.test_new_interview_duplicates import fill

    for family in ("<img src=x onerror=alert(1)>", "حداد"):
        at = fill(open_page(app(cast.interviewer), "new_interview"), family, "Amina", dt.date(1990, 4, 12))
        no_exception(at)
        assert any("lateinischer Schrift" in e.value for e in at.error), [e.value for e in at.error]
    assert store.search_learners(cast.interviewer, "Amina") == []  # nothing was stored
