"""Demo data and the command line, as an admin would run them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import store
from demo.seed import seed_demo
from schemas.vocabulary import Status
from tests.store.conftest import wipe

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 6, 1)


def _snapshot() -> list[tuple[object, ...]]:
    counselor = store.authenticate("beratung", "demo-passwort-2024")
    rows, total = store.review_queue(
        counselor, store.ReviewFilters(statuses=("submitted", "returned", "approved", "certificate_issued")), 1, 500
    )
    out: list[tuple[object, ...]] = [(total,)]
    for r in rows:
        iv = store.get_interview_for(counselor, r.id)
        out.append(
            (r.learner_name, r.birth_date, r.provider_name, r.status, tuple(sorted(iv.answers.items(), key=str)))
        )
    for code in ("vhs", "caritas", "bruecke", "lingua"):
        staff = store.authenticate(f"{code}.interview", "demo-passwort-2024")
        out += [(r.learner_name, r.status, r.levels["reading"]) for r in store.list_my_interviews(staff, limit=1000)]
    return out


@pytest.mark.slow
def test_seed_demo_is_reproducible_and_covers_every_status(empty_db: str) -> None:
    snapshots = []
    for _ in range(2):
        wipe(empty_db)
        report = seed_demo(learners=40, seed=7, today=TODAY, issue_certificates=False)
        assert all(report.by_status[s] > 0 for s in Status), report.by_status
        assert {"admin", "beratung"} <= {u for u, _, _ in report.accounts}
        assert store.get_app_settings()["demo_data"] is True
        snapshots.append(_snapshot())
    assert snapshots[0] == snapshots[1]
    wipe(empty_db)
    seed_demo(learners=40, seed=8, today=TODAY, issue_certificates=False)
    assert _snapshot() != snapshots[0]
    with pytest.raises(store.InvalidInput, match="leere Datenbank"):
        seed_demo(learners=5, seed=8)


def test_seeded_certificates_are_real(empty_db: str) -> None:
    report = seed_demo(learners=12, seed=2, today=TODAY)
    assert report.certificates > 0
    lead = store.authenticate("vhs.leitung", "demo-passwort-2024")
    issued = [r for r in store.list_my_interviews(lead) if r.status == "certificate_issued"]
    for row in issued:
        number = store.get_interview_for(lead, row.id).certificate_number
        status = store.certificate_status(lead, number or "")
        assert status is not None and status["pdf_sha256"] and status["verification_code"]


def test_demo_answers_pass_the_engine(tmp_path: Path) -> None:
    import random

    from demo.answers import make_answers
    from demo.people import make_person
    from questionnaire import active_guide, validate_answers

    guide = active_guide()
    rng = random.Random(3)
    for _ in range(25):
        answers = make_answers(guide, make_person(rng, TODAY), rng, TODAY)
        assert validate_answers(guide, answers).complete


def _manage(*args: str, stdin: str = "", env_url: str | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "DATABASE_URL": env_url or ""}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_command_line_init_create_user_export_purge(empty_db: str, tmp_path: Path) -> None:
    url = empty_db
    assert _manage("migrate", env_url=url).returncode == 0
    done = _manage("init", "--username", "chefin", stdin="ein-sehr-gutes-passwort\n", env_url=url)
    assert done.returncode == 0, done.stderr
    again = _manage("init", "--username", "zweite", stdin="ein-sehr-gutes-passwort\n", env_url=url)
    assert again.returncode == 2 and "bereits" in again.stderr and "Traceback" not in again.stderr
    assert _manage("create-provider", "VHS Nord", env_url=url).returncode == 0
    made = _manage(
        "create-user",
        "--role",
        "interviewer",
        "--provider",
        "VHS Nord",
        "ina",
        stdin="Nordlicht-Fahrrad-Tasse-3\n",
        env_url=url,
    )
    assert made.returncode == 0, made.stderr
    short = _manage("create-user", "--role", "counselor", "bob", stdin="kurz\n", env_url=url)
    assert short.returncode == 2 and "mindestens 12" in short.stderr
    weak = _manage("create-user", "--role", "counselor", "bob", stdin="passwort1234\n", env_url=url)
    assert weak.returncode == 2 and "leicht zu erraten" in weak.stderr and "Traceback" not in weak.stderr
    unknown = _manage(
        "create-user", "--role", "interviewer", "--provider", "Gibtsnicht", "x1", stdin="x" * 12 + "\n", env_url=url
    )
    assert unknown.returncode == 2 and "Träger" in unknown.stderr
    ina = store.authenticate("ina", "Nordlicht-Fahrrad-Tasse-3")
    learner = store.create_learner(ina, "Haddad", "Amina", "1990-04-12", processing_consent=True)
    out = tmp_path / "auskunft.json"
    # a request runs under a designated account, and only for a learner its search found
    unnamed = _manage("export-learner", str(learner.id), "--as", "chefin", "--out", str(out), env_url=url)
    assert unnamed.returncode == 2 and "Datenschutz" in unnamed.stderr and not out.exists()
    assert _manage("data-protection", "chefin", "--an", env_url=url).returncode == 0
    unsearched = _manage("export-learner", str(learner.id), "--as", "chefin", "--out", str(out), env_url=url)
    assert unsearched.returncode == 2 and "suchen" in unsearched.stderr and not out.exists()
    search = ("find-learner", "--family", "Haddad", "--given", "Amina", "--birth", "1990-04-12", "--as", "chefin")
    assert _manage(*search, env_url=url).returncode == 0
    exported = _manage("export-learner", str(learner.id), "--as", "chefin", "--out", str(out), env_url=url)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["learner"]["family_name"] == "Haddad" and data["access_log"]
    dry = _manage("purge", "--older-than-years", "1", "--dry-run", env_url=url)
    assert dry.returncode == 0 and "würden gelöscht" in dry.stdout


def test_command_line_reports_bad_database_urls_without_traceback() -> None:
    for url in ("kaputt", "postgresql+psycopg://postgres@127.0.0.1:1/nirgends", "foo://bar"):
        done = _manage("migrate", env_url=url)
        assert done.returncode == 2, (url, done.stderr)
        assert "Fehler:" in done.stderr and "Traceback" not in done.stderr


def test_password_prompt_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    from commands.common import read_password

    monkeypatch.setattr(sys, "stdin", io.StringIO("geheim-und-lang\n"))
    assert read_password() == "geheim-und-lang"
