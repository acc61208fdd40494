#!/usr/bin/env bash
# `yarn release`: prepares a release of Runway's published packages without publishing it.
#   1. `changeset version`: applies the pending .changeset/*.md files (new versions, CHANGELOG.md
#      entries, internal dependency ranges) and deletes them
#   2. `yarn install`: refreshes yarn.lock for the new versions
#   3. type check + build of every package (`yarn tsc` writes the declarations the builds bundle)
#   4. `yarn pack` of every public package into dist-release/<name>-<version>.tgz
# Then review `git diff`, commit it ("Version packages") and publish as the root README's
# "Releasing" section says. Publishing needs a registry token, so this script never does it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
runway_bootstrap || exit 1
cd "$runway_root"

out="$runway_root/dist-release"

runway_log "── changeset version"
yarn changeset version

runway_log "── yarn install (lockfile refresh)"
YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn install

runway_log "── type check and build"
yarn tsc
# Builds every package except the bundled demo app and backend, which are never published.
yarn backstage-cli repo build

runway_log "── pack into dist-release/"
rm -rf "$out" && mkdir -p "$out"
# The folder ignores itself: tarballs are release artefacts, never commits.
echo '*' > "$out/.gitignore"
# --no-private skips the demo portal and the demo sign-in module. `yarn pack` runs each
# package's prepack (backstage-cli package prepack: publishConfig entry points, workspace:^
# ranges replaced by real versions) and postpack (restores package.json).
yarn workspaces foreach --all --no-private pack --out "$out/%s-%v.tgz"

runway_log "packed $(ls "$out"/*.tgz | wc -l) packages into dist-release/:"
ls -1 "$out"
runway_log "next: review 'git diff', commit it, then publish (README.md, Releasing)"
