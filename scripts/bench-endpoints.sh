#!/usr/bin/env bash
# `yarn bench:endpoints [requests]`: what each backend request of the Overview and the catalog
# list costs the backend (scripts/bench-endpoints.mjs says what and how). Run by hand, not by
# npm test: it starts a backend with the demo data (about a minute) and sends each request
# a few hundred times.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
runway_bootstrap
cd "$runway_root"
exec node scripts/bench-endpoints.mjs "$@"
