#!/usr/bin/env bash
# Installs what the browser checks need: Debian's Chromium (never a browser downloaded by
# Playwright), Java for the Nu HTML checker, Node.js, then the npm tools pinned in
# package-lock.json. Safe to run again; installs only what is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
if ((${#need[@]})); then
  echo "Installing ${need[*]} from Debian"
  if [ "$(id -u)" -ne 0 ]; then
    echo "Run as root, or install them first: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi
echo "Installing axe-core, the Nu HTML checker and Lighthouse into qa/node_modules"
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
