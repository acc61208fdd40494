#!/usr/bin/env bash
# Exports Runway's product plugins as Red Hat Developer Hub dynamic plugins (docs/rhdh.md):
#   scripts/export-dynamic-plugins.sh                  # all ten product plugins
#   scripts/export-dynamic-plugins.sh cost-backend cost  # only these (folder names under plugins/)
# Each plugin's package lands in plugins/<name>/dist-dynamic/ (git-ignored); `npm pack` there
# makes the tarball an RHDH admin installs. The export packs the packages' built dist/ (it does
# not rebuild them; when one is missing it runs `yarn tsc && yarn backstage-cli repo build`);
# the frontends' Scalprum bundles are compiled from src/ by the CLI's own webpack.
#
# Backend plugins and modules embed the @runway/* libraries they use (the -common packages and
# @runway/backend-utils are not part of RHDH) and keep every @backstage/* package as a shared
# peer dependency provided by RHDH; their other dependencies are installed privately into
# dist-dynamic/node_modules. Frontend plugins get the Scalprum bundle RHDH loads
# (dist-dynamic/dist-scalprum/). The standard module federation assets are not generated: the
# CLI would write them over the package's own dist/, which the other packaging checks use.
#
# The RHDH CLI (@red-hat-developer-hub/cli, pinned below) is installed with npm into
# .tools/rhdh-cli, outside the workspace, so the repository's lockfile does not change.
# Per plugin logs and a status table (name, exit code, seconds) go to $RUNWAY_DYNAMIC_LOG_DIR
# (default test-results/dynamic-plugins/). $RUNWAY_DYNAMIC_JOBS exports run at a time (default 2).
# Exit code: 0 when every export succeeded.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

rhdh_cli_version="1.9.1"
rhdh_cli_dir="$runway_tools/rhdh-cli"
rhdh_cli="$rhdh_cli_dir/node_modules/.bin/rhdh-cli"
product_plugins=(
  cost-backend delivery-backend environments-backend golden-paths-backend
  scaffolder-backend-module-runway permission-backend-module-runway
  cost delivery environments golden-paths
)

runway_ensure_rhdh_cli() {
  local installed
  installed="$(node -p "require('$rhdh_cli_dir/node_modules/@red-hat-developer-hub/cli/package.json').version" 2>/dev/null)"
  [ "$installed" = "$rhdh_cli_version" ] && [ -x "$rhdh_cli" ] && return 0
  runway_log "installing @red-hat-developer-hub/cli@$rhdh_cli_version into .tools/rhdh-cli (a minute or two, once)"
  mkdir -p "$rhdh_cli_dir"
  # A package.json of its own keeps npm from walking up into the yarn workspace.
  [ -f "$rhdh_cli_dir/package.json" ] || echo '{ "name": "runway-rhdh-cli", "private": true }' > "$rhdh_cli_dir/package.json"
  (cd "$rhdh_cli_dir" && npm install --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
      --loglevel=error "@red-hat-developer-hub/cli@$rhdh_cli_version" >/dev/null) || return 1
  [ -x "$rhdh_cli" ]
}

# The @runway/* packages a plugin depends on, transitively: they are embedded in backend exports.
runway_embedded_packages() {
  node - "$runway_root" "$1" <<'EOF'
const fs = require('fs');
const path = require('path');
const [root, pluginDir] = process.argv.slice(2);
const byName = new Map();
for (const group of ['plugins', 'packages']) {
  for (const dir of fs.readdirSync(path.join(root, group))) {
    const file = path.join(root, group, dir, 'package.json');
    if (fs.existsSync(file)) byName.set(JSON.parse(fs.readFileSync(file, 'utf8')).name, file);
  }
}
const found = new Set();
const visit = file => {
  const deps = JSON.parse(fs.readFileSync(file, 'utf8')).dependencies ?? {};
  for (const name of Object.keys(deps)) {
    if (name.startsWith('@runway/') && byName.has(name) && !found.has(name)) {
      found.add(name);
      visit(byName.get(name));
    }
  }
};
visit(path.join(pluginDir, 'package.json'));
console.log([...found].join(' '));
EOF
}

runway_plugin_role() {
  node -p "require('$1/package.json').backstage.role"
}

# export_one NAME: runs the RHDH CLI in plugins/NAME, appends "NAME rc seconds" to the status table.
export_one() {
  local name="$1" dir="$runway_root/plugins/$1" log="$log_dir/$1.log" role args=() start rc
  start=$(date +%s)
  role="$(runway_plugin_role "$dir")"
  case "$role" in
    backend-plugin | backend-plugin-module)
      args=(--no-build)
      local embedded
      embedded="$(runway_embedded_packages "$dir")"
      # shellcheck disable=SC2206
      [ -n "$embedded" ] && args+=(--embed-package $embedded) ;;
    frontend-plugin)
      args=(--no-generate-module-federation-assets) ;;
    *)
      echo "role $role cannot be exported" > "$log"
      echo "$name 1 0" >> "$log_dir/status.txt"
      return 1 ;;
  esac
  (cd "$dir" && "$rhdh_cli" plugin export --clean "${args[@]}") > "$log" 2>&1
  rc=$?
  # The export stays in the package folder, where `backstage-cli package lint` would otherwise
  # lint its bundles and installed dependencies (ESLint does not read .gitignore).
  [ -d "$dir/dist-dynamic" ] && echo '{ "ignorePatterns": ["**/*"] }' > "$dir/dist-dynamic/.eslintrc.json"
  local seconds=$(($(date +%s) - start))
  echo "$name $rc $seconds" >> "$log_dir/status.txt"
  if [ "$rc" -eq 0 ]; then runway_log "exported $name ($role) in ${seconds}s"
  else runway_log "!! export of $name failed after ${seconds}s (exit $rc): $log"; tail -20 "$log" >&2; fi
  return "$rc"
}

main() {
  runway_bootstrap || return 1
  cd "$runway_root" || return 1
  local selected=("$@")
  [ ${#selected[@]} -eq 0 ] && selected=("${product_plugins[@]}")
  log_dir="${RUNWAY_DYNAMIC_LOG_DIR:-$runway_root/test-results/dynamic-plugins}"
  mkdir -p "$log_dir" && : > "$log_dir/status.txt"
  local total_start
  total_start=$(date +%s)

  runway_ensure_rhdh_cli || { runway_log "!! could not install @red-hat-developer-hub/cli@$rhdh_cli_version"; return 1; }

  local name missing=0
  for name in "${selected[@]}"; do
    [ -f "plugins/$name/package.json" ] || { runway_log "!! no plugin plugins/$name"; return 1; }
    [ -d "plugins/$name/dist" ] || missing=1
  done
  for dir in plugins/*-common packages/backend-utils; do [ -d "$dir/dist" ] || missing=1; done
  if [ "$missing" -eq 1 ]; then
    runway_log "some packages have no dist/: building (yarn tsc && yarn backstage-cli repo build)"
    yarn tsc && yarn backstage-cli repo build || return 1
  fi

  # Frontend bundles take longest: they go first, two exports run at a time.
  local failed=0 ordered=() pids=() pid jobs="${RUNWAY_DYNAMIC_JOBS:-2}"
  for name in "${selected[@]}"; do
    [ "$(runway_plugin_role "$runway_root/plugins/$name")" = frontend-plugin ] && ordered+=("$name")
  done
  for name in "${selected[@]}"; do
    [ "$(runway_plugin_role "$runway_root/plugins/$name")" = frontend-plugin ] || ordered+=("$name")
  done
  for name in "${ordered[@]}"; do
    export_one "$name" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then wait "${pids[0]}" || failed=1; pids=("${pids[@]:1}"); fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done

  runway_log "dynamic plugin export: ${#selected[@]} plugins in $(($(date +%s) - total_start))s, logs in ${log_dir#"$runway_root"/}/"
  return "$failed"
}

main "$@"
