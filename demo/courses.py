"""Demo offers for the course catalogue: a handful per provider, spread over the next months, districts
and formats, so the catalogue, the matching, the finder and the figures have something to show."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from schemas.courses import CourseDraft, Measure, OfferStatus, Weekday
from schemas.placement import Course, Format
from schemas.vocabulary import Level

DISTRICTS = ["Mitte", "Nord", "Süd", "Hafen", "Altstadt"]
_PLANS: list[tuple[Course | Measure, Level | None, tuple[Format, ...], int, bool]] = [
    (Course.INTEGRATION_COURSE, Level.A1, (Format.FULL_TIME,), 9, False),
    (Course.INTEGRATION_COURSE, Level.A2, (Format.PART_TIME, Format.EVENING), 18, False),
    (Course.LITERACY_COURSE, Level.PRE_A1, (Format.PART_TIME,), 9, True),
    (Course.SECOND_SCRIPT_COURSE, Level.A1, (Format.FULL_TIME,), 13, False),
    (Course.YOUTH_INTEGRATION_COURSE, Level.A1, (Format.FULL_TIME,), 9, False),
    (Course.INTENSIVE_COURSE, Level.A1, (Format.FULL_TIME,), 8, False),
    (Course.JOB_LANGUAGE_COURSE, Level.B1, (Format.PART_TIME, Format.EVENING), 17, False),
    (Course.ORIENTATION_COURSE, Level.B1, (Format.PART_TIME,), 9, False),
    (Course.INTEGRATION_COURSE, Level.PRE_A1, (Format.PART_TIME, Format.WOMEN_ONLY), 9, True),
    (Measure.LANGUAGE_CAFE, None, (), 16, False),
    (Measure.COUNSELING_SERVICE, None, (), 10, False),
]


def demo_offers(
    provider_keys: list[str], addresses: dict[str, str], seed: int, today: date
) -> list[tuple[str, CourseDraft]]:
    """(provider key, offer) pairs, reproducible by seed (their own random stream: the interviews' stay)."""
    rng = random.Random(seed * 7919 + 17)
    offers: list[tuple[str, CourseDraft]] = []
    for i, (kind, level, formats, hour, childcare) in enumerate(_PLANS * 2):
        provider = provider_keys[i % len(provider_keys)]
        start = today + timedelta(days=rng.randrange(7, 150))
        total = rng.choice([12, 16, 20, 25])
        days = [Weekday.MON, Weekday.WED, Weekday.FRI] if Format.FULL_TIME in formats else [Weekday.TUE, Weekday.THU]
        label = kind.label
        offers.append(
            (
                provider,
                CourseDraft(
                    title=f"{label} {level.label if level else ''} ({DISTRICTS[i % len(DISTRICTS)]})".replace(
                        "  ", " "
                    ),
                    course_type=kind if isinstance(kind, Course) else None,
                    measure=kind if isinstance(kind, Measure) else None,
                    entry_level=level,
                    target_level=Level.by_rank(min(level.rank + 2, 6)) if level else None,
                    start_date=start,
                    end_date=start + timedelta(days=rng.randrange(90, 240)),
                    days=frozenset(days),
                    time_from=time(hour, 0),
                    time_to=time(min(hour + 3, 22), 15),
                    teaching_units=rng.choice([300, 700, 1000]) if isinstance(kind, Course) else None,
                    formats=frozenset(formats),
                    childcare_on_site=childcare or rng.random() < 0.2,
                    address=addresses[provider],
                    district=DISTRICTS[i % len(DISTRICTS)],
                    barrier_free=rng.random() < 0.6,
                    places_total=total,
                    places_free=rng.randrange(0, total + 1),
                    waitlist_open=rng.random() < 0.7,
                    contact="anmeldung@example.org",
                    status=OfferStatus.OPEN,
                ),
            )
        )
    return offers
