#!/usr/bin/env bash
# `yarn bench:pages [runs]`: page loads of the production frontend build with and without
# Runway's additions (scripts/bench-pages.mjs says what and how). Run by hand, not by npm test:
# it builds the frontend (a few minutes) and loads each page 2 x runs times.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"
runway_bootstrap
cd "$runway_root"
runway_ensure_chromium || { runway_log "Chromium not found: apt-get install chromium"; exit 1; }
if [ "${RUNWAY_BENCH_SKIP_BUILD:-}" != 1 ]; then
  runway_log "building the frontend for production (packages/app/dist)"
  yarn workspace app build
fi
exec node scripts/bench-pages.mjs "$@"
