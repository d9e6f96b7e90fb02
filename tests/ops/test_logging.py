"""The JSON-lines log: one parseable object per line, ids attached, personal data never written."""

from __future__ import annotations

import io
import json
import logging
import re
import threading

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert
from sqlalchemy.exc import IntegrityError

from ops.logging import REDACTED, configure_logging, log_context, report_error, session_ref

NAMES = ["Çağlar", "Nguyễn Thị Hồng", "Oleksandra Kovalenko"]


@pytest.fixture()
def log_stream():
    stream = io.StringIO()
    root = logging.getLogger()
    old_level, old_handlers = root.level, list(root.handlers)
    configure_logging(level="DEBUG", log_file="", stream=stream)
    yield stream
    for handler in list(root.handlers):
        if handler not in old_handlers:
            root.removeHandler(handler)
    root.setLevel(old_level)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_each_record_is_one_json_line_with_time_level_logger_message(log_stream):
    logging.getLogger("sprachstand.store").info("interview saved", extra={"interview_id": 17})
    logging.getLogger("sprachstand.ui").warning("line one\nline two")
    first, second = lines(log_stream)
    assert first["level"] == "INFO" and first["logger"] == "sprachstand.store"
    assert first["message"] == "interview saved" and first["interview_id"] == 17
    assert first["time"].endswith("+00:00")
    assert second["message"] == "line one\nline two"


def test_log_context_attaches_user_and_request_id_only_inside(log_stream):
    log = logging.getLogger("sprachstand.ui")
    with log_context(user_id=42, request_id="sess-1"):
        log.info("page shown")
    log.info("outside")
    inside, outside = lines(log_stream)
    assert inside["user_id"] == 42 and inside["request_id"] == session_ref("sess-1") != "sess-1"
    assert "user_id" not in outside and "request_id" not in outside


def test_a_session_id_is_logged_only_as_a_keyed_hash(log_stream, monkeypatch):
    """A Streamlit session id in clear would let anyone with the log resume that session (issue 15)."""
    from settings import get_settings

    session_id = "6f1c2d7e-3b4a-4c5d-8e9f-0a1b2c3d4e5f"
    log = logging.getLogger("sprachstand.ui")
    with log_context(session_id=session_id):
        log.info("page shown")
    log.info("extra field", extra={"session_id": session_id})
    first, second = lines(log_stream)
    assert session_id not in log_stream.getvalue()
    assert first["session_id"] == second["session_id"] == session_ref(session_id)
    assert re.fullmatch(r"[0-9a-f]{16}", first["session_id"])
    monkeypatch.setenv("SECRET_KEY", "ein-anderer-schluessel-fuer-den-test")
    get_settings.cache_clear()
    try:
        assert session_ref(session_id) != first["session_id"]  # keyed: without SECRET_KEY no dictionary attack
    finally:
        monkeypatch.delenv("SECRET_KEY")
        get_settings.cache_clear()


def test_log_context_is_per_thread(log_stream):
    log = logging.getLogger("sprachstand.ui")
    barrier = threading.Barrier(2)

    def work(uid: int) -> None:
        with log_context(user_id=uid):
            barrier.wait()
            log.info("saved", extra={"marker": uid})

    threads = [threading.Thread(target=work, args=(uid,)) for uid in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {(e["marker"], e["user_id"]) for e in lines(log_stream)} == {(1, 1), (2, 2)}


def test_user_name_instead_of_id_is_refused_and_dropped(log_stream):
    with pytest.raises(TypeError), log_context(user_id="mueller"):  # type: ignore[arg-type]
        pass
    logging.getLogger("x").info("login", extra={"user_id": "mueller"})
    (entry,) = lines(log_stream)
    assert "user_id" not in entry and "mueller" not in log_stream.getvalue()


@pytest.mark.parametrize("name", NAMES)
def test_personal_extra_fields_and_pairs_in_messages_are_redacted(log_stream, name):
    log = logging.getLogger("sprachstand.store")
    log.info(
        "learner created",
        extra={"learner_id": 5, "family_name": name, "birth_date": "1990-04-01", "answers": {"x": name}},
    )
    log.info("lookup family_name=%s email %s", name, "a.b@example.org")
    log.info("payload %s", {"given_names": name, "interview_id": 9})
    text = log_stream.getvalue()
    assert name not in text and "1990-04-01" not in text and "a.b@example.org" not in text
    first, second, third = lines(log_stream)
    assert first["learner_id"] == 5 and first["family_name"] == REDACTED
    assert REDACTED in second["message"] and "'interview_id': 9" in third["message"]


def test_exception_carries_error_id_traceback_and_no_sql_parameters(log_stream):
    engine = create_engine("sqlite://")
    meta = MetaData()
    learners = Table("learners", meta, Column("id", Integer, primary_key=True), Column("family_name", String))
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(learners).values(id=1, family_name=NAMES[0]))
    try:
        with engine.begin() as conn:
            conn.execute(insert(learners).values(id=1, family_name=NAMES[1]))
    except IntegrityError as exc:
        error_id = report_error(exc)
    (entry,) = lines(log_stream)
    assert entry["error_id"] == error_id and len(error_id) == 8
    assert entry["exception"]["type"] == "sqlalchemy.exc.IntegrityError"
    assert "UNIQUE constraint failed" in entry["exception"]["message"]
    assert entry["exception"]["traceback"] and NAMES[1] not in log_stream.getvalue()


def test_configure_logging_twice_keeps_one_handler(log_stream):
    configure_logging(level="INFO", log_file="", stream=log_stream)
    configure_logging(level="INFO", log_file="", stream=log_stream)
    logging.getLogger("y").info("once")
    assert len(lines(log_stream)) == 1


def test_log_file_setting_writes_json_lines_to_that_file(tmp_path):
    path = tmp_path / "sprachstand.log"
    root = logging.getLogger()
    before = list(root.handlers)
    configure_logging(level="INFO", log_file=str(path))
    try:
        logging.getLogger("z").info("to file")
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
    assert json.loads(path.read_text().splitlines()[0])["message"] == "to file"


class StoreLikeError(Exception):
    """Stands for an application error whose German message names a person."""


@pytest.mark.parametrize(
    ("exc", "message_kept"),
    [
        (StoreLikeError(f"Dieses Interview wurde von {NAMES[0]} geändert."), False),
        (KeyError(NAMES[1]), False),
        (ValueError(f"invalid literal for int() with base 10: '{NAMES[2]}'"), False),
        (AttributeError("'NoneType' object has no attribute 'lock_version'"), True),
    ],
)
def test_exception_texts_are_kept_only_when_technical(log_stream, exc, message_kept):
    log = logging.getLogger("sprachstand.ui")
    try:
        raise exc
    except Exception as caught:
        log.error("failed: %s", caught, exc_info=True)
    (entry,) = lines(log_stream)
    assert entry["message"] == f"failed: <{type(exc).__name__}>"
    assert (entry["exception"]["message"] != REDACTED) is message_kept
    assert not any(name in log_stream.getvalue() for name in NAMES)
