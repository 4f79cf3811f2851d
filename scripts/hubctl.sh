#!/usr/bin/env bash
# Runs the auditor CLI on Node 24, building it first when its sources (or the libraries') changed.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
entry="$ROOT/dist/tools/hubctl/src/main.js"
if [ ! -f "$entry" ] || [ -n "$(find "$ROOT/tools" "$ROOT/libs" -name '*.ts' -newer "$entry" -print -quit)" ]; then
  build > /dev/null
fi
exec node -r "$ROOT/scripts/runtime-paths.cjs" --disable-warning=TimeoutNegativeWarning "$entry" "$@"
