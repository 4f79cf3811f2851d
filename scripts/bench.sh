#!/usr/bin/env bash
# npm run bench:log [-- --smoke] [-- --only <name>]: builds, provisions its own fresh Kafka and Postgres in
# .run/bench (torn down afterwards), runs every benchmark of tools/bench and prints one table on stdout;
# progress goes to stderr. Exits non-zero only when a benchmark fails to run, not when it misses its goal.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
build

export HUB_RUN_DIR="$ROOT/.run/bench"
bash deploy/infra.sh down > /dev/null 2>&1 || true
rm -rf "$HUB_RUN_DIR"
trap 'bash "$ROOT/deploy/infra.sh" down > /dev/null 2>&1 || true' EXIT
bash deploy/infra.sh up
set -a; source "$HUB_RUN_DIR/infra.env"; set +a

say "benchmarks on $(nproc) cores ($(uname -m)), $(date -u +%F)"
node -r "$ROOT/scripts/runtime-paths.cjs" --disable-warning=TimeoutNegativeWarning "$ROOT/dist/tools/bench/src/main.js" "$@"
