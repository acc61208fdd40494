#!/usr/bin/env bash
# Browser tests: starts a throw-away portal (fresh SQLite, demo data, ports 3100/7107 so a
# running `npm start` is left alone), runs Playwright on Debian's Chromium, stops the portal.
# Screenshots and the report land in test-results/.
#
# RUNWAY_E2E_APP=production (what npm test uses, after building every package) tests the
# production frontend bundle (packages/app/dist) that the backend serves, as a deployed portal
# does: no dev server on the frontend port, the pages are the minified build users get. The
# default, `dev`, starts the frontend dev server as `yarn start` does, for working on the app.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"
runway_bootstrap || exit 1
cd "$runway_root"
runway_ensure_chromium || { runway_log "Chromium not found: apt-get install chromium"; exit 1; }
runway_ensure_mkdocs || true

results="$runway_root/test-results"
mkdir -p "$results"
frontend_port="${RUNWAY_E2E_FRONTEND_PORT:-3100}"
backend_port="${RUNWAY_E2E_BACKEND_PORT:-7107}"
data_dir="$(mktemp -d "${TMPDIR:-/tmp}/runway-e2e-XXXXXX")"
app_mode="${RUNWAY_E2E_APP:-dev}"
# Runs on other ports (several at once while developing) keep their own log and artifacts:
# Playwright empties its output folder when it starts. Keyed by the port the browser opens
# (in production mode the backend's, which serves the app), which no two runs at once share.
if [ "$app_mode" = production ]; then
  browser_port="$backend_port" default_port=7107
else
  browser_port="$frontend_port" default_port=3100
fi
run_suffix=""
[ "$browser_port" = "$default_port" ] || run_suffix="-$browser_port"
portal_log="$results/portal$run_suffix.log"
export RUNWAY_E2E_ARTIFACTS="$results/playwright-artifacts$run_suffix"
export RUNWAY_E2E_REPORT="$results/playwright$run_suffix.json"

case "$app_mode" in
  dev) ;;
  production)
    # npm test's production-backend test has just built it (the backend bundle builds the
    # app); built again when missing or older than any frontend source or config.
    if [ ! -f packages/app/dist/index.html ] ||
      [ -n "$(find packages/app/src packages/app/public plugins/*/src app-config.yaml \
        -newer packages/app/dist/index.html -print -quit 2>/dev/null)" ]; then
      runway_log "building the production frontend (packages/app/dist)"
      yarn workspace app build > "$results/app-build$run_suffix.log" 2>&1 ||
        { runway_log "!! yarn workspace app build failed: see $results/app-build$run_suffix.log"; exit 1; }
    fi
    frontend_port="$backend_port" ;; # the backend serves the built app
  *) runway_log "RUNWAY_E2E_APP must be dev or production, not $app_mode"; exit 1 ;;
esac

export RUNWAY_DATA_DIR="$data_dir"
export APP_CONFIG_app_baseUrl="http://localhost:$frontend_port"
export APP_CONFIG_backend_baseUrl="http://localhost:$backend_port"
export APP_CONFIG_backend_listen_port="$backend_port"
export APP_CONFIG_backend_cors_origin="http://localhost:$frontend_port"
# golden-path-create.test.ts publishes a new service to a local git repository (in $data_dir).
export APP_CONFIG_scaffolder_runway_localPublish_enabled=true
# Signed GitHub webhooks in security.test.ts (a dev-only secret of this throw-away portal).
export GITHUB_WEBHOOK_SECRET="${GITHUB_WEBHOOK_SECRET:-runway-e2e-webhook-secret}"
# A small decompression cap, so that security.test.ts's gzip bomb stays cheap to build.
export APP_CONFIG_cost_import_maxDecompressedMb=64
# Lets a second browser context sign in as a named demo user (e.g. an approver).
export RUNWAY_DEMO_SIGN_IN=true
export APP_CONFIG_app_signInProviders='["guest","runway-demo"]'


runway_log "starting a test portal ($app_mode app) on :$frontend_port / :$backend_port (data in $data_dir)"
if [ "$app_mode" = production ]; then
  # The backend from its sources as `yarn workspace backend start` runs it, minus the file
  # watcher (as bench-pages.mjs does): a source edited in the checkout mid-run would restart
  # the portal under the tests.
  node_transform="$(node -p 'require.resolve("@backstage/cli-node/config/nodeTransform.cjs")')"
  (cd packages/backend &&
    NODE_ENV="${NODE_ENV:-development}" ESBK_TSCONFIG_PATH="$runway_root/tsconfig.json" \
      exec setsid node --enable-source-maps --require "$node_transform" src/index) \
    > "$portal_log" 2>&1 &
else
  setsid yarn backstage-cli repo start > "$portal_log" 2>&1 &
fi
portal_pid=$!
stop_portal() {
  kill -TERM -- "-$portal_pid" 2>/dev/null
  for _ in $(seq 1 20); do kill -0 "$portal_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$portal_pid" 2>/dev/null
  rm -rf "$data_dir"
}
trap stop_portal EXIT

wait_for() { # wait_for URL SECONDS
  for _ in $(seq 1 "$2"); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$portal_pid" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}
if ! wait_for "http://localhost:$backend_port/.backstage/health/v1/readiness" 240 ||
   ! wait_for "http://localhost:$frontend_port" 240; then
  runway_log "!! the test portal did not come up; last lines of $portal_log:"
  tail -n 40 "$portal_log"
  exit 1
fi
runway_log "test portal is up"

PLAYWRIGHT_URL="http://localhost:$frontend_port" \
RUNWAY_BACKEND_URL="http://localhost:$backend_port" \
  yarn playwright test "$@"
