#!/usr/bin/env bash
# Configures (once) and builds q6sim in build/ with warnings as errors.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/build.ninja ] || meson setup build -Dwerror=true >/dev/null
ninja -C build --quiet
