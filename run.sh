#!/usr/bin/env bash
# Installs the runtime dependencies and starts Sprachstand on http://localhost:8501
# (SQLite in data/ by default; set DATABASE_URL for PostgreSQL). Extra arguments go to streamlit.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m pip install -q --disable-pip-version-check -r requirements.txt
python3 manage.py migrate
exec python3 -m streamlit run streamlit_app.py --server.fileWatcherType none "$@"
