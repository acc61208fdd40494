#!/usr/bin/env bash
# `npm test` / `yarn test`: every check Runway has, in the order a failure is cheapest to find.
#   1. type check (tsc)            4. production backend against PostgreSQL, packaging (node --test)
#   2. lint (eslint, every package) 5. browser tests (Playwright + Chromium) on a started portal
#   3. unit, store and router tests (Jest; stores and routers on SQLite and PostgreSQL)
# Ends with `tests: N passed, N failed` over everything it ran (type check and lint count
# as one test each). Reports and screenshots land in test-results/ (git-ignored).
set -uo pipefail
suite_started=$SECONDS
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/services.sh"
runway_bootstrap || exit 1
cd "$runway_root"

export CI="${CI:-true}" # no watch mode, no interactive prompts
results="$runway_root/test-results"
rm -rf "$results" && mkdir -p "$results"
failed_steps=()

# Each step's wall time goes to durations.txt and into the closing summary: the suite has a
# time budget (README "Tests"), and this is where a run shows which step spent it.
step_name="set-up (toolchain, dependencies)"
step_started=$suite_started
end_step() {
  echo "$((SECONDS - step_started)) $step_name" >> "$results/durations.txt"
}
step() {
  end_step
  step_name="$1"
  step_started=$SECONDS
  runway_log "── $1"
}
record() { # record NAME EXIT_CODE
  if [ "$2" -eq 0 ]; then echo "$1 pass" >> "$results/steps.txt"
  else echo "$1 fail" >> "$results/steps.txt"; failed_steps+=("$1"); fi
}

# Databases for store and router tests: TestDatabases picks PostgreSQL from this variable
# and never tries Docker (there may be none).
export BACKSTAGE_TEST_DISABLE_DOCKER=1
if runway_ensure_postgres; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$runway_postgres_url"
  export RUNWAY_TEST_POSTGRES_URL="$runway_postgres_url"
else
  runway_log "!! no PostgreSQL at $runway_postgres_url: store tests run on SQLite only, production test fails"
  record "postgresql-available" 1
fi

# Golden-path templates are tested by building and running what they generate.
runway_ensure_template_toolchains || record "template-toolchains" 1

step "type check"
# A full emit (not incremental): the API reports below read these declarations, and an
# incremental emit may order union members differently from `yarn build:api-reports`.
yarn tsc --incremental false 2>&1 | tee "$results/tsc.log"
record "typecheck" "${PIPESTATUS[0]}"

step "lint"
yarn backstage-cli repo lint 2>&1 | tee "$results/lint.log"
record "lint" "${PIPESTATUS[0]}"
yarn backstage-cli repo fix --publish --check 2>&1 | tee -a "$results/lint.log"; [ "${PIPESTATUS[0]}" -eq 0 ] || record "lint" 1 # package.json publish metadata
# API and SQL reports (README "Releasing"), from the type check's full emit above
yarn build:api-reports:only --ci 2>&1 | tee -a "$results/lint.log"; [ "${PIPESTATUS[0]}" -eq 0 ] || record "lint" 1

step "unit, store and router tests"
yarn backstage-cli repo test --json --outputFile="$results/jest.json" 2>&1 | tee "$results/jest.log"
record "jest" "${PIPESTATUS[0]}"

step "build every package"
# The packaging tests below (adopter install, dynamic plugin export) use each package's dist/;
# `yarn tsc` above already wrote the declarations the builds bundle.
yarn backstage-cli repo build 2>&1 | tee "$results/build.log"
record "build" "${PIPESTATUS[0]}"

step "pack every public package"
# As a release packs them (scripts/release.sh), for the adopter test below. A step of its own:
# each package's prepack rewrites its package.json while it runs, and the node --test files,
# two at a time, read those. One package at a time: yarn runs a parallel foreach's packs inside
# one process, and a CI run with three at a time left two plugins' package.json rewritten (their
# postpack never ran), which failed five tests downstream; sequential costs about 35 s.
rm -rf "$results/tarballs" && mkdir -p "$results/tarballs"
if yarn workspaces foreach --all --no-private pack --out "$results/tarballs/%s-%v.tgz" \
  > "$results/pack.log" 2>&1; then
  record "pack" 0
else
  record "pack" 1
  # The CI log is all a failed run leaves: show why here, not only in test-results/.
  runway_log "!! yarn pack failed; the end of test-results/pack.log:"
  grep -E "YN0001|failed in workspace|Error" "$results/pack.log" | tail -n 20
  tail -n 20 "$results/pack.log"
fi
# A pack that failed between prepack and postpack leaves the rewritten package.json behind
# (backstage-cli keeps the original as package.json-prepack); put the originals back so the
# steps below test the repository, not a half-packed copy of it.
for backup in packages/*/package.json-prepack plugins/*/package.json-prepack; do
  [ -e "$backup" ] || continue
  runway_log "!! restoring ${backup%-prepack} (left rewritten by a failed pack)"
  mv -f "$backup" "${backup%-prepack}"
done
export RUNWAY_PACKED_TARBALLS="$results/tarballs"

step "production backend, packaging and adoption (node --test)"
# The adopter test installs Runway into a stock app twice: as create-app made it (the Backstage
# release this repository runs) and upgraded to the newest Backstage on the registry. Two files
# run at a time: the adopter test waits on installs for minutes, while the dynamic plugin
# export beside it compiles (16.5 min one at a time on 2 cores).
RUNWAY_ADOPTION_MODE="${RUNWAY_ADOPTION_MODE:-both}" node --test --test-concurrency=2 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$results/production.tap" \
  scripts/tests/*.test.mjs
record "production" $?

step "browser tests"
if runway_ensure_chromium; then
  # On the production bundle the build step above made: what a deployed portal serves.
  RUNWAY_E2E_APP="${RUNWAY_E2E_APP:-production}" bash scripts/e2e.sh
  record "e2e" $?
else
  runway_log "!! Chromium is missing and could not be installed (apt-get install chromium)"
  record "chromium-available" 1
fi

end_step
echo "$((SECONDS - suite_started)) total" >> "$results/durations.txt"
node scripts/lib/summarize-tests.mjs "$results"
summary_rc=$?
if [ ${#failed_steps[@]} -gt 0 ]; then
  runway_log "failed: ${failed_steps[*]} (logs in test-results/)"
  exit 1
fi
exit $summary_rc
