#!/usr/bin/env bash
# `npm start` / `yarn start`: the embedded default. Frontend on :3000, backend on :7007,
# SQLite files under .runway/data, guest sign-in, the demo organisation from examples/.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"
runway_bootstrap
cd "$runway_root"
mkdir -p .runway/data
runway_ensure_mkdocs || true
runway_log "starting Runway: open http://localhost:3000 (backend http://localhost:7007, data in .runway/data)"
exec yarn backstage-cli repo start "$@"
