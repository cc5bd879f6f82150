#!/usr/bin/env bash
# Runs the platform: builds the `motcua` server (release), applies migrations, seeds the demo
# province on first start (embedded SQLite in ./data unless DATA_DIR says otherwise) and serves
# http://127.0.0.1:8080 (HOST and PORT override). Any argument is passed to `motcua`
# (`serve` by default; also `migrate`, `seed`, `create-admin USERNAME`).
# The binary runs in production unless told otherwise; this script asks for the demo
# (MOTCUA_ENV=development) unless MOTCUA_ENV is already set.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v swift >/dev/null 2>&1; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi
# The server's HTTP client (payment callbacks, notification gateways) uses libcurl through Foundation.
if ! ldconfig -p 2>/dev/null | grep -q 'libcurl\.so\.4'; then
  echo "Installing libcurl4 (needed by Foundation's HTTP client)..."
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -q >/dev/null && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libcurl4 >/dev/null
fi
echo "Building motcua (release; the first build takes several minutes)..."
swift build -c release --product motcua
export MOTCUA_ENV="${MOTCUA_ENV:-development}"
exec .build/release/motcua "${@:-serve}"
