"""Bounded uploads, as an attacker would try them: the PDF, PNG and YAML bombs are refused within 1 s
and 200 MB (time measured here, peak memory in a fresh interpreter), before any parser walks them."""

from __future__ import annotations

import io

import pytest

import store
from security import uploads
from store.verification import numbers_in_pdf, verify_pdf
from tests.store.conftest import Cast
from tests.uploads.bombs import big_yaml, huge_png, many_pages_pdf, peak_memory_mb, timed

SECONDS = 1.0
MEGABYTES = 200.0


@pytest.fixture(scope="module")
def pdf_bomb() -> bytes:
    pdf = many_pages_pdf(100_000)
    assert 9_500_000 < len(pdf) < 11_000_000
    return pdf


def test_a_10_mb_pdf_of_100000_pages_is_refused_quickly(db: Cast, pdf_bomb: bytes) -> None:
    elapsed, check = timed(lambda: verify_pdf(pdf_bomb, "203.0.113.7"))
    assert elapsed < SECONDS, elapsed
    assert not check.found and check.result.status == "unknown"


def test_a_pdf_under_the_size_limit_with_45000_pages_is_refused_quickly_too() -> None:
    pdf = many_pages_pdf(45_000)
    assert len(pdf) < uploads.MAX_PDF_BYTES
    elapsed, found = timed(lambda: numbers_in_pdf(pdf))
    assert found is None and elapsed < SECONDS, elapsed


def test_the_pdf_bombs_cost_less_than_200_mb() -> None:
    for pages in (100_000, 45_000):
        peak = peak_memory_mb(
            f"from tests.uploads.bombs import many_pages_pdf\n"
            f"from store.verification import numbers_in_pdf\n"
            f"pdf = many_pages_pdf({pages})",
            "assert numbers_in_pdf(pdf) is None",
        )
        assert peak < MEGABYTES, (pages, peak)


def test_a_two_page_pdf_is_not_read_at_all() -> None:
    assert uploads.certificate_pdf_text(many_pages_pdf(2)) is None
    assert uploads.certificate_pdf_text(many_pages_pdf(1)) == ""


def test_a_17_kb_png_of_12000_by_12000_pixels_is_refused_as_a_logo(db: Cast) -> None:
    png = huge_png(12_000, 12_000)
    assert len(png) < 200_000
    elapsed, refused = timed(lambda: _refusal(lambda: store.update_provider(db.admin, db.provider_a, logo=png)))
    assert elapsed < SECONDS, elapsed
    assert "12000 × 12000 Bildpunkte sind zu viele" in refused and "verkleinern" in refused
    assert not any(p.has_logo for p in store.list_providers(db.admin))


def test_the_png_bomb_costs_less_than_200_mb() -> None:
    peak = peak_memory_mb(
        "from tests.uploads.bombs import huge_png\nfrom security.uploads import prepared_logo\n"
        "png = huge_png(12000, 12000)",
        "prepared_logo(png)",
    )
    assert peak < MEGABYTES, peak


def test_a_large_logo_is_stored_scaled_down_to_what_the_certificate_prints(db: Cast) -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (3000, 1500), (29, 78, 137)).save(out, format="JPEG")
    store.update_provider(db.admin, db.provider_a, logo=out.getvalue(), logo_mime="image/png")  # the claim is ignored
    stored = store.provider_logo(db.provider_a)
    assert stored is not None and stored[1] == "image/jpeg"
    with Image.open(io.BytesIO(stored[0])) as image:
        assert image.size == (760, 380)  # within 800 × 380, the proportions kept


def test_not_a_picture_is_refused_as_a_logo(db: Cast) -> None:
    for data in (b"this is not a picture", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, b"GIF89a" + b"\x00" * 100):
        refused = _refusal(lambda data=data: store.update_provider(db.admin, db.provider_a, logo=data))
        assert "kein PNG- oder JPEG-Bild" in refused


def test_a_9_8_mb_guide_file_is_refused_quickly(db: Cast) -> None:
    data = big_yaml(9.8)
    elapsed, refused = timed(lambda: _refusal(lambda: uploads.guide_text(data, "bombe.yaml")))
    assert elapsed < SECONDS, elapsed
    assert "9.8 MB" in refused and "höchstens 1 MB" in refused
    text = data.decode()
    elapsed, refused = timed(lambda: _refusal(lambda: store.upload_guide(db.admin, text)))
    assert elapsed < SECONDS and "höchstens 1 MB" in refused, elapsed
    assert [g.source for g in store.list_guides(db.admin)].count("uploaded") == 1  # the cast's test guide only


def test_the_yaml_bomb_costs_less_than_200_mb() -> None:
    peak = peak_memory_mb(
        "from tests.uploads.bombs import big_yaml\nfrom security.uploads import guide_text\ndata = big_yaml(9.8)",
        "guide_text(data)",
    )
    assert peak < MEGABYTES, peak


def test_a_small_guide_file_with_too_many_items_is_refused_before_the_full_check() -> None:
    data = big_yaml(0.45)  # about 8,000 questions: 60,000 YAML events in 0.45 MB
    elapsed, refused = timed(lambda: _refusal(lambda: uploads.guide_text(data, "viel.yaml")))
    assert "zu viele Einträge" in refused
    assert elapsed < 2 * SECONDS, elapsed


def test_the_bundled_guide_is_within_every_limit() -> None:
    from settings import ROOT

    data = (ROOT / "questionnaire" / "guides" / "sprachstand-v1.yaml").read_bytes()
    assert uploads.guide_text(data).startswith("#") or uploads.guide_text(data)


def _refusal(action) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(store.InvalidInput) as refused:
        action()
    return str(refused.value)
