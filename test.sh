#!/usr/bin/env bash
# Set up (first run only), check lint and formatting (ruff), and run the whole test suite.
# Extra arguments go to pytest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$root/scripts/setup.sh"
cd "$root"
py="${NEWSRAG_VENV:-$root/.venv}/bin/python"
if ! "$py" -m ruff check --quiet .; then
  echo "newsrag: ruff check found the problems above: fix them (many with: $py -m ruff check --fix .)" >&2
  exit 1
fi
if ! "$py" -m ruff format --check --quiet .; then
  echo "newsrag: the files above are not formatted: run $py -m ruff format ." >&2
  exit 1
fi
exec "$py" -m pytest "$@"
