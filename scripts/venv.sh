# Shared by ./run.sh, ./test.sh and ./manage (sourced, not run): the Python check, Debian packages and
# the project's virtual environment .venv. Every message is one line, German first, then English.
#
#   . scripts/venv.sh
#   sprachstand_venv requirements.txt     # sets VENV_PY (the venv's python) and installs the file's pins
#
# Set-up messages go to standard error, so `./manage export ... > file` stays clean.

SPRACHSTAND_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_DIR="$SPRACHSTAND_ROOT/.venv"
VENV_PY="$VENV_DIR/bin/python"
# The python that creates the venv: `python3` from PATH unless PYTHON names another one.
SYSTEM_PY="${PYTHON:-python3}"
_APT_UPDATED=""

say() { printf '%s\n' "$*" >&2; }

die() {
  say "$*"
  exit 1
}

# Python 3.11+ first, in one line, instead of a wall of pip errors about versions that do not exist.
# The version test is plain enough for any Python (even 2.7) to run it.
sprachstand_python() {
  command -v "$SYSTEM_PY" >/dev/null 2>&1 ||
    die "Sprachstand braucht Python 3.11 oder neuer: bitte installieren (Debian: apt-get install python3 python3-venv). / Sprachstand needs Python 3.11 or newer: please install it."
  if ! "$SYSTEM_PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1; then
    local found
    found="$("$SYSTEM_PY" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo '?')"
    die "Sprachstand braucht Python 3.11 oder neuer, gefunden: $SYSTEM_PY $found (PYTHON=/pfad/zu/python3.11 wählt ein anderes). / Sprachstand needs Python 3.11 or newer, found $SYSTEM_PY $found (set PYTHON=/path/to/python3.11)."
  fi
}

# Installs Debian packages that are missing (as root; otherwise one line saying what to install).
debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 ||
    die "Es fehlen die Pakete ${missing[*]}: bitte installieren. / Missing packages ${missing[*]}: please install them."
  [ "$(id -u)" = 0 ] ||
    die "Es fehlen Debian-Pakete: bitte als root \`apt-get install ${missing[*]}\` ausführen. / Missing Debian packages: run \`apt-get install ${missing[*]}\` as root."
  say "Installiere Debian-Pakete / installing Debian packages: ${missing[*]}"
  if [ -z "$_APT_UPDATED" ]; then
    apt-get update -qq
    _APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# A venv counts as made only once pip works in it (the marker file): Debian's python3 without the
# python3-venv package leaves a half-made .venv without pip behind.
_venv_ready() {
  [ -f "$VENV_DIR/.sprachstand-venv" ] && [ -x "$VENV_PY" ] &&
    "$VENV_PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

_make_venv() {
  _venv_ready && return 0
  rm -rf "$VENV_DIR"
  if ! "$SYSTEM_PY" -m venv "$VENV_DIR" >/dev/null 2>&1; then
    rm -rf "$VENV_DIR"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      debian_packages python3-venv
      "$SYSTEM_PY" -m venv "$VENV_DIR" >/dev/null ||
        die "Die virtuelle Umgebung .venv ließ sich nicht anlegen ($SYSTEM_PY -m venv .venv). / Could not create the virtual environment .venv."
    else
      die "$SYSTEM_PY kann keine virtuelle Umgebung anlegen: bitte python3-venv installieren (als root: apt-get install python3-venv). / $SYSTEM_PY cannot create a virtual environment: please install python3-venv."
    fi
  fi
  "$VENV_PY" -m pip --version >/dev/null 2>&1 ||
    die "In .venv fehlt pip: bitte python3-venv installieren und .venv löschen. / pip is missing in .venv: install python3-venv and delete .venv."
  : >"$VENV_DIR/.sprachstand-venv"
}

# The hash of a requirements file together with requirements.txt (which the dev file includes).
_requirements_hash() {
  cat "$SPRACHSTAND_ROOT/$1" "$SPRACHSTAND_ROOT/requirements.txt" | sha256sum | cut -d' ' -f1
}

_stamp() { printf '%s\n' "$VENV_DIR/.installed-$1"; }

# Creates .venv if needed and installs the pins of $1 into it — only when that file (or
# requirements.txt) changed since the last install into this venv.
sprachstand_venv() {
  local req="$1" want stamp
  sprachstand_python
  # one set-up at a time per checkout (./run.sh and ./manage started together share .venv)
  exec 9>"$SPRACHSTAND_ROOT/.venv.lock"
  flock 9
  _make_venv
  want="$(_requirements_hash "$req")"
  stamp="$(_stamp "$req")"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "Installiere die Python-Pakete aus $req in .venv / installing the Python packages of $req into .venv ..."
    "$VENV_PY" -m pip install -q --disable-pip-version-check -r "$SPRACHSTAND_ROOT/$req" ||
      die "pip konnte $req nicht installieren (siehe oben). / pip could not install $req (see above)."
    printf '%s\n' "$want" >"$stamp"
    if [ "$req" != requirements.txt ]; then # the dev set includes the runtime set
      _requirements_hash requirements.txt >"$(_stamp requirements.txt)"
    fi
  fi
  flock -u 9
  exec 9>&-
}
