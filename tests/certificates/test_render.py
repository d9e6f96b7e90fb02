"""The PDF as a person checking a certificate reads it: names, levels, number, code, QR, fonts."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pypdf
import pytest

from certificates import pdf_sha256, render_certificate, render_many, render_zip
from certificates.layout import LABELS, SKILL_LABELS
from schemas.vocabulary import Skill

from .helpers import STANDARD_14, decode_qr, make_data, page_fonts, pdf_text, render_png

INTERNATIONAL_NAMES = [
    ("Yılmaz", "Şükrü İbrahim Ağaoğlu"),  # Turkish dotless/dotted i, ş, ğ
    ("Łukasiewicz-Żółkowska", "Małgorzata Ewa"),  # Polish
    ("Țurcanu", "Ștefan Mihăiță"),  # Romanian comma-below letters
    ("Nguyễn", "Thị Phương Thở"),  # Vietnamese stacked diacritics
    ("Dvořák", "Jiří Čeněk"),  # Czech
    ("Παπαδοπούλου", "Αικατερίνη"),  # Greek
    ("Шевченко", "Олександра Юріївна"),  # Ukrainian Cyrillic
    ("Кузнецов", "Дмитрий Сергеевич"),  # Russian
    ("Müller-Lüdenscheidt", "Jürgen Groß"),  # German
    ("García Márquez de la Concepción y Fernández-Villaverde", "María de los Ángeles Guadalupe"),  # long double
    ("O'Brien-Ó Súilleabháin", "Seán"),  # apostrophe, Irish
    ("Ahmadi", ""),  # no given name
]


@pytest.mark.parametrize(("family", "given"), INTERNATIONAL_NAMES)
def test_international_names_print_exactly(family: str, given: str) -> None:
    text = pdf_text(render_certificate(make_data(family_name=family, given_names=given)))
    assert family in text
    assert given in text


def test_levels_print_in_the_row_of_their_skill() -> None:
    data = make_data()
    text = pdf_text(render_certificate(data))
    position = 0
    for skill in Skill:
        label = SKILL_LABELS[skill].de
        start = text.index(label.split()[0], position)
        level_at = text.index(f" {data.levels[skill]} ", start)
        assert level_at > start
        position = level_at
    assert "Pre-A1" in text


def test_number_code_dates_and_can_do_print() -> None:
    data = make_data(recommendation="Integrationskurs, Einstieg Modul 3")
    text = pdf_text(render_certificate(data))
    for expected in [
        data.number,
        data.verification_code,
        "03.04.1990",  # birth date
        "12.11.2026",  # interview date
        "Musterstadt, 20.11.2026",  # place and issue date
        "Volkshochschule Musterstadt",
        "Kann längeren Redebeiträgen folgen.",
        "Can follow extended speech.",
        "In lateinischer Schrift alphabetisiert.",
        "Integrationskurs, Einstieg Modul 3",
        "Erika Mustermann",
        f"Echtheit prüfen: {data.public_url} · Nummer {data.number} · Code {data.verification_code}",
    ]:
        assert expected in text, expected


def test_states_that_it_is_not_an_exam_certificate_in_german_and_english() -> None:
    text = pdf_text(render_certificate(make_data()))
    assert "Sie ist kein Zertifikat einer amtlichen oder standardisierten Sprachprüfung." in text
    assert "It is not the certificate of an official or standardised language examination." in text
    assert LABELS["title"].de in text and LABELS["title"].en in text


def test_text_uses_only_the_embedded_dejavu_fonts() -> None:
    fonts = page_fonts(render_certificate(make_data(family_name="Şahin")))
    assert fonts, "no fonts on the page"
    for base_font, font in fonts.items():
        prefix, _, name = base_font.partition("+")
        assert name.startswith("DejaVuSans"), base_font
        assert len(prefix) == 6  # a subset tag: the font is embedded, not referenced
        assert name not in STANDARD_14
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else None
        descriptor = descriptor or font["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object()


def test_same_data_renders_identical_bytes_also_in_a_fresh_process() -> None:
    data = make_data(family_name="Dvořák")
    first = render_certificate(data)
    assert render_certificate(data) == first
    script = (
        "import sys, hashlib; sys.path.insert(0, '.');"
        "from schemas.certificate import CertificateData; from certificates import render_certificate;"
        "data = CertificateData.model_validate_json(sys.stdin.read());"
        "print(hashlib.sha256(render_certificate(data)).hexdigest())"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", script],
        input=data.model_dump_json(),
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
    )
    assert out.stdout.strip() == pdf_sha256(first) == hashlib.sha256(first).hexdigest()


def test_markup_in_names_prints_literally() -> None:
    family, given = "<b>Bold</b> & Söhne <i>", "Anna (Jr.) \\ <font size=40>x</font>"
    text = pdf_text(render_certificate(make_data(family_name=family, given_names=given)))
    assert family in text
    assert given in text


def test_qr_code_decodes_to_the_verification_url(tmp_path: Path) -> None:
    data = make_data(family_name="Łukasiewicz")
    assert decode_qr(render_png(render_certificate(data), tmp_path)) == [data.verify_url]
    assert data.verify_url.startswith("https://sprachstand.musterstadt.de/pruefen?verify=SPR-2026-000123&code=")


def test_qr_code_of_a_long_public_url_still_decodes(tmp_path: Path) -> None:
    from certificates.codes import with_verification
    from schemas.certificate import CertificateData

    from .helpers import KEY, base_fields

    url = "https://www.sprachkurse.beispielstadt-am-main.de/dienste/sprachstand/oeffentlich/bescheinigung-pruefen"
    data = with_verification(CertificateData(**base_fields()), KEY, url)
    assert decode_qr(render_png(render_certificate(data), tmp_path)) == [data.verify_url]


def test_pdf_metadata_title_language_and_author() -> None:
    data = make_data()
    reader = pypdf.PdfReader(io.BytesIO(render_certificate(data)))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == f"{LABELS['title'].de} – {data.number}"
    assert meta.author == data.provider_name
    assert "kein Zertifikat" in (meta.subject or "")
    assert meta.creator == "Sprachstand"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de-DE"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    assert len(reader.pages) == 1
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 595, 842]  # A4


def test_render_many_gives_one_page_per_certificate() -> None:
    names = ["Yılmaz", "Nowak", "Шевченко"]
    items = [make_data(number=f"SPR-2026-00000{i}", family_name=name) for i, name in enumerate(names, start=1)]
    pdf = render_many(items)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 3
    for page, (item, name) in enumerate(zip(items, names, strict=True)):
        text = pdf_text(pdf, page)
        assert name in text and item.number in text and item.verification_code in text


def test_batch_rendering_reports_progress_per_certificate() -> None:
    items = [make_data(number=f"SPR-2026-00002{i}") for i in range(3)]
    seen: list[tuple[int, int]] = []
    render_many(items, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    seen.clear()
    render_zip(items, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_render_many_refuses_an_empty_batch() -> None:
    with pytest.raises(ValueError, match="Keine Bescheinigungen"):
        render_many([])


def test_zip_holds_one_pdf_per_certificate_equal_to_a_single_render() -> None:
    items = [make_data(number=f"SPR-2026-00001{i}") for i in range(3)]
    archive = zipfile.ZipFile(io.BytesIO(render_zip(items)))
    assert archive.namelist() == [f"{item.number}.pdf" for item in items]
    for item in items:
        assert archive.read(f"{item.number}.pdf") == render_certificate(item)
    assert render_zip(items) == render_zip(items)


@pytest.mark.parametrize(
    ("family", "char"), [("عبدالله", "ع"), ("כהן", "כ"), ("王", "王"), ("Anna\u200dB", "\u200d"), ("Tab\tName", "\t")]
)
def test_characters_the_font_cannot_draw_are_refused_with_a_german_message(family: str, char: str) -> None:
    with pytest.raises(ValueError) as error:
        render_certificate(make_data(family_name=family))
    message = str(error.value)
    assert "Familienname" in message and "Schrift" in message
    assert f"U+{ord(char):04X}" in message


def test_unissued_data_without_code_is_refused() -> None:
    from schemas.certificate import CertificateData

    from .helpers import base_fields

    with pytest.raises(ValueError, match="Prüfcode"):
        render_certificate(CertificateData(**base_fields()))


def test_longest_valid_texts_still_fit_on_one_page() -> None:
    sentence = "Kann Gespräche über vertraute Themen aus Alltag, Arbeit und Familie verstehen und beantworten. " * 3
    long_name = "Wolfeschlegelsteinhausenbergerdorff-" * 4
    data = make_data(
        family_name=long_name[:120],
        given_names=("Maria-Magdalena Theodora " * 6)[:120].strip(),
        provider_name=("Evangelische Familienbildungsstätte und Sprachschule " * 4)[:100].strip(),
        provider_address=("Hauptstraße 123, Hinterhaus, 3. OG " * 7)[:120].strip(),
        can_do={skill: {"de": sentence[:140], "en": sentence[:140]} for skill in Skill},
        literacy=sentence[:200],
        recommendation=sentence[:300],
    )
    pdf = render_certificate(data)
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    text = pdf_text(pdf).replace(" ", "")
    assert data.family_name.replace(" ", "") in text
    assert "Sieistkein Zertifikat".replace(" ", "") in text


def test_logos_are_embedded_as_images() -> None:
    from PIL import Image

    def image_bytes(fmt: str, color: str) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (120, 60), color).save(out, fmt)
        return out.getvalue()

    data = make_data(city_logo=image_bytes("PNG", "navy"), provider_logo=image_bytes("JPEG", "darkred"))
    page = pypdf.PdfReader(io.BytesIO(render_certificate(data))).pages[0]
    images = [x for x in page["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 2


def test_specimen_is_marked_above_the_title_and_across_the_page() -> None:
    line = "MUSTER – Beispieldaten, keine gültige Bescheinigung · SPECIMEN – sample data, not a valid certificate"
    marked = pdf_text(render_certificate(make_data(specimen=True)))
    assert line in marked
    across = marked.replace(line, "")
    assert "MUSTER" in across and "Beispieldaten, keine gültige Bescheinigung" in across
    assert "SPECIMEN – sample data, not a valid certificate" in across
    real = pdf_text(render_certificate(make_data()))
    assert "MUSTER" not in real and "Beispieldaten" not in real and "SPECIMEN" not in real


def test_the_pdf_is_dated_with_the_issue_date_not_2000() -> None:
    data = make_data(issued_on=date(2026, 11, 20))
    pdf = render_certificate(data)
    meta = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and meta.creation_date is not None and meta.modification_date is not None
    assert meta.creation_date.date() == meta.modification_date.date() == date(2026, 11, 20)
    assert render_certificate(data) == pdf  # still deterministic
    later = make_data(number="SPR-2026-000124", issued_on=date(2026, 12, 1))
    batch = pypdf.PdfReader(io.BytesIO(render_many([data, later]))).metadata
    assert batch is not None and batch.creation_date is not None
    assert batch.creation_date.date() == date(2026, 12, 1)  # a batch: its latest issue date


def test_concurrent_rendering_gives_the_same_bytes_as_sequential() -> None:
    from concurrent.futures import ThreadPoolExecutor

    items = [
        make_data(number=f"SPR-2026-0000{i:02d}", family_name=name) for i, (name, _) in enumerate(INTERNATIONAL_NAMES)
    ]
    expected = [pdf_sha256(render_certificate(item)) for item in items]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda item: pdf_sha256(render_certificate(item)), items)) == expected


def test_layout_is_data_a_changed_label_and_an_overridden_section_print() -> None:
    from dataclasses import replace
    from types import MappingProxyType

    from certificates import CertificateRenderer
    from certificates.layout import DEFAULT_LAYOUT, Label

    labels = MappingProxyType({**LABELS, "stamp": Label("Dienstsiegel", "Official seal")})

    class WithoutSignatures(CertificateRenderer):
        def draw_signatures(self, c, data):  # type: ignore[no-untyped-def]
            self.text(c, 20, 243, "Elektronisch erstellt, ohne Unterschrift gültig.", "body")

    renderer = WithoutSignatures(replace(DEFAULT_LAYOUT, labels=labels))
    text = pdf_text(renderer.render(make_data()))
    assert "Elektronisch erstellt, ohne Unterschrift gültig." in text
    assert "Unterschrift / Signature" not in text.replace("  ", " ")
    plain = pdf_text(CertificateRenderer(replace(DEFAULT_LAYOUT, labels=labels)).render(make_data()))
    assert "Dienstsiegel" in plain and "Official seal" in plain
