#!/usr/bin/env bash
# Installs the AWS emulator (moto server) and the AWS CLI into <repo>/.venv.
#
# Idempotent and fast when already installed: a stamp file (.venv/.emulator-requirements.sha256) holds the
# sha256 of emulator/requirements.txt; when it matches and both moto_server and aws exist, nothing is done.
# When requirements.txt changes, the requirements are installed again into the same venv.
#
# Usage: bash emulator/install.sh            (from anywhere; the repo is the parent of this script's folder)
# Env:   PYTHON=/path/to/python3             (optional, default: python3 on PATH)
#        EMULATOR_VENV=/path/to/venv         (optional, default: <repo>/.venv)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
requirements="$script_dir/requirements.txt"
venv="${EMULATOR_VENV:-$repo_root/.venv}"
stamp="$venv/.emulator-requirements.sha256"
python="${PYTHON:-python3}"

fail() { echo "emulator/install.sh: $*" >&2; exit 1; }

[[ -f "$requirements" ]] || fail "missing $requirements"

sha_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1; fi
}
want_sha="$(sha_of "$requirements")"

if [[ -x "$venv/bin/python" && -x "$venv/bin/moto_server" && -x "$venv/bin/aws" && -f "$stamp" \
      && "$(cat "$stamp")" == "$want_sha" ]] && "$venv/bin/python" -c '' >/dev/null 2>&1; then
  echo "emulator: up to date in $venv"
  exit 0
fi

# Python 3.9+ with the venv module.
if ! command -v "$python" >/dev/null 2>&1 || ! "$python" -c 'import sys' >/dev/null 2>&1; then
  fail "python3 (3.9+) not found: install Python 3.9+ (e.g. apt-get install python3 python3-venv)"
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)'; then
  fail "python3 (3.9+) not found: $("$python" --version 2>&1) is too old; install Python 3.9+ (e.g. apt-get install python3 python3-venv)"
fi

log="$(mktemp "${TMPDIR:-/tmp}/emulator-install.XXXXXX.log")"
trap 'rm -f "$log"' EXIT

started=$SECONDS
if [[ ! -x "$venv/bin/python" || ! -x "$venv/bin/pip" ]] || ! "$venv/bin/python" -c '' >/dev/null 2>&1; then
  if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    fail "the Python venv module (with ensurepip) is missing: install python3-venv (e.g. apt-get install python3-venv)"
  fi
  if [[ -e "$venv" && ! -f "$venv/pyvenv.cfg" ]]; then
    fail "refusing to replace $venv: it exists but is not a virtualenv (no pyvenv.cfg); move it away"
  fi
  echo "emulator: creating virtualenv $venv"
  rm -rf "$venv"
  if ! "$python" -m venv "$venv" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    fail "python3 -m venv $venv failed (is python3-venv installed? e.g. apt-get install python3-venv)"
  fi
fi

echo "emulator: installing $(grep -Ev '^\s*(#|$)' "$requirements" | tr '\n' ' ')into $venv"
rm -f "$stamp"
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >"$log" 2>&1; then
  echo "---- pip output (last 40 lines) ----" >&2
  tail -n 40 "$log" | cut -c1-1000 >&2
  echo "------------------------------------" >&2
  fail "pip install -r $requirements failed (see pip's output above)"
fi
for tool in moto_server aws; do
  [[ -x "$venv/bin/$tool" ]] || fail "pip finished but $venv/bin/$tool is missing"
done
echo "$want_sha" >"$stamp"
echo "emulator: installed in $((SECONDS - started)) s"
