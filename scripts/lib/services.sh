# Helpers for scripts/test.sh: make sure the machine services the tests use are there.
# Sourced after scripts/bootstrap.sh (uses runway_log).

runway_postgres_url="${RUNWAY_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}"

runway_postgres_ready() {
  node -e '
    const { Client } = require("pg");
    const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));
  ' "$runway_postgres_url" 2>/dev/null
}

# Starts a local PostgreSQL cluster that is installed but stopped (Debian's pg_ctlcluster).
runway_ensure_postgres() {
  runway_postgres_ready && return 0
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    local version
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    runway_log "PostgreSQL is down; starting cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    for _ in $(seq 1 30); do runway_postgres_ready && return 0; sleep 1; done
  fi
  return 1
}

# Debian's Chromium drives the browser tests (Playwright cannot download browsers here).
runway_ensure_chromium() {
  RUNWAY_CHROMIUM="${RUNWAY_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
  if [ -z "$RUNWAY_CHROMIUM" ] && command -v apt-get >/dev/null 2>&1; then
    runway_log "installing Chromium for the browser tests (apt-get install chromium)"
    local sudo=""
    [ "$(id -u)" = "0" ] || sudo="sudo -n"
    $sudo apt-get update -qq >/dev/null && \
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null || true
    RUNWAY_CHROMIUM="$(command -v chromium || true)"
  fi
  [ -n "$RUNWAY_CHROMIUM" ] || return 1
  export RUNWAY_CHROMIUM
}

# TechDocs builds docs with the machine's mkdocs + mkdocs-material (Debian packages). Best
# effort: without them the portal runs and only the Docs tab explains it cannot build.
runway_ensure_mkdocs() {
  # The material theme is a Python package from pip, or a theme folder in Debian's package.
  local mkdocs_bin
  mkdocs_bin="$(command -v mkdocs || true)"
  if [ -n "$mkdocs_bin" ] && { [ -d /usr/share/mkdocs/themes/material ] ||
      "$(head -n 1 "$mkdocs_bin" | sed 's/^#! *//')" -c 'import material' >/dev/null 2>&1; }; then
    return 0
  fi
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    runway_log "installing mkdocs and mkdocs-material for TechDocs (apt-get)"
    apt-get update -qq >/dev/null && \
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mkdocs mkdocs-material >/dev/null && return 0
  fi
  runway_log "mkdocs + mkdocs-material not found: TechDocs pages will not build (install them to read service docs)"
  return 1
}

# The golden-path template tests build and run generated services with Debian's own toolchains:
# promtool (prometheus) checks alert rules, kubectl builds the Kustomize overlays, Python +
# FastAPI and Go + client_golang run the generated code, shellcheck reads every `run:` block.
# Installed once; the tests fail with the apt-get line when a package is missing.
runway_template_packages="prometheus python3-fastapi python3-uvicorn python3-prometheus-client \
python3-pythonjsonlogger python3-httpx python3-pytest python3-pytest-cov golang-go \
golang-github-prometheus-client-golang-dev shellcheck kubectl"

runway_ensure_template_toolchains() {
  local missing=()
  for pkg in $runway_template_packages; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if command -v apt-get >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" = "0" ] || sudo="sudo -n"
    runway_log "installing the template test toolchains (apt-get install ${missing[*]})"
    $sudo apt-get update -qq >/dev/null && \
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null && return 0
  fi
  runway_log "!! could not install ${missing[*]}: the golden-path template tests will fail"
  return 1
}
