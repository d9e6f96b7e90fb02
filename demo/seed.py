"""Demo data: providers, accounts, learners and interviews in every status — reproducible.

``seed_demo(learners=N, seed=S)`` gives the same providers, accounts, learners, answers, levels and
statuses for the same input. Answers are produced against the active guide and validated by the
engine; scores come from the engine. The records go to the store's bulk loader (``store.bulk``), which
writes them in one transaction, so 100,000 interviews are feasible (answers then repeat across learners
from a pool of templates).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from demo.answers import draft_prefix, make_answers
from demo.courses import demo_offers
from demo.people import Person, make_person
from questionnaire import score, validate_answers
from schemas.guide import Guide
from schemas.vocabulary import Role, Status
from store.bulk import DemoAccount, DemoData, DemoInterview, DemoProvider, guide_for_demo, load_demo

DEFAULT_PASSWORD = "demo-passwort-2024"  # noqa: S105 - the documented password of demo accounts only
PROVIDERS = [
    ("vhs", "Volkshochschule Musterstadt", "Am Markt 1, 12345 Musterstadt"),
    ("caritas", "Caritas Sprachschule St. Martin", "Kirchgasse 4, 12345 Musterstadt"),
    ("bruecke", "Interkulturelles Zentrum Brücke e. V.", "Brückenstraße 17, 12345 Musterstadt"),
    ("lingua", "Sprachinstitut Lingua GmbH", "Bahnhofstraße 22, 12345 Musterstadt"),
]
STATUS_WEIGHTS = {
    Status.DRAFT: 15,
    Status.SUBMITTED: 30,
    Status.RETURNED: 10,
    Status.APPROVED: 25,
    Status.CERTIFICATE_ISSUED: 20,
}
RETURN_COMMENTS = [
    "Bitte die Einschätzung Lesen prüfen: sie weicht stark von den Kann-Beschreibungen ab.",
    "Angaben zur Schulbildung fehlen bzw. sind widersprüchlich.",
    "Bitte Empfehlung begründen, die Person wünscht einen Abendkurs.",
]
COUNSELOR = "beratung"
REAL_CERTIFICATES_UP_TO = 500  # beyond that, certificates are numbered rows without PDF (benchmark sizes)


@dataclass
class SeedReport:
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, provider
    providers: list[str] = field(default_factory=list)
    learners: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    certificates: int = 0
    password: str = ""

    def text(self) -> str:
        lines = [f"Demodaten angelegt: {len(self.providers)} Träger, {self.learners} Lernende, Interviews je Status:"]
        lines += [f"  {status}: {n}" for status, n in self.by_status.items()]
        lines.append(f"Bescheinigungen: {self.certificates}")
        lines.append(f"Konten (Passwort für alle: {self.password}):")
        lines += [f"  {u:22} {r:15} {p}" for u, r, p in self.accounts]
        return "\n".join(lines)


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)))


def seed_demo(
    learners: int = 30,
    password: str = DEFAULT_PASSWORD,
    seed: int = 1,
    today: date | None = None,
    templates: int = 400,
    history: bool = True,
    issue_certificates: bool | None = None,
) -> SeedReport:
    """Fills an empty database with demo data (one transaction) and returns what was created.

    ``templates`` bounds the answer sets made and scored by the engine (larger seeds reuse them);
    ``history`` writes each interview's version history; ``issue_certificates`` issues real
    certificates (PDF, code) rather than numbered rows — by default up to 500 of them."""
    guide = guide_for_demo(password)  # refuses a used database before anything is made up
    rng = random.Random(seed)
    providers = [DemoProvider(key, name, address) for key, name, address in PROVIDERS]
    accounts = _accounts(providers)
    interviews = _interviews(guide, learners, rng, today or date.today(), templates)
    to_issue = sum(1 for iv in interviews if iv.status == Status.CERTIFICATE_ISSUED)
    certificates = load_demo(
        DemoData(
            guide=guide,
            password=password,
            providers=providers,
            accounts=accounts,
            interviews=interviews,
            history=history,
            real_certificates=to_issue <= REAL_CERTIFICATES_UP_TO if issue_certificates is None else issue_certificates,
            audit_details={"learners": learners, "seed": seed},
            offers=demo_offers(
                [p.key for p in providers], {p.key: p.address for p in providers}, seed, today or date.today()
            ),
        )
    )
    names = {p.key: p.name for p in providers}
    return SeedReport(
        accounts=[(a.username, a.role.value, names[a.provider] if a.provider else "–") for a in accounts],
        providers=[p.name for p in providers],
        learners=learners,
        by_status={status.value: sum(1 for iv in interviews if iv.status == status) for status in STATUS_WEIGHTS},
        certificates=certificates,
        password=password,
    )


def _accounts(providers: list[DemoProvider]) -> list[DemoAccount]:
    accounts = [
        DemoAccount("admin", Role.ADMIN, "Stadt Musterstadt – Koordination"),
        DemoAccount(COUNSELOR, Role.COUNSELOR, "Beratungsstelle (Frau Demir)", handles_data_requests=True),
    ]
    for p in providers:
        accounts.append(DemoAccount(_interviewer(p.key), Role.INTERVIEWER, f"Interviewer/in {p.name}", p.key))
        accounts.append(DemoAccount(_lead(p.key), Role.PROVIDER_ADMIN, f"Leitung {p.name}", p.key))
    return accounts


def _interviewer(provider: str) -> str:
    return f"{provider}.interview"


def _lead(provider: str) -> str:
    return f"{provider}.leitung"


def _interviews(
    guide: Guide, n_learners: int, rng: random.Random, today: date, n_templates: int
) -> list[DemoInterview]:
    """One interview per learner. The random draws keep their order (people and answers first, then each
    learner's plan, then the review times), so the same seed gives the same data."""
    # answer templates: validated and scored by the engine
    pool: list[tuple[Person, dict[str, Any], dict[str, Any]]] = []
    for _ in range(max(1, min(n_learners, n_templates))):
        person = make_person(rng, today)
        answers = make_answers(guide, person, rng, today)
        pool.append((person, answers, score(guide, validate_answers(guide, answers)).model_dump(mode="json")))

    codes = [code for code, _, _ in PROVIDERS]
    statuses = list(STATUS_WEIGHTS)
    plans: list[dict[str, Any]] = []
    for i in range(n_learners):
        person, answers, scored = pool[i] if i < len(pool) else (make_person(rng, today), *pool[i % len(pool)][1:])
        birth = date.fromisoformat(answers["birth_date"]) if "birth_date" in answers else person.birth_date
        family, given = person.family_name, person.given_names
        code = codes[i % len(codes)] if i % 7 else rng.choice(codes)
        if i % 40 == 39 and plans:  # the same person registered at a second provider
            twin = plans[rng.randrange(len(plans))]
            family, given, birth = twin["family_name"], twin["given_names"], twin["birth_date"]
            code = rng.choice([c for c in codes if c != twin["code"]])
        answers = {**answers, "family_name": family, "given_names": given, "birth_date": birth.isoformat()}
        if "consent_sharing" in answers:
            answers["consent_sharing"] = person.sharing
        created = today - timedelta(days=rng.randint(1, 420))
        status = rng.choices(statuses, weights=list(STATUS_WEIGHTS.values()))[0]
        plans.append(
            {
                "code": code,
                "family_name": family,
                "given_names": given,
                "birth_date": birth,
                "sharing": person.sharing,
                "status": status,
                "answers": answers,
                "score": scored,
                "created_at": _at(created, rng),
                "language": person.language,
                "sections": rng.randint(1, max(1, len(guide.sections) - 1)),
                "review_days": rng.randint(1, 21),
                "comment": rng.choice(RETURN_COMMENTS),
            }
        )
        # A review happens review_days after the submission: move such an interview back in time far
        # enough that the review lies in the past (no rng draw, so the rest of the data stays the same).
        late = plans[-1]["review_days"] + 2 - (today - created).days
        if status in (Status.RETURNED, Status.APPROVED, Status.CERTIFICATE_ISSUED) and late > 0:
            plans[-1]["created_at"] -= timedelta(days=late)
    return [_interview(guide, plan, rng) for plan in plans]


def _interview(guide: Guide, plan: dict[str, Any], rng: random.Random) -> DemoInterview:
    status: Status = plan["status"]
    created: datetime = plan["created_at"]
    common: dict[str, Any] = {
        "provider": plan["code"],
        "interviewer": _interviewer(plan["code"]),
        "family_name": plan["family_name"],
        "given_names": plan["given_names"],
        "birth_date": plan["birth_date"],
        "sharing_consent": plan["sharing"],
        "learner_language": plan["language"],
        "status": status,
        "created_at": created,
    }
    if status == Status.DRAFT:
        answers, section = draft_prefix(guide, plan["answers"], plan["sections"])
        return DemoInterview(
            **common, answers=answers, current_section=section, saved_at=created + timedelta(minutes=25)
        )
    submitted = created + timedelta(minutes=50)
    reviewed = submitted + timedelta(days=plan["review_days"], hours=rng.randint(0, 6))
    is_reviewed = status != Status.SUBMITTED
    return DemoInterview(
        **common,
        answers=plan["answers"],
        current_section=guide.sections[-1].id,
        saved_at=submitted,
        score=plan["score"],
        submitted_at=submitted,
        # without sharing consent the provider's lead reviews (store.workflow.reviewer_role)
        reviewer=(COUNSELOR if plan["sharing"] else _lead(plan["code"])) if is_reviewed else None,
        reviewed_at=reviewed if is_reviewed else None,
        review_comment=plan["comment"] if status == Status.RETURNED else None,
        issuer=_lead(plan["code"]) if status == Status.CERTIFICATE_ISSUED else None,
    )
