"""The embedded font family: what it can draw, and that it ships with its licence."""

from __future__ import annotations

import pytest

from certificates.fonts import FONT_DIR, describe_characters, missing_glyphs

from .test_render import INTERNATIONAL_NAMES


@pytest.mark.parametrize(("family", "given"), INTERNATIONAL_NAMES)
def test_every_international_name_is_drawable(family: str, given: str) -> None:
    assert missing_glyphs(family + given) == set()


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("محمد", set("محمد")),  # Arabic: glyphs exist in DejaVu, but unshaped and left-to-right = wrong
        ("שלום", set("שלום")),  # Hebrew
        ("李小龙", set("李小龙")),  # CJK: no glyphs at all
        ("Ana\u200cB", {"\u200c"}),  # zero-width non-joiner (Persian): invisible format character
        ("Ana\nB", {"\n"}),
        ("Ahmed محمد", set("محمد")),  # only the offending characters are named
    ],
)
def test_characters_that_would_print_wrongly_are_reported(text: str, missing: set[str]) -> None:
    assert missing_glyphs(text) == missing


def test_decomposed_diacritics_count_as_drawable() -> None:
    assert missing_glyphs("Nguye\u0302\u0303n") == set()  # NFC composes to ễ


def test_description_names_code_point_and_character() -> None:
    assert describe_characters({"ب"}) == "„ب“ (U+0628 ARABIC LETTER BEH)"
    assert describe_characters({"\u200d"}) == "(U+200D ZERO WIDTH JOINER)"


def test_font_files_ship_with_their_licence() -> None:
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        assert (FONT_DIR / name).stat().st_size > 100_000
    licence = (FONT_DIR / "LICENSE").read_text()
    assert "Bitstream" in licence and "Permission is hereby granted" in licence
