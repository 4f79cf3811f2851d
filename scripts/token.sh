#!/usr/bin/env bash
# Prints a bearer token from the local issuer (development and tests): npm run token -- --role clinician --org <SOR>
# [--patient <id>] [--project <id>] [--ttl 1h]. The key lives in ${HUB_RUN_DIR:-.run/hub}/auth, made by scripts/hub.sh.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
entry="$ROOT/dist/tools/token/src/main.js"
if [ ! -f "$entry" ] || [ -n "$(find "$ROOT/tools/token" "$ROOT/libs" -name '*.ts' -newer "$entry" -print -quit)" ]; then
  build > /dev/null
fi
exec node -r "$ROOT/scripts/runtime-paths.cjs" "$entry" "$@"
