"""The certificate's layout as data: every position, font, colour and printed label in one place.

Positions are millimetres, measured from the page's top-left corner (as on a ruler laid on paper);
the renderer converts them to PDF points. To move or restyle something, change a value here — the
renderer (certificates/render.py) holds no numbers of its own. Labels are German with an English
subtitle; user data is never part of this file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

from schemas.vocabulary import Skill

from .fonts import BOLD, ITALIC, REGULAR

Align = Literal["left", "right", "center"]


@dataclass(frozen=True)
class Font:
    name: str
    size: float  # points
    leading: float = 0.0  # line distance in points; 0 = 1.25 × size

    @property
    def line(self) -> float:
        return self.leading or self.size * 1.25


@dataclass(frozen=True)
class Label:
    de: str
    en: str


FONTS: MappingProxyType[str, Font] = MappingProxyType(
    {
        "header_city": Font(BOLD, 12),
        "header_provider": Font(BOLD, 10.5),
        "header_small": Font(REGULAR, 8),
        "title": Font(BOLD, 17),
        "subtitle": Font(ITALIC, 10.5),
        "label": Font(REGULAR, 7.5),
        "label_en": Font(ITALIC, 6.5),
        "name": Font(BOLD, 14),
        "value": Font(BOLD, 11),
        "intro": Font(REGULAR, 9),
        "intro_en": Font(ITALIC, 8),
        "table_head": Font(BOLD, 8),
        "table_head_en": Font(ITALIC, 7),
        "skill": Font(BOLD, 9.5),
        "skill_en": Font(ITALIC, 7.5),
        "level": Font(BOLD, 15),
        "can_do": Font(REGULAR, 8.5, 10.5),
        "can_do_en": Font(ITALIC, 7.5, 9.2),
        "section": Font(BOLD, 8.5),
        "section_en": Font(ITALIC, 7),
        "body": Font(REGULAR, 8.5, 10.5),
        "disclaimer": Font(BOLD, 8, 10),
        "disclaimer_en": Font(ITALIC, 7.5, 9.2),
        "sign_value": Font(REGULAR, 9.5),
        "small": Font(REGULAR, 7),
        "hint": Font(REGULAR, 6.8),
        "hint_en": Font(ITALIC, 6.3),
        "code": Font(BOLD, 12),
        "footer": Font(REGULAR, 7),
        # Specimen/demo mark: the largest sizes; the renderer shrinks each line to fit the diagonal.
        "specimen": Font(BOLD, 120),
        "specimen_note": Font(BOLD, 26),
        "specimen_note_en": Font(ITALIC, 22),
        "specimen_line": Font(BOLD, 8.5),
    }
)

COLORS: MappingProxyType[str, str] = MappingProxyType(
    {
        "text": "#1a1a1a",
        "accent": "#1f3a5f",  # dark blue: title, rules, levels
        "muted": "#555b63",  # English subtitles and labels (contrast 6.6:1 on white)
        "rule": "#8d99a6",
        "shade": "#e9eef4",  # table header and disclaimer background
        "specimen": "#7d8590",  # the diagonal mark, drawn with specimen_alpha: light grey on paper
        "specimen_line": "#b03a2e",  # the line above the title: dark red, also readable in black and white
    }
)

LABELS: MappingProxyType[str, Label] = MappingProxyType(
    {
        "header_guide": Label(
            "Gemeinsamer Interviewleitfaden der Sprachkursträger",
            "Common interview guide of the language course providers",
        ),
        "title": Label("Bescheinigung über die Sprachstandsfeststellung", "Certificate of language assessment"),
        "family_name": Label("Familienname", "Surname"),
        "given_names": Label("Vorname(n)", "Given name(s)"),
        "birth_date": Label("Geburtsdatum", "Date of birth"),
        "interview_date": Label("Datum des Gesprächs", "Date of interview"),
        "number": Label("Bescheinigungsnummer", "Certificate number"),
        "provider": Label("Sprachkursträger", "Language course provider"),
        "intro": Label(
            "hat an einer Sprachstandsfeststellung nach dem gemeinsamen Interviewleitfaden teilgenommen. "
            "Erreichte Niveaus je Fertigkeit nach dem Gemeinsamen Europäischen Referenzrahmen (GER):",
            "has taken part in a language assessment following the common interview guide. "
            "Levels reached per skill according to the Common European Framework of Reference (CEFR):",
        ),
        "col_skill": Label("Fertigkeit", "Skill"),
        "col_level": Label("Niveau", "Level"),
        "col_can_do": Label("Das kann die Person", "What the person can do"),
        "literacy": Label("Alphabetisierung", "Literacy"),
        "recommendation": Label("Kursempfehlung", "Course recommendation"),
        "disclaimer": Label(
            "Diese Bescheinigung dokumentiert das Ergebnis einer Sprachstandsfeststellung. "
            "Sie ist kein Zertifikat einer amtlichen oder standardisierten Sprachprüfung.",
            "This certificate documents the result of a language assessment. "
            "It is not the certificate of an official or standardised language examination.",
        ),
        "place_date": Label("Ort, Datum", "Place, date"),
        "signature": Label("Unterschrift", "Signature"),
        "stamp": Label("Stempel", "Stamp"),
        "verify": Label("Echtheit prüfen", "Verify authenticity"),
        "verify_hint": Label(
            "QR-Code scannen oder Nummer und Prüfcode eingeben unter",
            "Scan the QR code or enter number and code at",
        ),
        "code": Label("Prüfcode", "Verification code"),
        "guide": Label("Leitfaden", "Guide"),
        "specimen": Label("MUSTER", "SPECIMEN"),
        "specimen_note": Label("Beispieldaten, keine gültige Bescheinigung", "sample data, not a valid certificate"),
    }
)

# What changes in the printed wording from guide version 2 on (``CertificateData.wording``): the
# levels are estimated in an interview, oriented on the CEFR, and the method says so; the table
# describes the level rather than claiming what the person can do; the disclaimer names what the
# paper is no proof for. Wording 1 stays as it was, so certificates issued with it reprint unchanged.
WORDING_CHANGES: MappingProxyType[int, MappingProxyType[str, Label]] = MappingProxyType(
    {
        1: MappingProxyType({}),
        2: MappingProxyType(
            {
                "title": Label(
                    "Bescheinigung über die Sprachstandsfeststellung", "Record of a language assessment interview"
                ),
                "intro": Label(
                    "hat an einem Gespräch zur Sprachstandsfeststellung nach dem gemeinsamen Interviewleitfaden "
                    "teilgenommen. Eingeschätzte Niveaus, orientiert am GER (Gemeinsamer Europäischer "
                    "Referenzrahmen für Sprachen) – ermittelt mit Checklisten von Kann-Beschreibungen und durch "
                    "Beobachtung im Gespräch, bei Bedarf mit Dolmetscherin oder Dolmetscher:",
                    "has taken part in a language assessment interview following the common interview guide. "
                    "Estimated levels, oriented on the CEFR (Common European Framework of Reference for "
                    "Languages) – based on can-do checklists and observation during the interview, with an "
                    "interpreter where needed:",
                ),
                "col_can_do": Label("Beschreibung der Stufe", "Description of the level"),
                "disclaimer": Label(
                    "Diese Bescheinigung hält das Ergebnis eines Gesprächs zur Sprachstandsfeststellung fest. Sie "
                    "ist kein Zertifikat einer amtlichen oder standardisierten Sprachprüfung und kein Nachweis von "
                    "Deutschkenntnissen für Aufenthalt, Einbürgerung, Studium oder Anerkennung.",
                    "This record documents the result of a language assessment interview. It is not the "
                    "certificate of an official or standardised language examination and no proof of German "
                    "language skills for residence, naturalisation, study or recognition.",
                ),
            }
        ),
    }
)
# Above the title of the copy for the counseling office (``render_counseling_copy``).
COUNSELING_COPY = Label(
    "Exemplar für die Beratungsstelle – mit Alphabetisierung und Kursempfehlung",
    "Copy for the counseling office",
)

# The vocabulary's names of the skills, German with the English subtitle.
SKILL_LABELS: MappingProxyType[Skill, Label] = MappingProxyType(
    {skill: Label(skill.label, skill.label_en) for skill in Skill}
)


@dataclass(frozen=True)
class Layout:
    """Named positions (mm from the top-left corner) and sizes of every part of the page."""

    page_width: float = 210.0
    page_height: float = 297.0
    left: float = 20.0  # left margin
    right: float = 190.0  # right margin edge (page width − 20)

    # Header: logos in the outer corners, names beside them, a rule below.
    header_top: float = 14.0
    logo_height: float = 16.0
    logo_max_width: float = 34.0
    logo_gap: float = 4.0
    header_rule: float = 34.0

    # Title block.
    title_baseline: float = 47.0
    subtitle_baseline: float = 53.5

    # Learner block: two columns of label/value pairs.
    learner_top: float = 59.0
    learner_row: float = 11.5
    learner_right_col: float = 126.0
    name_max_width: float = 102.0

    # Everything between flow_top and flow_bottom flows: intro, skills table, literacy,
    # recommendation, disclaimer. Texts shrink a little if a long recommendation needs room.
    flow_top: float = 97.0
    flow_bottom: float = 224.0
    block_gap: float = 4.0
    col_skill: float = 46.0  # widths of the table's columns
    col_level: float = 22.0
    cell_pad: float = 2.0
    min_row: float = 11.5

    # Signatures and stamp.
    sign_line: float = 243.0  # baseline of the signature lines
    sign_place_width: float = 50.0
    sign_col2: float = 80.0
    sign_width: float = 60.0
    stamp_left: float = 155.0
    stamp_size: float = 28.0  # diameter of the stamp circle
    stamp_top: float = 226.0

    # Verification box with the QR code.
    verify_top: float = 253.0
    verify_height: float = 32.0
    qr_size: float = 28.0

    footer_baseline: float = 290.0

    # Specimen/demo mark: three lines along the page diagonal over everything, translucent so the
    # page stays readable, using at most this share of the diagonal; plus one line above the title.
    specimen_alpha: float = 0.25
    specimen_span: float = 0.72
    specimen_line_baseline: float = 39.2
    counseling_line_baseline: float = 9.5  # the counseling copy's mark, above the header

    fonts: MappingProxyType[str, Font] = field(default_factory=lambda: FONTS)
    colors: MappingProxyType[str, str] = field(default_factory=lambda: COLORS)
    labels: MappingProxyType[str, Label] = field(default_factory=lambda: LABELS)
    skill_labels: MappingProxyType[Skill, Label] = field(default_factory=lambda: SKILL_LABELS)

    @property
    def width(self) -> float:
        return self.right - self.left

    def for_wording(self, wording: int) -> Layout:
        """This layout with the labels of a printed wording (1: the labels as they are)."""
        changes = WORDING_CHANGES.get(wording)
        if changes is None:
            raise ValueError(f"Die Fassung {wording} des Bescheinigungstextes gibt es nicht.")
        if not changes:
            return self
        return replace(self, labels=MappingProxyType({**self.labels, **changes}))


DEFAULT_LAYOUT = Layout()
