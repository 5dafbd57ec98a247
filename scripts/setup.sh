#!/usr/bin/env bash
# Create (or refresh) the project's virtualenv with everything newsrag and its tests need.
# Needs only python3 (3.11+) with venv: every dependency comes as a prebuilt wheel (the LLM test
# server too: xllamacpp), so no compiler, cmake or Rust is needed.
# torch is pinned to 2.13.0: the CPU wheel (the unpinned default is a multi-GB CUDA build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${NEWSRAG_VENV:-$root/.venv}"
py="${PYTHON:-python3}"
stamp="$venv/.newsrag-installed"
want="$(cat "$root/pyproject.toml" "$root/scripts/setup.sh" | sha256sum | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
fail() {
  echo "newsrag: $*" >&2
  exit 1
}
if [ ! -x "$venv/bin/python" ]; then
  command -v "$py" >/dev/null || fail "$py not found: install Python 3.11 or newer (Debian/Ubuntu: apt-get install python3 python3-venv)"
  "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    fail "$("$py" --version 2>&1) is too old: newsrag needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)"
  "$py" -c 'import ensurepip, venv' 2>/dev/null ||
    fail "$py cannot create virtualenvs: install its venv module (Debian/Ubuntu: apt-get install python3-venv)"
fi
echo "newsrag: setting up $venv (first run takes a few minutes)..." >&2
[ -x "$venv/bin/python" ] || "$py" -m venv "$venv" || fail "could not create the virtualenv $venv (see above)"
pip=("$venv/bin/python" -m pip -q)
"${pip[@]}" install --upgrade pip >&2 || fail "could not upgrade pip in $venv: check the network or your pip index (see above)"
"${pip[@]}" install "torch==2.13.0" >&2 || fail "could not install torch==2.13.0: check the network or your pip index (see above)"
# --only-binary: the LLM test server must come as a prebuilt wheel, never a source build (which
# needs cmake, a C++ compiler and Rust, and takes minutes)
"${pip[@]}" install --only-binary xllamacpp -e "$root[test]" >&2 ||
  fail "could not install newsrag and its test dependencies: check the network or your pip index (see above)"
echo "$want" > "$stamp"
