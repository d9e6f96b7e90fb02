"""The readable rule book of a guide, in German: how levels are found, literacy, the placement facts,
the placement rules with their sources, formats, warnings and the course types – for the providers and
the city to agree on (``python manage.py explain-guide FILE --out regeln.md|regeln.pdf``).

Pure: a guide in, a list of blocks out (``rulebook``); ``markdown`` renders them as text, and
``documents.rulebook_pdf`` as a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from questionnaire.condition_text import describe
from questionnaire.fact_table import FACTS
from questionnaire.levels import level_name
from questionnaire.skill_levels import percent
from schemas.guide import FactSource, Guide, LevelRef

Kind = Literal["h1", "h2", "h3", "p", "li", "row"]


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str = ""
    cells: tuple[str, ...] = ()  # rows of a two-column table


_START = {
    "min": "niedrigste Fertigkeit",
    "max": "höchste Fertigkeit",
    "composite": "Start-Niveau aus den fünf Fertigkeiten (DTZ-ähnlich, siehe Abschnitt 2)",
}


def _start(guide: Guide, start: str | LevelRef) -> str:
    if isinstance(start, LevelRef):
        if start.level in _START:
            return _START[start.level]
        conf = guide.scoring.skills.get(start.level) if guide.scoring else None  # type: ignore[call-overload]
        return f"Niveau {guide.text(conf.label) if conf else start.level}"
    return level_name(start) or start


def _levels(guide: Guide) -> list[Block]:
    blocks = [Block("h2", "1. Wie die Niveaus entstehen")]
    if guide.scoring is None:
        return [*blocks, Block("p", "Dieser Leitfaden stuft keine Niveaus ein.")]
    blocks.append(
        Block(
            "p",
            f"Eine Stufe gilt als erreicht, wenn mindestens {percent(guide.scoring.threshold)} ihrer Kann-Aussagen "
            "angekreuzt sind, und zählt nur, wenn alle Stufen darunter auch erreicht sind. Wo es eine Pre-A1-Liste "
            "gibt, zählt A1 erst nach Pre-A1; wird auch Pre-A1 nicht erreicht, bleibt die Fertigkeit auf der "
            "untersten Stufe Pre-A1.",
        )
    )
    for conf in guide.scoring.skills.values():
        label = guide.text(conf.label)
        if conf.method == "observation":
            text = f"{label}: Es entscheidet die Beobachtung im Gespräch; die Checkliste steht daneben."
        elif conf.decision_question:
            rating = guide.text(_label(guide, conf.rating_question))
            text = (
                f"{label}: Die Checkliste gibt das Niveau; weicht die Einschätzung („{rating}“) ab, legt die "
                "Person, die das Gespräch führt, das Niveau fest und begründet es."
            )
        elif conf.override_question:
            text = f"{label}: Die Checkliste gibt das Niveau; eine abweichende Einstufung braucht eine Begründung."
        else:
            text = f"{label}: Die Checkliste gibt das Niveau."
        blocks.append(Block("li", text))
    return blocks


def _label(guide: Guide, qid: str | None) -> dict[str, str] | None:
    question = guide.question(qid) if qid else None
    return question.label if question is not None else None


def _start_level(guide: Guide) -> list[Block]:
    return [
        Block("h2", "2. Start-Niveau"),
        Block(
            "p",
            "Das Start-Niveau ist nicht das Minimum der fünf Fertigkeiten, sondern folgt der Regel des Deutsch-Tests "
            "für Zuwanderer (DTZ): Eine Stufe gilt, wenn sie beim Sprechen und in mindestens einem der Teile "
            "Hören/Lesen oder Schreiben erreicht ist. Berechnet wird: Sprechen = Mittel aus „An Gesprächen "
            "teilnehmen“ und „Zusammenhängend sprechen“ (abgerundet); Hören/Lesen = Mittel aus Hören und Lesen "
            "(abgerundet); Start-Niveau = das kleinere von Sprechen und dem größeren von Hören/Lesen und Schreiben.",
        ),
    ]


def _literacy(guide: Guide) -> list[Block]:
    blocks = [Block("h2", "3. Schriftsprache (erste zutreffende Regel gilt)")]
    for rule in guide.literacy:
        when = "Sonst" if rule.when == "always" else f"Wenn {describe(rule.when, guide)}"
        blocks.append(Block("li", f"{when}: {guide.text(rule.explanation)}"))
    return blocks


def _source(guide: Guide, source: FactSource) -> str:
    if source.when is not None:
        return f"ja, wenn {describe(source.when, guide)}"
    if source.age is not None:
        return f"volle Jahre aus {_quoted_label(guide, source.age)} bis zum Tag des Gesprächs"
    text = f"Antwort auf {_quoted_label(guide, source.question or '')}"
    if source.map:
        pairs = ", ".join(f"{k} → {v if v is not None else 'weggelassen'}" for k, v in source.map.items())
        text += f" ({pairs})"
    return text


def _quoted_label(guide: Guide, qid: str) -> str:
    question = guide.question(qid)
    return f"„{guide.text(question.label)}“" if question is not None else qid


def _placement(guide: Guide) -> list[Block]:
    block = guide.placement
    if block is None:
        return _recommendations(guide)
    labels = {c.value: guide.text(c.label) for c in guide.course_types}
    blocks = [Block("h2", "4. Fakten aus dem Interview"), Block("row", cells=("Fakt", "Quelle"))]
    blocks += [Block("row", cells=(FACTS[n].label, _source(guide, s))) for n, s in block.facts.items() if n in FACTS]
    blocks.append(Block("p", "Die Niveaus der fünf Fertigkeiten kommen aus der Einstufung (Abschnitt 1)."))
    blocks.append(Block("h2", "5. Platzierungsregeln (die erste zutreffende Regel gilt)"))
    for number, rule in enumerate(block.rules, start=1):
        blocks.append(Block("h3", f"Regel {number} ({rule.id}): {labels.get(rule.course, rule.course)}"))
        blocks.append(Block("li", f"Wenn: {describe(rule.when, guide)}"))
        blocks.append(Block("li", f"Start-Niveau: {_start(guide, rule.start_level)}"))
        blocks.append(Block("li", f"Begründung: {guide.text(rule.reason)}"))
        if rule.warning:
            blocks.append(Block("li", f"Hinweis: {guide.text(rule.warning)}"))
        if rule.source:
            blocks.append(Block("li", f"Quelle: {rule.source}"))
    blocks.append(Block("h2", "6. Kursformen (jede zutreffende Regel gilt, zu jeder Kursart)"))
    for fmt in block.formats:
        blocks.append(Block("li", f"{fmt.format}: wenn {describe(fmt.when, guide)} – {guide.text(fmt.reason)}"))
    blocks.append(Block("h2", "7. Hinweise für Interview und Beratungsstelle"))
    for warning in block.warnings:
        blocks.append(Block("li", f"Wenn {describe(warning.when, guide)}: {guide.text(warning.message)}"))
    if block.override is not None:
        blocks.append(Block("h2", "8. Abweichende Kursempfehlung"))
        blocks.append(
            Block(
                "p",
                f"Eine Kursempfehlung, die von den Regeln abweicht, wird unter "
                f"{_quoted_label(guide, block.override.course_question)} festgelegt und braucht eine Begründung "
                f"({_quoted_label(guide, block.override.reason_question)})"
                + (
                    f" und einen Nachweis ({_quoted_label(guide, block.override.evidence_question)})"
                    if block.override.evidence_question
                    else ""
                )
                + ". Die Regel-Empfehlung bleibt daneben sichtbar.",
            )
        )
    return blocks


def _recommendations(guide: Guide) -> list[Block]:
    labels = {c.value: guide.text(c.label) for c in guide.course_types}
    blocks = [Block("h2", "4. Empfehlungsregeln (die erste zutreffende Regel gilt)")]
    for number, rule in enumerate(guide.recommendations, start=1):
        blocks.append(Block("h3", f"Regel {number} ({rule.id}): {labels.get(rule.course, rule.course)}"))
        blocks.append(Block("li", f"Wenn: {describe(rule.when, guide)}"))
        blocks.append(Block("li", f"Start-Niveau: {_start(guide, rule.start_level)}"))
        blocks.append(Block("li", f"Begründung: {guide.text(rule.reason)}"))
    return blocks


def rulebook(guide: Guide) -> list[Block]:
    """The rule book of one guide version as blocks (headings, paragraphs, list items, table rows)."""
    state = " (in Vorbereitung)" if guide.status == "in_preparation" else ""
    blocks = [
        Block("h1", f"Regelwerk: {guide.text(guide.title)}"),
        Block("p", f"Leitfaden {guide.id}, Version {guide.version}{state}. Erzeugt aus der Leitfaden-Datei; "
                   "die Quellen der Platzierungsregeln stehen in docs/placement.md."),
    ]
    blocks += _levels(guide) + _start_level(guide) + _literacy(guide) + _placement(guide)
    blocks.append(Block("h2", "Kursarten"))
    blocks.append(Block("row", cells=("Kursart", "Beschreibung")))
    for course in guide.course_types:
        blocks.append(Block("row", cells=(guide.text(course.label), guide.text(course.description))))
    return blocks


def markdown(blocks: list[Block]) -> str:
    """The rule book as Markdown."""
    lines: list[str] = []
    in_table = False
    for block in blocks:
        if block.kind == "row":
            if not in_table:
                lines += ["", f"| {block.cells[0]} | {block.cells[1]} |", "|---|---|"]
                in_table = True
            else:
                lines.append("| " + " | ".join(c.replace("|", "/") for c in block.cells) + " |")
            continue
        in_table = False
        prefix = {"h1": "# ", "h2": "\n## ", "h3": "\n### ", "p": "\n", "li": "- "}[block.kind]
        lines.append(prefix + block.text)
    return "\n".join(lines).strip() + "\n"
