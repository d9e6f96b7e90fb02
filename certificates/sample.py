"""A specimen certificate (MUSTER) for the docs image, the benchmark and `manage.py sample-certificate`."""

from __future__ import annotations

import io
from datetime import date
from functools import cache

from PIL import Image, ImageDraw

from schemas.certificate import CertificateData
from schemas.vocabulary import Skill

from .codes import with_verification

SAMPLE_CAN_DO = {
    Skill.LISTENING: (
        "Kann das Wesentliche von klaren Gesprächen über vertraute Themen aus Alltag und Arbeit verstehen.",
        "Can follow the main points of clear talk on familiar topics of daily life and work.",
    ),
    Skill.READING: (
        "Kann kurze, einfache Texte wie Anzeigen, Aushänge und Terminzettel verstehen.",
        "Can understand short, simple texts such as adverts, notices and appointment slips.",
    ),
    Skill.SPOKEN_INTERACTION: (
        "Kann sich in einfachen Routinesituationen verständigen, z. B. beim Einkaufen oder bei Behörden.",
        "Can communicate in simple routine situations, e.g. when shopping or at public offices.",
    ),
    Skill.SPOKEN_PRODUCTION: (
        "Kann mit einfachen Sätzen über Familie, Wohnung und die eigene Ausbildung sprechen.",
        "Can talk in simple sentences about family, home and their own education.",
    ),
    Skill.WRITING: (
        "Kann kurze Notizen und einfache Mitteilungen schreiben, z. B. eine Entschuldigung.",
        "Can write short notes and simple messages, e.g. an apology for absence.",
    ),
}


@cache
def sample_logo(color: str, shape: str) -> bytes:
    """A plain placeholder logo (shield or rounded square), so the specimen shows where logos go."""
    image = Image.new("RGBA", (160, 180), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    if shape == "shield":
        draw.polygon([(10, 10), (150, 10), (150, 95), (80, 170), (10, 95)], fill=color)
        draw.polygon([(40, 40), (120, 40), (120, 90), (80, 135), (40, 90)], fill="white")
        draw.rectangle([(70, 40), (90, 120)], fill=color)
    else:
        draw.rounded_rectangle([(10, 30), (150, 150)], radius=28, fill=color)
        draw.ellipse([(50, 60), (110, 120)], fill="white")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def sample_certificate(
    key: bytes = b"specimen-key",
    public_url: str = "https://sprachstand.musterstadt.de/",
    city_name: str = "Musterstadt",
    number: str = "SPR-2026-000042",
    family_name: str = "Yılmaz-Kowalczyk",
    given_names: str = "Şükrü Łukasz",
    specimen: bool = True,
    logos: bool = True,
) -> CertificateData:
    """Realistic demo data with a valid code under ``key``; ``specimen`` prints MUSTER across the page."""
    data = CertificateData(
        number=number,
        family_name=family_name,
        given_names=given_names,
        birth_date=date(1991, 3, 14),
        provider_name=f"Volkshochschule {city_name}",
        provider_address=f"Bildungszentrum, Am Markt 1, 12345 {city_name}",
        city_name=city_name,
        issued_on=date(2026, 11, 20),
        interview_date=date(2026, 11, 12),
        levels={
            Skill.LISTENING: "B1",
            Skill.READING: "A2",
            Skill.SPOKEN_INTERACTION: "A2",
            Skill.SPOKEN_PRODUCTION: "A2",
            Skill.WRITING: "A1",
        },
        can_do={skill: {"de": de, "en": en} for skill, (de, en) in SAMPLE_CAN_DO.items()},
        literacy="In lateinischer Schrift alphabetisiert (Erstsprache Türkisch).",
        recommendation="Integrationskurs (allgemein), Einstieg ab Modul 4 (Niveau A2). "
        "Begründung: gleichmäßiges Profil auf A2 mit schwächerem Schreiben.",
        signer_name="Erika Mustermann",
        guide_id="sprachstand",
        guide_version=1,
        specimen=specimen,
        city_logo=sample_logo("#1f3a5f", "shield") if logos else None,
        provider_logo=sample_logo("#2e7d5b", "square") if logos else None,
    )
    return with_verification(data, key, public_url)
