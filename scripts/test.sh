#!/usr/bin/env bash
# The whole test suite: lint and type-check, then unit, integration and end-to-end tests against a real
# Kafka broker and a real Postgres that this script provisions (fresh each run) and tears down.
# Then, on a full run (no Jest arguments), the benchmarks in smoke mode (tiny rows, < 60 s) on the same
# infrastructure, so CI exercises the harness: a benchmark that fails to run fails the suite, a missed goal
# does not. Ends with a plain line "N passed, N failed".
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"

say "lint (eslint, with Nx module boundaries)"
# The module-boundary rule reads the Nx project graph: compute it first (no daemon in CI).
NX_DAEMON=false NX_NO_CLOUD=true nx show projects > /dev/null
NX_DAEMON=false eslint . --max-warnings=0
say "type-check (tsc)"
tsc -p tsconfig.json
build

export HUB_RUN_DIR="$ROOT/.run/test"
bash deploy/infra.sh down > /dev/null 2>&1 || true
rm -rf "$HUB_RUN_DIR" "$ROOT/.run/test-logs"
trap 'bash "$ROOT/deploy/infra.sh" down > /dev/null 2>&1 || true' EXIT
bash deploy/infra.sh up
set -a; source "$HUB_RUN_DIR/infra.env"; set +a
# The local token issuer for this run: services trust its JWKS file, tests sign with its key (libs/testing auth).
node -r "$ROOT/scripts/runtime-paths.cjs" "$ROOT/dist/tools/token/src/main.js" --init --dir "$HUB_RUN_DIR/auth" > /dev/null
export AUTH_LOCAL_ISSUER_DIR="$HUB_RUN_DIR/auth" AUTH_JWKS_FILE="$HUB_RUN_DIR/auth/jwks.json" AUTH_ISSUER="urn:pro-hub:local-issuer" AUTH_AUDIENCE="urn:pro-hub"
# Services that specs start in-process seal their logs too: a fresh Ed25519 key for this run (child processes
# started through libs/testing get the fixed test key instead).
AUDIT_SIGNING_KEY=$(node -e 'process.stdout.write(require("node:crypto").generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "der" }).toString("base64"))')
export AUDIT_SIGNING_KEY
# The consent service's master key for crypto-shredding (base64 of 32 bytes), fresh per run like the audit key.
SUBJECT_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
export SUBJECT_MASTER_KEY

RESULTS="$HUB_RUN_DIR/jest-results.json"
status=0
NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning jest --runInBand --json --outputFile="$RESULTS" "$@" || status=$?
bench=ok
if [ $# -eq 0 ]; then
  say "benchmarks (smoke)"
  node -r "$ROOT/scripts/runtime-paths.cjs" --disable-warning=TimeoutNegativeWarning dist/tools/bench/src/main.js --smoke || { bench=failed; status=1; }
fi
node -e '
  const r = require(process.argv[1]);
  const skipped = r.numPendingTests + r.numTodoTests;
  // A suite that fails to load runs no test; count it as a failure so the line cannot read "0 failed".
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
  const bench = process.argv[2] === "failed" ? ", benchmark smoke failed to run" : "";
  console.log(`${r.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : "") + bench);
' "$RESULTS" "$bench"
exit "$status"
