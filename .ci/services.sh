#!/usr/bin/env bash
# Installs what the integration tests need from Debian's packages (chromium for browser tests).
set -uo pipefail
case "${1:-start}" in
  start)
    if ! command -v chromium >/dev/null 2>&1; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >/dev/null 2>&1 || true
      apt-get install -y -qq chromium >/dev/null 2>&1 || echo "warning: chromium not installed" >&2
    fi
    ;;
  stop) ;;
esac
