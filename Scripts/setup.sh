#!/usr/bin/env bash
# Installs what Anzhi needs on a fresh Debian machine, skipping what is already there.
#   Scripts/setup.sh            build dependencies (libzip, libxml2, SQLite headers)
#   Scripts/setup.sh --test     also the tools tests use as oracles (LibreOffice Calc, openpyxl, and cryptography,
#                               pyhpke and lxml for the independent package implementation)
set -euo pipefail
want=(libzip-dev zlib1g-dev libxml2-dev libsqlite3-dev pkg-config)
if [ "${1:-}" = "--test" ]; then want+=(libreoffice-calc-nogui); fi
missing=()
for p in "${want[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ "${1:-}" = "--test" ]; then
  python3 -c "import openpyxl" 2>/dev/null || { echo "setup: installing openpyxl" >&2; python3 -m pip install -q openpyxl; }
  # The independent implementation of the package format (Tests/Fixtures/packages/independent.py).
  python3 -c "import cryptography, pyhpke, lxml" 2>/dev/null \
    || { echo "setup: installing cryptography, pyhpke, lxml" >&2; python3 -m pip install -q cryptography pyhpke lxml; }
fi
