#!/usr/bin/env bash
# Set up (first run only) and run newsrag on its embedded defaults with the bundled sample news.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$root/scripts/setup.sh"
exec "${NEWSRAG_VENV:-$root/.venv}/bin/newsrag" demo "$@"
