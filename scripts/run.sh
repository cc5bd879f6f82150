#!/usr/bin/env bash
# Runs the platform: builds the `motcua` server (release), applies migrations, seeds the demo
# province on first start (embedded SQLite in ./data unless DATA_DIR says otherwise) and serves
# http://127.0.0.1:8080 (HOST and PORT override). Any argument is passed to `motcua`
# (`serve` by default; also `migrate`, `seed`, `create-admin USERNAME`).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v swift >/dev/null 2>&1; then
  export PATH="/opt/swift/usr/bin:$PATH"
fi
echo "Building motcua (release; the first build takes several minutes)..."
swift build -c release --product motcua
exec .build/release/motcua "${@:-serve}"
