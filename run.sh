#!/usr/bin/env bash
# Set up (first run only) and open the newsrag web UI (http://127.0.0.1:7860 by default) with the
# bundled sample news loaded into an empty index. Extra arguments go to `newsrag serve`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$root/scripts/setup.sh"
exec "${NEWSRAG_VENV:-$root/.venv}/bin/newsrag" serve "$@"
