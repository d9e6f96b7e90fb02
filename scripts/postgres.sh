# Sourced by ./test.sh after scripts/venv.sh: a PostgreSQL server for the store's tests.
#
#   sprachstand_test_postgres    # exports TEST_DATABASE_URL (database `test`, user postgres, no password)
#
# A TEST_DATABASE_URL given by the caller is used as it is. Otherwise: the server answering on
# 127.0.0.1:5432 (SPRACHSTAND_PG_PORT) is used; when none answers, Debian's PostgreSQL is installed if its server is missing,
# and the machine's cluster is started (or one is created). Connections of the user postgres from
# this machine are then allowed without a password (a line in that cluster's pg_hba.conf, root only),
# and the database `test` is created when it is missing.

PG_HOST=127.0.0.1
# Another port when 5432 belongs to a server the tests must not use (its cluster is made on this port).
PG_PORT="${SPRACHSTAND_PG_PORT:-5432}"
PG_TRUST_MARK="# Sprachstand test.sh: the test suite connects as postgres from this machine without a password"

_pg_answers() { (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null; }

_pg_wait() {
  local _
  for _ in $(seq 1 30); do
    _pg_answers && return 0
    sleep 1
  done
  return 1
}

# psycopg from the venv (psql may be missing when the server is elsewhere); exit 1 when refused.
_pg_run() {
  "$VENV_PY" - "$PG_HOST" "$PG_PORT" "$1" <<'EOF'
import sys

import psycopg

host, port, action = sys.argv[1:4]
try:
    with psycopg.connect(host=host, port=port, user="postgres", dbname="postgres", connect_timeout=5,
                         autocommit=True) as conn:
        if action == "create-test" and conn.execute("SELECT 1 FROM pg_database WHERE datname = 'test'").fetchone() is None:
            conn.execute("CREATE DATABASE test")
except psycopg.Error as exc:
    print(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__, file=sys.stderr)
    sys.exit(1)
EOF
}

# "VERSION NAME" of the Debian cluster configured for $PG_PORT (empty when there is none).
_pg_cluster_on_port() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  pg_lsclusters -h 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2; exit }'
}

_pg_server_installed() {
  command -v pg_ctlcluster >/dev/null 2>&1 && compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null
}

_pg_start() {
  _pg_server_installed || debian_packages postgresql
  local cluster version
  cluster="$(_pg_cluster_on_port)"
  if [ -z "$cluster" ]; then
    version="$(find /usr/lib/postgresql -maxdepth 1 -mindepth 1 -printf '%f\n' | sort -V | tail -n 1)"
    say "Lege den PostgreSQL-Cluster $version/sprachstand auf Port $PG_PORT an / creating PostgreSQL cluster $version/sprachstand on port $PG_PORT"
    [ "$(id -u)" = 0 ] ||
      die "Kein PostgreSQL-Cluster für Port $PG_PORT: bitte als root ./test.sh ausführen oder TEST_DATABASE_URL setzen. / No PostgreSQL cluster for port $PG_PORT: run ./test.sh as root or set TEST_DATABASE_URL."
    pg_createcluster "$version" sprachstand --port "$PG_PORT" >/dev/null
    cluster="$version sprachstand"
  fi
  if [ "$(id -u)" = 0 ] && [ ! -d /var/run/postgresql ]; then # made at boot by tmpfiles.d; not in a container
    install -d -o postgres -g postgres -m 2775 /var/run/postgresql
  fi
  say "Starte PostgreSQL $cluster / starting PostgreSQL $cluster"
  # shellcheck disable=SC2086 # "VERSION NAME" are two arguments
  pg_ctlcluster --skip-systemctl-redirect $cluster start ||
    die "PostgreSQL $cluster startet nicht (siehe /var/log/postgresql/). / PostgreSQL $cluster does not start (see /var/log/postgresql/)."
  _pg_wait || die "PostgreSQL antwortet nicht auf $PG_HOST:$PG_PORT. / PostgreSQL does not answer on $PG_HOST:$PG_PORT."
}

# Lets the user postgres connect from this machine without a password (tests only), for the Debian
# cluster on $PG_PORT, and reloads it.
_pg_allow_local_trust() {
  local cluster hba
  cluster="$(_pg_cluster_on_port)"
  [ -n "$cluster" ] && [ "$(id -u)" = 0 ] || return 1
  hba="/etc/postgresql/${cluster/ //}/pg_hba.conf"
  [ -f "$hba" ] || return 1
  grep -qF "$PG_TRUST_MARK" "$hba" && return 1
  say "Erlaube dem Benutzer postgres lokale Verbindungen ohne Passwort in $hba / allowing local password-less connections of postgres in $hba"
  { printf '%s\nhost all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n' "$PG_TRUST_MARK"; cat "$hba"; } >"$hba.new"
  chown --reference="$hba" "$hba.new" && chmod --reference="$hba" "$hba.new" && mv "$hba.new" "$hba"
  # shellcheck disable=SC2086
  pg_ctlcluster --skip-systemctl-redirect $cluster reload
  sleep 1
}

sprachstand_test_postgres() {
  if [ -n "${TEST_DATABASE_URL:-}" ]; then
    return 0
  fi
  _pg_answers || _pg_start
  if ! _pg_run check 2>/dev/null; then
    _pg_allow_local_trust || true
    _pg_run check ||
      die "PostgreSQL auf $PG_HOST:$PG_PORT lässt den Benutzer postgres nicht ohne Passwort zu: bitte TEST_DATABASE_URL=postgresql+psycopg://BENUTZER:PASSWORT@HOST:PORT/test setzen. / PostgreSQL on $PG_HOST:$PG_PORT refuses postgres without a password: set TEST_DATABASE_URL."
  fi
  _pg_run create-test || die "Die Datenbank test ließ sich nicht anlegen. / Could not create the database test."
  export TEST_DATABASE_URL="postgresql+psycopg://postgres@$PG_HOST:$PG_PORT/test"
}
