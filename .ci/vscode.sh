#!/usr/bin/env bash
# Build, unit-test and end-to-end test the VS Code extension.
#
#   1. Debian packages: chromium (the browser the end-to-end test drives), ripgrep
#      (code-server's search dependency, see below), a C++ toolchain and Kerberos
#      headers for code-server's native modules, and a font for screenshots.
#   2. vscode-client: npm ci, npm run package (bundles the server into the .vsix,
#      type-checks, builds), npm test (node:test unit tests).
#   3. tests/vscode: installs code-server and playwright-core once per lock file
#      into a cache folder outside the work tree, then runs the end-to-end test.
#
# Runs as root on Debian 12 with Python 3.11 (with pip), Node 20 and npm. Safe to
# run again: each step skips what is already in place. Environment:
#   DOCKERFILE_LS_E2E_CACHE  cache folder (default ~/.cache/dockerfile-ls-vscode-e2e)
#   DOCKERFILE_LS_E2E_ARTIFACTS  where failure screenshots go (default: a temp folder)
#   SKIP_VSCODE_E2E=1        build and unit-test only
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLIENT="$ROOT/vscode-client"
E2E="$ROOT/tests/vscode"
CACHE="${DOCKERFILE_LS_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dockerfile-ls-vscode-e2e}"

# code-server builds native modules with node-gyp: use the Node headers Debian
# installed in /usr/include/node instead of downloading them, and let npx start
# node-gyp without a prompt.
export DEBIAN_FRONTEND=noninteractive
export npm_config_nodedir=/usr
export npm_config_yes=true
export npm_config_audit=false
export npm_config_fund=false
export npm_config_update_notifier=false

step() {
  echo "== vscode: $* ($(date +%T))"
}

install_debian_packages() {
  local packages=(chromium ripgrep fonts-dejavu-core g++ make python3 libkrb5-dev)
  local missing=()
  local package
  for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return
  fi
  step "apt-get install ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# @vscode/ripgrep's install script downloads a ripgrep build from GitHub unless
# $TMPDIR/vscode-ripgrep-cache-<package version>/ripgrep-<release>-<target>.tar.gz
# exists (see its lib/download.js). Put Debian's rg there. The versions are the
# ones code-server 4.100.3 pins in lib/vscode/npm-shrinkwrap.json; update them
# together with code-server in tests/vscode/package.json.
prefill_ripgrep_cache() {
  local folder="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  local archive="$folder/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [[ -s "$archive" ]]; then
    return
  fi
  local staging
  staging="$(mktemp -d)"
  cp /usr/bin/rg "$staging/rg"
  mkdir -p "$folder"
  tar -czf "$archive.partial" -C "$staging" rg
  mv "$archive.partial" "$archive"
  rm -rf "$staging"
}

install_e2e_dependencies() {
  local lock_hash
  lock_hash="$(cat "$E2E/package.json" "$E2E/package-lock.json" | sha256sum | cut -c1-16)"
  local prefix="$CACHE/$lock_hash"
  if [[ ! -f "$prefix/.installed" ]]; then
    step "installing code-server and playwright-core into $prefix"
    prefill_ripgrep_cache
    rm -rf "$prefix"
    mkdir -p "$prefix"
    cp "$E2E/package.json" "$E2E/package-lock.json" "$prefix/"
    # code-server's install script exits unless npm_config_unsafe_perm=true when
    # it runs as root, although npm 7 and later no longer know that option.
    (cd "$prefix" && npm_config_unsafe_perm=true npm ci --no-audit --no-fund --loglevel=error)
    touch "$prefix/.installed"
  fi
  export DOCKERFILE_LS_E2E_PACKAGES="$prefix"
}

step "Debian packages"
install_debian_packages

step "extension: npm ci"
(cd "$CLIENT" && npm ci --no-audit --no-fund --loglevel=error)

step "extension: package"
(cd "$CLIENT" && npm run --silent package </dev/null >/dev/null)
ls -l "$CLIENT/dockerfile-ls.vsix"

step "extension: unit tests"
(cd "$CLIENT" && npm test)

if [[ "${SKIP_VSCODE_E2E:-}" == "1" ]]; then
  step "end-to-end test skipped (SKIP_VSCODE_E2E=1)"
  exit 0
fi

step "end-to-end: dependencies"
install_e2e_dependencies

step "end-to-end: code-server + Chromium"
DOCKERFILE_LS_VSIX="$CLIENT/dockerfile-ls.vsix" node --test "$E2E/e2e.test.mjs"
step "done"
