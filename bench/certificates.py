"""Certificates per second: Sprachstand's reportlab renderer against WeasyPrint, same content, same run.

    python bench/certificates.py --n 1000

reportlab renders n certificates into one PDF (batch printing, QR codes included). WeasyPrint
renders an equivalent HTML certificate (same texts, same DejaVu fonts, the QR code as inline SVG
from segno) for n/10 certificates into one PDF; both are reported per certificate. Building the
data and the verification codes is not timed (the store does that once, at issue).
"""

from __future__ import annotations

import argparse
import html
import io
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pypdf  # noqa: E402
import segno  # noqa: E402

from certificates import render_certificate, render_many  # noqa: E402
from certificates.fonts import FONT_DIR  # noqa: E402
from certificates.layout import LABELS, SKILL_LABELS  # noqa: E402
from certificates.qr import QR_ERROR, QR_MASK  # noqa: E402
from certificates.sample import sample_certificate  # noqa: E402
from schemas.certificate import CertificateData  # noqa: E402
from schemas.vocabulary import Level, Skill  # noqa: E402

FAMILY = ["Yılmaz", "Nowak", "Nguyễn", "Dvořák", "Шевченко", "Παπαδοπούλου", "Țurcanu", "Müller", "García López"]
GIVEN = ["Şükrü", "Małgorzata", "Thị Ánh", "Jiří", "Олександра", "Αικατερίνη", "Ștefan", "Jürgen", "María José"]


def make_items(n: int) -> list[CertificateData]:
    base = sample_certificate(specimen=False)
    items = []
    for i in range(n):
        levels = {skill: Level.by_rank((i + k) % 5 + 1).label for k, skill in enumerate(Skill)}
        data = sample_certificate(
            number=f"SPR-2026-{i + 1:06d}",
            family_name=f"{FAMILY[i % len(FAMILY)]}-{i}",
            given_names=GIVEN[(i // 3) % len(GIVEN)],
            specimen=False,
        )
        data = data.model_copy(update={"levels": levels, "birth_date": date(1960 + i % 45, 1 + i % 12, 1 + i % 28)})
        items.append(data)
    assert items[0].provider_name == base.provider_name
    return items


CSS = f"""
@font-face {{ font-family: DV; src: url("file://{FONT_DIR}/DejaVuSans.ttf"); }}
@font-face {{ font-family: DV; font-weight: bold; src: url("file://{FONT_DIR}/DejaVuSans-Bold.ttf"); }}
@font-face {{ font-family: DV; font-style: italic; src: url("file://{FONT_DIR}/DejaVuSans-Oblique.ttf"); }}
@page {{ size: A4; margin: 14mm 20mm 10mm 20mm; }}
body {{ font-family: DV; font-size: 8.5pt; color: #1a1a1a; }}
.page {{ page-break-after: always; }}
.en {{ font-style: italic; color: #555b63; font-size: 7pt; }}
header {{ display: flex; justify-content: space-between; border-bottom: 1.2pt solid #1f3a5f; padding-bottom: 4mm; }}
h1 {{ text-align: center; color: #1f3a5f; font-size: 17pt; margin: 8mm 0 0 0; }}
.sub {{ text-align: center; }}
.learner {{ display: grid; grid-template-columns: 106mm 64mm; row-gap: 2mm; margin: 5mm 0; }}
.learner b {{ font-size: 13pt; display: block; }}
table {{ border-collapse: collapse; width: 100%; }}
th {{ background: #e9eef4; text-align: left; }}
td {{ border-bottom: 0.4pt solid #8d99a6; padding: 1.5mm; vertical-align: top; }}
td.level {{ font-size: 15pt; font-weight: bold; color: #1f3a5f; text-align: center; }}
.disclaimer {{ background: #e9eef4; padding: 2.5mm; font-weight: bold; margin-top: 4mm; }}
.verify {{ border: 0.6pt solid #1f3a5f; display: flex; gap: 3mm; margin-top: 18mm; }}
.verify svg {{ width: 28mm; height: 28mm; }}
.code {{ font-size: 12pt; font-weight: bold; color: #1f3a5f; }}
footer {{ text-align: center; font-size: 7pt; color: #555b63; }}
"""


def html_page(data: CertificateData) -> str:
    e = html.escape
    lab = LABELS
    code = data.verification_code
    qr = segno.make_qr(data.verify_url, error=QR_ERROR, mask=QR_MASK).svg_inline(border=4, omitsize=True)
    rows = "".join(
        f"<tr><td><b>{e(SKILL_LABELS[s].de)}</b><div class=en>{e(SKILL_LABELS[s].en)}</div></td>"
        f"<td class=level>{e(data.levels[s])}</td>"
        f"<td>{e(data.can_do[s].de)}<div class=en>{e(data.can_do[s].en)}</div></td></tr>"
        for s in Skill
    )
    return f"""<section class=page>
<header><div><b>{e(data.city_name)}</b><div>{e(lab["header_guide"].de)}</div></div>
<div><b>{e(data.provider_name)}</b><div>{e(data.provider_address)}</div></div></header>
<h1>{e(lab["title"].de)}</h1><div class="sub en">{e(lab["title"].en)}</div>
<div class=learner>
<div>{e(lab["family_name"].de)} <span class=en>{e(lab["family_name"].en)}</span><b>{e(data.family_name)}</b></div>
<div>{e(lab["birth_date"].de)} <span class=en>{e(lab["birth_date"].en)}</span><b>{data.birth_date:%d.%m.%Y}</b></div>
<div>{e(lab["given_names"].de)} <span class=en>{e(lab["given_names"].en)}</span><b>{e(data.given_names)}</b></div>
<div>{e(lab["number"].de)} <span class=en>{e(lab["number"].en)}</span><b>{e(data.number)}</b></div>
</div>
<p>{e(lab["intro"].de)}<br><span class=en>{e(lab["intro"].en)}</span></p>
<table><tr><th>{e(lab["col_skill"].de)}</th><th>{e(lab["col_level"].de)}</th><th>{e(lab["col_can_do"].de)}</th></tr>
{rows}</table>
<p><b>{e(lab["literacy"].de)}</b> {e(data.literacy)}</p>
<p><b>{e(lab["recommendation"].de)}</b> {e(data.recommendation or "")}</p>
<div class=disclaimer>{e(lab["disclaimer"].de)}<div class=en>{e(lab["disclaimer"].en)}</div></div>
<p>{e(data.city_name)}, {data.issued_on:%d.%m.%Y} — {e(lab["signature"].de)}: {e(data.signer_name)}</p>
<div class=verify>{qr}<div><b>{e(lab["verify"].de)}</b>
<div class=code>{e(data.number)} · {e(code)}</div>
<div>{e(data.public_url)}</div></div></div>
<footer>{e(lab["verify"].de)}: {e(data.public_url)} · Nummer {e(data.number)} · Code {e(code)}</footer>
</section>"""


def weasyprint_pdf(items: list[CertificateData]) -> bytes:
    from weasyprint import HTML

    doc = f"<!doctype html><html lang=de><head><meta charset=utf-8><style>{CSS}</style></head><body>"
    doc += "".join(html_page(d) for d in items) + "</body></html>"
    pdf: bytes = HTML(string=doc).write_pdf()
    return pdf


def timed(fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="certificates rendered by reportlab into one PDF")
    parser.add_argument("--weasy-n", type=int, default=0, help="certificates for WeasyPrint (default n/10, ≥ 10)")
    args = parser.parse_args()
    n = args.n
    weasy_n = args.weasy_n or max(10, n // 10)

    items = make_items(max(n, weasy_n))
    render_certificate(items[0])  # warm-up: font registration, first subset, caches of both sides
    weasyprint_pdf(items[:1])

    pdf, seconds = timed(render_many, items[:n])
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert pages == n, (pages, n)
    rl_rate = n / seconds
    size = len(pdf) / n / 1024
    print(f"reportlab  : {n:5d} certificates in one PDF   {seconds:7.2f} s  {rl_rate:8.1f} /s  {size:.1f} KiB each")

    singles = items[: max(1, n // 10)]
    _, single_seconds = timed(lambda xs: [render_certificate(x) for x in xs], singles)
    single_rate = len(singles) / single_seconds
    print(f"reportlab  : {len(singles):5d} single-certificate PDFs {single_seconds:7.2f} s  {single_rate:8.1f} /s")

    wpdf, w_seconds = timed(weasyprint_pdf, items[:weasy_n])
    w_pages = len(pypdf.PdfReader(io.BytesIO(wpdf)).pages)
    w_rate = weasy_n / w_seconds
    print(
        f"weasyprint : {weasy_n:5d} certificates in one PDF   {w_seconds:7.2f} s  {w_rate:8.1f} /s  ({w_pages} pages)"
    )

    ratio = rl_rate / w_rate
    print(f"ratio      : reportlab is {ratio:.1f}× faster per certificate (target ≥ 10×, ≥ 200/s)")
    print(
        f"RESULT n={n} reportlab_per_s={rl_rate:.1f} single_pdf_per_s={single_rate:.1f} "
        f"weasyprint_n={weasy_n} weasyprint_per_s={w_rate:.1f} ratio={ratio:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
