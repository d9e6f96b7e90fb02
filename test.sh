#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian machine, then runs the whole test suite.
# Extra arguments go to pytest (e.g. ./test.sh tests/questionnaire -x).
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages: Chromium for browser tests, poppler for PDF->PNG, nginx for the multi-instance test.
missing=()
for pkg in chromium poppler-utils nginx; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt

# PostgreSQL: the store's suite runs on it as well as on SQLite.
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
# A skipped test is not a pass: tests/conftest.py turns every skip into a failure.
export SPRACHSTAND_NO_SKIP=1

ruff check .
mypy
python3 manage.py check-guide questionnaire/guides/*.yaml
python3 -m pytest "$@"
