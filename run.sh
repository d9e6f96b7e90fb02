#!/usr/bin/env bash
# Starts Sprachstand on a fresh Debian machine: checks Python (3.11+), creates the virtual environment
# .venv (installing Debian's python3-venv when it is missing and this runs as root), installs
# requirements.txt into it when that file changed, migrates the database (SQLite in data/ by default;
# DATABASE_URL for PostgreSQL) and starts the app on http://127.0.0.1:8501.
#
# It listens on 127.0.0.1 only. To open it to the network (behind a TLS proxy, see docs/operations.md):
#   SPRACHSTAND_ADDRESS=0.0.0.0 ./run.sh        or        ./run.sh --server.address 0.0.0.0
# Extra arguments go to `streamlit run` (e.g. --server.port 8502).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/venv.sh

sprachstand_venv requirements.txt
"$VENV_PY" manage.py migrate
# While no admin account exists: the code the one-time set-up page asks for (also in the app's log).
"$VENV_PY" manage.py setup-code --if-needed
# asgi_app.py serves streamlit_app.py with the app's own HTTP routes (session cookie, /api/verify) and
# security headers (web/); `streamlit run streamlit_app.py` alone would keep each sign-in to one tab.
exec "$VENV_PY" -m streamlit run asgi_app.py --server.fileWatcherType none \
  --server.address "${SPRACHSTAND_ADDRESS:-127.0.0.1}" "$@"
