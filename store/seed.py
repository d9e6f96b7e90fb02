"""Demo data: providers, accounts, learners and interviews in every status — reproducible.

``seed_demo(learners=N, seed=S)`` gives the same providers, accounts, learners, answers, levels and
statuses for the same input. Answers are produced against the active guide and validated by the
engine; scores come from the engine. Rows are written with bulk inserts in one transaction, so
100,000 interviews are feasible (answers then repeat across learners from a pool of templates).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session

from store import audit, guides, passwords
from store.access import actor_from_user
from store.app_settings import write_setting
from store.db import run_in_transaction
from store.demo_answers import draft_prefix, make_answers
from store.demo_people import Person, make_person
from store.errors import InvalidInput
from store.models import Certificate, Consent, Interview, InterviewRevision, Learner, Provider, ReviewEvent, User
from store.names import name_key
from store.verification import certificate_number
from store.workflow import next_certificate_number, store_score

DEFAULT_PASSWORD = "demo-passwort-2024"  # noqa: S105 - the documented password of demo accounts only
PROVIDERS = [
    ("vhs", "Volkshochschule Musterstadt", "Am Markt 1, 12345 Musterstadt"),
    ("caritas", "Caritas Sprachschule St. Martin", "Kirchgasse 4, 12345 Musterstadt"),
    ("bruecke", "Interkulturelles Zentrum Brücke e. V.", "Brückenstraße 17, 12345 Musterstadt"),
    ("lingua", "Sprachinstitut Lingua GmbH", "Bahnhofstraße 22, 12345 Musterstadt"),
]
STATUS_WEIGHTS = {"draft": 15, "submitted": 30, "returned": 10, "approved": 25, "certificate_issued": 20}
RETURN_COMMENTS = [
    "Bitte die Einschätzung Lesen prüfen: sie weicht stark von den Kann-Beschreibungen ab.",
    "Angaben zur Schulbildung fehlen bzw. sind widersprüchlich.",
    "Bitte Empfehlung begründen, die Person wünscht einen Abendkurs.",
]
CHUNK = 5000


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


def _insert(s: Session, model: Any, rows: list[dict[str, Any]], returning: bool = False) -> list[int]:
    """Bulk insert in chunks; with ``returning`` the rows get consecutive ids allocated here (cheaper than
    RETURNING for 100,000 rows) and PostgreSQL's id sequence is moved past them afterwards."""
    ids: list[int] = []
    if returning:
        first = (s.scalar(select(func.max(model.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        rows = [{**row, "id": i} for row, i in zip(rows, ids, strict=True)]
    for start in range(0, len(rows), CHUNK):
        s.execute(insert(model), rows[start : start + CHUNK])
    if returning and rows and s.get_bind().dialect.name == "postgresql":
        table = model.__tablename__
        s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {ids[-1]})"))
    return ids


def seed_demo(
    learners: int = 30,
    password: str = DEFAULT_PASSWORD,
    seed: int = 1,
    today: date | None = None,
    templates: int = 400,
    history: bool = True,
    issue_certificates: bool | None = None,
) -> SeedReport:
    """Fills an empty database with demo data (one transaction) and returns what was created."""
    passwords.check_rules(password)
    return run_in_transaction(
        lambda s: _seed(s, learners, password, seed, today or date.today(), templates, history, issue_certificates)
    )


def _seed(
    s: Session,
    n_learners: int,
    password: str,
    seed: int,
    today: date,
    n_templates: int,
    history: bool,
    issue_certificates: bool | None,
) -> SeedReport:
    if s.scalar(select(func.count()).select_from(User)):
        raise InvalidInput(
            "Die Datenbank enthält bereits Konten. Demodaten bitte nur in eine leere Datenbank laden "
            "(z. B. DATABASE_URL=sqlite:///data/demo.db python manage.py seed-demo ...)."
        )
    rng = random.Random(seed)
    report = SeedReport(password=password)
    guide = guides.active_guide(s)

    # providers and accounts
    providers: dict[str, Provider] = {}
    for code, name, address in PROVIDERS:
        providers[code] = Provider(name=name, address=address, is_demo=True)
        s.add(providers[code])
    s.flush()
    report.providers = [p.name for p in providers.values()]
    pw_hash = passwords.hash_password(password)

    def account(username: str, role: str, display: str, provider: Provider | None = None, dpo: bool = False) -> User:
        user = User(
            username=username,
            display_name=display,
            role=role,
            provider_id=provider.id if provider else None,
            password_hash=pw_hash,
            can_handle_data_requests=dpo,
        )
        s.add(user)
        report.accounts.append((username, role, provider.name if provider else "–"))
        return user

    account("admin", "admin", "Stadt Musterstadt – Koordination")
    counselor = account("beratung", "counselor", "Beratungsstelle (Frau Demir)", dpo=True)
    staff: dict[str, tuple[User, User]] = {}
    for code, provider in providers.items():
        interviewer = account(f"{code}.interview", "interviewer", f"Interviewer/in {provider.name}", provider)
        lead = account(f"{code}.leitung", "provider_admin", f"Leitung {provider.name}", provider)
        staff[code] = (interviewer, lead)
    s.flush()

    # answer templates: validated and scored by the engine
    pool: list[tuple[Person, dict[str, Any], dict[str, Any]]] = []
    for _ in range(max(1, min(n_learners, n_templates))):
        person = make_person(rng, today)
        answers = make_answers(guide, person, rng, today)
        pool.append((person, answers, guides.score(guide, answers)))

    codes = list(providers)
    statuses = list(STATUS_WEIGHTS)
    learner_rows: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    for i in range(n_learners):
        person, answers, score = pool[i] if i < len(pool) else (make_person(rng, today), *pool[i % len(pool)][1:])
        birth = date.fromisoformat(answers["birth_date"]) if "birth_date" in answers else person.birth_date
        family, given = person.family_name, person.given_names
        code = codes[i % len(codes)] if i % 7 else rng.choice(codes)
        if i % 40 == 39 and learner_rows:  # the same person registered at a second provider
            twin = learner_rows[rng.randrange(len(learner_rows))]
            family, given, birth = twin["family_name"], twin["given_names"], twin["birth_date"]
            code = rng.choice([c for c in codes if providers[c].id != twin["provider_id"]])
        answers = {**answers, "family_name": family, "given_names": given, "birth_date": birth.isoformat()}
        if "consent_sharing" in answers:
            answers["consent_sharing"] = person.sharing
        created = today - timedelta(days=rng.randint(1, 420))
        status = rng.choices(statuses, weights=list(STATUS_WEIGHTS.values()))[0]
        learner_rows.append(
            {
                "provider_id": providers[code].id,
                "family_name": family,
                "given_names": given,
                "birth_date": birth,
                "name_key": name_key(family, given),
                "processing_consent": True,
                "sharing_consent": person.sharing,
                "possible_duplicate": False,
                "is_demo": True,
                "created_at": _at(created, rng),
                "created_by_id": staff[code][0].id,
            }
        )
        plans.append(
            {
                "code": code,
                "status": status,
                "answers": answers,
                "score": score,
                "created": created,
                "language": person.language,
                "sections": rng.randint(1, max(1, len(guide.sections) - 1)),
                "review_days": rng.randint(1, 21),
                "comment": rng.choice(RETURN_COMMENTS),
            }
        )
        # A review happens review_days after the submission: move such an interview back in time far
        # enough that the review lies in the past (no rng draw, so the rest of the data stays the same).
        late = plans[-1]["review_days"] + 2 - (today - created).days
        if status in ("returned", "approved", "certificate_issued") and late > 0:
            plans[-1]["created"] = created - timedelta(days=late)
            learner_rows[-1]["created_at"] -= timedelta(days=late)
    seen: dict[tuple[str, date], set[int]] = {}
    for row in learner_rows:
        seen.setdefault((row["name_key"], row["birth_date"]), set()).add(row["provider_id"])
    for row in learner_rows:
        row["possible_duplicate"] = len(seen[(row["name_key"], row["birth_date"])]) > 1
    learner_ids = _insert(s, Learner, learner_rows, returning=True)

    consent_rows, interview_rows = [], []
    languages = set(getattr(guide, "languages", ["de"]))
    for learner_id, row, plan in zip(learner_ids, learner_rows, plans, strict=True):
        for purpose, given in (("processing", True), ("sharing", row["sharing_consent"])):
            consent_rows.append(
                {
                    "learner_id": learner_id,
                    "purpose": purpose,
                    "given": given,
                    "recorded_by_id": row["created_by_id"],
                    "recorded_at": row["created_at"],
                }
            )
        interview_rows.append(_interview_row(guide, learner_id, row, plan, languages, counselor.id, rng))
    _insert(s, Consent, consent_rows)
    interview_ids = _insert(s, Interview, interview_rows, returning=True)

    events, revisions = [], []
    for interview_id, row, plan in zip(interview_ids, interview_rows, plans, strict=True):
        events += _events(interview_id, row, plan, counselor.id)
        if history:
            revisions.append(
                {
                    "interview_id": interview_id,
                    "lock_version": 2,
                    "kind": "save",
                    "section": row["current_section"],
                    "diff": {k: [None, v] for k, v in row["answers"].items()},
                    "changed_by_id": row["interviewer_id"],
                    "changed_at": row["created_at"],
                }
            )
    _insert(s, ReviewEvent, events)
    if revisions:
        _insert(s, InterviewRevision, revisions)
    for status in STATUS_WEIGHTS:
        report.by_status[status] = sum(1 for p in plans if p["status"] == status)
    report.learners = n_learners

    # certificates: issued through the real path (number, frozen data, code, PDF hash) when feasible
    to_issue = [
        (iid, plan["code"])
        for iid, plan in zip(interview_ids, plans, strict=True)
        if plan["status"] == "certificate_issued"
    ]
    if issue_certificates is None:
        issue_certificates = len(to_issue) <= 500
    report.certificates = _certificates(s, to_issue, staff, issue_certificates)
    write_setting(s, "demo_data", True)
    audit.record(s, None, "seed.demo", None, None, username="manage.py", learners=n_learners, seed=seed)
    return report


def _interview_row(
    guide: Any,
    learner_id: int,
    row: dict[str, Any],
    plan: dict[str, Any],
    languages: set[str],
    counselor_id: int,
    rng: random.Random,
) -> dict[str, Any]:
    status = plan["status"]
    created = row["created_at"]
    language = plan["language"] if plan["language"] in languages else ("en" if "en" in languages else "de")
    out: dict[str, Any] = {
        "learner_id": learner_id,
        "provider_id": row["provider_id"],
        "guide_id": guide.id,
        "guide_version": guide.version,
        "status": status,
        "learner_language": language,
        "interviewer_id": row["created_by_id"],
        "created_at": created,
        "updated_by_id": row["created_by_id"],
        "is_demo": True,
        "personal_data_erased": False,
        "shared": row["sharing_consent"],
        "lock_version": 2,
        "scores": None,
        "recommended_course": None,
        "literacy": None,
        "submitted_at": None,
        "approved_at": None,
        "approved_by_id": None,
        **{column: None for column in guides.SKILL_COLUMNS.values()},
    }
    if status == "draft":
        answers, section = draft_prefix(guide, plan["answers"], plan["sections"])
        out.update(answers=answers, current_section=section, updated_at=created + timedelta(minutes=25))
        return out
    holder = Interview()
    store_score(holder, plan["score"])
    out.update(
        answers=plan["answers"],
        current_section=guide.sections[-1].id,
        scores=holder.scores,
        recommended_course=holder.recommended_course,
        literacy=holder.literacy,
        submitted_at=created + timedelta(minutes=50),
        **{column: getattr(holder, column) for column in guides.SKILL_COLUMNS.values()},
    )
    reviewed = out["submitted_at"] + timedelta(days=plan["review_days"], hours=rng.randint(0, 6))
    out["updated_at"] = out["submitted_at"]
    if status in ("approved", "certificate_issued"):
        out.update(approved_at=reviewed, approved_by_id=counselor_id, updated_at=reviewed, updated_by_id=counselor_id)
        out["status"] = "approved"  # certificates move it on (see _certificates)
    elif status == "returned":
        out.update(updated_at=reviewed, updated_by_id=counselor_id)
    return out


def _events(interview_id: int, row: dict[str, Any], plan: dict[str, Any], counselor_id: int) -> list[dict[str, Any]]:
    if row["submitted_at"] is None:
        return []
    out = [
        {
            "interview_id": interview_id,
            "kind": "submit",
            "from_status": "draft",
            "to_status": "submitted",
            "comment": None,
            "actor_id": row["interviewer_id"],
            "at": row["submitted_at"],
        }
    ]
    if plan["status"] == "returned":
        out.append(
            {
                "interview_id": interview_id,
                "kind": "return",
                "from_status": "submitted",
                "to_status": "returned",
                "comment": plan["comment"],
                "actor_id": counselor_id,
                "at": row["updated_at"],
            }
        )
    elif row["approved_at"] is not None:
        out.append(
            {
                "interview_id": interview_id,
                "kind": "approve",
                "from_status": "submitted",
                "to_status": "approved",
                "comment": None,
                "actor_id": counselor_id,
                "at": row["approved_at"],
            }
        )
    return out


def _certificates(s: Session, to_issue: list[tuple[int, str]], staff: dict[str, tuple[User, User]], real: bool) -> int:
    if not to_issue:
        return 0
    if real:
        from store.issuing import issue_in_session  # public API: a rename fails loudly, not silently in bulk

        for interview_id, code in to_issue:
            issue_in_session(s, actor_from_user(staff[code][1]), interview_id)
        return len(to_issue)
    # bulk (benchmark sizes): numbered rows without PDF; the interview moves to certificate_issued
    year = date.today().year
    _, sequence = next_certificate_number(s, "DEMO", year)
    rows = [
        {
            "interview_id": interview_id,
            "number": certificate_number("DEMO", year, sequence + n),
            "year": year,
            "sequence": sequence + n,
            "data": None,
            "verification_code": "",
            "pdf_sha256": None,
            "issued_by_id": staff[code][1].id,
            "revoked": False,
        }
        for n, (interview_id, code) in enumerate(to_issue)
    ]
    _insert(s, Certificate, rows)
    ids = [i for i, _ in to_issue]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        s.execute(update(Interview).where(Interview.id.in_(chunk)).values(status="certificate_issued"))
    return len(to_issue)
