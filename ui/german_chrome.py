"""Streamlit's own words in German.

Streamlit has no translations of its own interface (streamlit/streamlit#1353, #10380): its widgets,
the data grid and the Vega charts say "Choose an option", "Press Enter to apply", "Show password",
"Download as CSV" or "X-axis titled … for a linear scale" — on screen, as placeholders and in the
labels that a screen reader reads out. This module turns them into German in the browser: one small
script, sent with the app's CSS on every page (``ui.style``), translates the text nodes and the
``aria-label``, ``placeholder`` and ``title`` attributes of the page when they appear (a
MutationObserver) and marks the document as German (``<html lang="de">``). Text inside an element
with a ``lang`` of its own (the guide's questions in the learner's language, ``ui.widgets.labels``)
is left alone: an English learner reads "Today" in English.

The words are data (``EXACT`` and ``PATTERNS``), so a new Streamlit version's strings are one line
each; ``tests/ui/test_browser_german.py`` walks every page of every role and fails on any English
word left, so a new string shows up as a failing test, not as a user's complaint.
"""

from __future__ import annotations

import json

# Whole strings (after trimming) → German.
EXACT: dict[str, str] = {
    "Choose an option": "Bitte auswählen",
    "Choose options": "Bitte auswählen",
    "Choose date": "Datum auswählen",
    "Choose a date": "Datum auswählen",
    "Clear all": "Alles entfernen",
    "Clear value": "Eingabe löschen",
    "Clear": "Leeren",
    "Collapse sidebar": "Menü einklappen",
    "Expand sidebar": "Menü ausklappen",
    "Sidebar": "Menü",
    "App pages": "Seiten der Anwendung",
    "Skip to main content": "Zum Inhalt springen",
    "Link to heading": "Link zu dieser Überschrift",
    "Open": "Öffnen",
    "Close": "Schließen",
    "Search": "Suchen",
    "Fullscreen": "Vollbild",
    "Close fullscreen": "Vollbild beenden",
    "Exit fullscreen": "Vollbild beenden",
    "Download as CSV": "Als CSV herunterladen",
    "Show/hide columns": "Spalten ein- und ausblenden",
    "Show password": "Passwort anzeigen",
    "Hide password": "Passwort verbergen",
    "file upload": "Datei hochladen",
    "Upload": "Hochladen",
    "Browse files": "Datei auswählen",
    "Drag and drop file here": "Datei hierher ziehen",
    "Drag and drop files here": "Dateien hierher ziehen",
    "Delete": "Löschen",
    "Remove": "Entfernen",
    "No results": "Keine Treffer",
    "No options to select.": "Keine Auswahl möglich.",
    "No options to select": "Keine Auswahl möglich",
    "Press Enter to apply": "Eingabetaste zum Übernehmen",
    "Press Enter to submit form": "Eingabetaste zum Absenden",
    "Press Ctrl+Enter to apply": "Strg+Eingabetaste zum Übernehmen",
    "Press ⌘+Enter to apply": "⌘+Eingabetaste zum Übernehmen",
    "Increment": "Erhöhen",
    "Decrement": "Verringern",
    "Running...": "Läuft …",
    "Stop": "Anhalten",
    "Copy to clipboard": "In die Zwischenablage kopieren",
    "Sort ascending": "Aufsteigend sortieren",
    "Sort descending": "Absteigend sortieren",
    "Autosize": "Breite anpassen",
    "Pin column": "Spalte anheften",
    "Unpin column": "Spalte lösen",
    "Hide column": "Spalte ausblenden",
    "Add row": "Zeile hinzufügen",
    "Delete rows": "Zeilen löschen",
    "Loading...": "Wird geladen …",
    "dd.mm.yyyy": "TT.MM.JJJJ",
    "DD.MM.YYYY": "TT.MM.JJJJ",
    "YYYY/MM/DD": "JJJJ/MM/TT",
    "Previous month.": "Vorheriger Monat",
    "Next month.": "Nächster Monat",
    "Previous month": "Vorheriger Monat",
    "Next month": "Nächster Monat",
    "Choose a date.": "Datum auswählen",
    "Selected.": "Ausgewählt.",
    "Today": "Heute",
    "Selected values": "Ausgewählte Werte",
    "yyyy": "JJJJ",
    "dd": "TT",
    "mm": "MM",
}

# Regular expressions (JavaScript syntax, matched against the whole trimmed string) → German, with
# $1 … for the groups; tried in order after ``EXACT``. ``{date:…}`` turns an English date
# ("December 07, 2026") into a German one ("07.12.2026").
PATTERNS: list[tuple[str, str]] = [
    (r"^Help for (.*)$", "Hilfe zu $1"),
    (r"^Download as (PNG|SVG|CSV): (.*)$", "Als $1 herunterladen: $2"),
    (r"^Download as (PNG|SVG|CSV)$", "Als $1 herunterladen"),
    (r"^Fullscreen: (.*)$", "Vollbild: $1"),
    (r"^Show data: (.*)$", "Daten anzeigen: $1"),
    (r"^Copy Vega-Lite spec: (.*)$", "Diagrammdefinition kopieren: $1"),
    (r"^(X|Y)-axis titled '(.*)' for a (?:linear|discrete|time|log) scale.*$", "$1-Achse: $2"),
    (r"^(X|Y)-axis for a (?:linear|discrete|time|log) scale with \d+ values?: (.*)$", "$1-Achse: $2"),
    (r"^(X|Y)-axis for a (?:linear|discrete|time|log) scale.*$", "$1-Achse"),
    (r"^(\d+) options? available\.?$", "$1 Einträge verfügbar"),
    (r"^(\d+) results? available\.?$", "$1 Treffer"),
    (r"^Limit (\d+)MB per file(.*)$", "Höchstens $1 MB je Datei$2"),
    (r"^(\d+)MB per file(.*)$", "Höchstens $1 MB je Datei$2"),
    (r"^Press (Ctrl|⌘)\+Enter to (?:apply|submit).*$", "$1+Eingabetaste zum Übernehmen"),
    (r"^Press Enter to (?:apply|submit).*$", "Eingabetaste zum Übernehmen"),
    (r"^Close (.*)$", "Schließen: $1"),
    (r"^Remove (.*)$", "$1 entfernen"),
    (r"^month, (.*)$", "Monat, $1"),
    (r"^day, (.*)$", "Tag, $1"),
    (r"^year, (.*)$", "Jahr, $1"),
    (r"^Selected Date: (.*)$", "Ausgewähltes Datum: {date:$1}"),
    (r"^Selected date: (.*)$", "Ausgewähltes Datum: {date:$1}"),
    (r"^Choose (.*)\. Selected date is (.*)$", "$1 auswählen. Ausgewählt: {date:$2}"),
]

_ATTRIBUTES = ["aria-label", "placeholder", "title", "aria-description", "aria-roledescription"]


def script() -> str:
    """The ``<script>`` element that translates the page; it installs itself once per page load."""
    data = json.dumps({"exact": EXACT, "patterns": PATTERNS, "attributes": _ATTRIBUTES}, ensure_ascii=False)
    return (
        "<script>if (!window.sprachstandGerman) { window.sprachstandGerman = true; "
        f"const D = {data}; "
        "const P = D.patterns.map(([re, to]) => [new RegExp(re), to]); "
        "const tr = (s) => { const t = s.trim(); if (!t) return null; "
        "if (Object.prototype.hasOwnProperty.call(D.exact, t)) return s.replace(t, D.exact[t]); "
        "const de = (x) => x.replace(/\\{date:([^}]*)\\}/g, (_, d) => { const v = new Date(d); "
        "return isNaN(v) ? d : v.toLocaleDateString('de-DE', {day: '2-digit', month: '2-digit', year: 'numeric'}); }); "
        "for (const [re, to] of P) { if (re.test(t)) return s.replace(t, de(t.replace(re, to))); } return null; }; "
        "const fix = (n) => { if (n.nodeType === 3) { const v = tr(n.nodeValue); "
        "if (v !== null && v !== n.nodeValue) n.nodeValue = v; return; } "
        "if (n.nodeType !== 1 || n.tagName === 'SCRIPT' || n.tagName === 'STYLE') return; "
        "if (n.hasAttribute('lang') && n !== document.documentElement) return; "
        "for (const a of D.attributes) { const v = n.getAttribute(a); if (v) { const w = tr(v); "
        "if (w !== null && w !== v) n.setAttribute(a, w); } } "
        "for (const c of n.childNodes) fix(c); }; "
        "const own = (n) => { const e = n.nodeType === 1 ? n : n.parentElement; "
        "const l = e ? e.closest('[lang]') : null; if (!l || l === document.documentElement) fix(n); }; "
        "document.documentElement.lang = 'de'; fix(document.body); "
        "new MutationObserver((ms) => { for (const m of ms) { "
        "if (m.type === 'childList') m.addedNodes.forEach(own); else own(m.target); } })"
        ".observe(document.body, {subtree: true, childList: true, characterData: true, "
        "attributes: true, attributeFilter: D.attributes}); }</script>"
    )
