#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian machine, then runs lint, type checks, the guide
# check and the whole test suite. Extra arguments go to pytest (e.g. ./test.sh tests/questionnaire -x).
#
# Set-up (each step only when needed): Python 3.11+ check; Debian packages chromium (browser tests),
# poppler-utils (PDF -> PNG), nginx (multi-instance test) and libatomic1 (Playwright's driver); the
# virtual environment .venv with requirements-dev.txt; PostgreSQL for the store's tests
# (scripts/postgres.sh: the server on 127.0.0.1:5432, else Debian's cluster started or created;
# local connections of postgres without a password; the database `test`). TEST_DATABASE_URL set by
# the caller skips the PostgreSQL set-up; SPRACHSTAND_PG_PORT=5433 uses (or makes) a cluster there.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh
. scripts/postgres.sh

sprachstand_python
# libatomic1: Playwright's bundled node driver links it; a minimal Debian (container, debootstrap) lacks it.
debian_packages chromium poppler-utils nginx libatomic1
sprachstand_venv requirements-dev.txt
sprachstand_test_postgres
# A skipped test is not a pass: tests/conftest.py turns every skip into a failure.
export SPRACHSTAND_NO_SKIP=1

"$VENV_DIR/bin/ruff" check .
"$VENV_DIR/bin/mypy"
"$VENV_PY" manage.py check-guide questionnaire/guides/*.yaml
# pytest's exit code 5 (no test collected) fails this script like any other failure.
"$VENV_PY" -m pytest "$@"
