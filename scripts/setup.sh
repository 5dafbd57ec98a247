#!/usr/bin/env bash
# Create (or refresh) the project's virtualenv with everything newsrag and its tests need.
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
echo "newsrag: setting up $venv (first run takes a few minutes)..." >&2
[ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip >&2
"$venv/bin/python" -m pip install -q "torch==2.13.0" >&2
"$venv/bin/python" -m pip install -q -e "$root[test]" >&2
echo "$want" > "$stamp"
