#!/usr/bin/env bash
# Runs the whole hub on this machine: real Kafka and Postgres, then the five services as separate Node 24
# processes. Ctrl-C stops the services (SIGTERM, graceful) and then the infrastructure. Data is kept in .run/.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
build

export HUB_RUN_DIR="${HUB_RUN_DIR:-$ROOT/.run/hub}"
bash "$ROOT/deploy/infra.sh" up
# shellcheck disable=SC1091
set -a; source "$HUB_RUN_DIR/infra.env"; set +a

# The pseudonym master key wraps every pseudonym domain's keys (quality, one per research project); it is made
# once per installation and kept: lose it and no stored domain key opens, so no patient gets their pseudonym again.
SECRETS="$HUB_RUN_DIR/secrets.env"
[ -f "$SECRETS" ] || (umask 077; touch "$SECRETS")
grep -q "^PSEUDONYM_MASTER_KEY=" "$SECRETS" || (umask 077; echo "PSEUDONYM_MASTER_KEY=$(head -c 32 /dev/urandom | base64)" >> "$SECRETS")
# Each service's audit signing key (Ed25519, PKCS#8 DER in base64) is made once and kept, like the pseudonym key:
# the signed checkpoints must stay verifiable with the same public key. Auditors get the public halves.
AUDIT_KEYS="$HUB_RUN_DIR/audit-public-keys"; mkdir -p "$AUDIT_KEYS"
for name in consent dispatch intake pseudonymisation indicators; do
  var="$(echo "$name" | tr '[:lower:]' '[:upper:]')_AUDIT_SIGNING_KEY"
  grep -q "^$var=" "$SECRETS" || (umask 077; echo "$var=$(node -e 'process.stdout.write(require("node:crypto").generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "der" }).toString("base64"))')" >> "$SECRETS")
done
# Consent's and intake's master keys wrap each patient's data keys (crypto-shredding), one per service: each
# keeps its own key store, so neither can open the other's envelopes. Kept like the others: lose one and every
# envelope that service stored (CPR numbers; patients' free-text answers) is unreadable, as if erased.
for name in consent intake; do
  var="$(echo "$name" | tr '[:lower:]' '[:upper:]')_SUBJECT_MASTER_KEY"
  grep -q "^$var=" "$SECRETS" || (umask 077; echo "$var=$(head -c 32 /dev/urandom | base64)" >> "$SECRETS")
done
set -a; source "$SECRETS"; set +a
for name in consent dispatch intake pseudonymisation indicators; do
  var="$(echo "$name" | tr '[:lower:]' '[:upper:]')_AUDIT_SIGNING_KEY"
  KEY="${!var}" node -e 'const c = require("node:crypto"); process.stdout.write(c.createPublicKey(c.createPrivateKey({ key: Buffer.from(process.env.KEY, "base64"), format: "der", type: "pkcs8" })).export({ type: "spki", format: "pem" }))' > "$AUDIT_KEYS/$name.pem"
done

# The local token issuer: key pair and JWKS file in $HUB_RUN_DIR/auth, kept across restarts (npm run token signs with it).
node -r "$ROOT/scripts/runtime-paths.cjs" "$ROOT/dist/tools/token/src/main.js" --init > /dev/null
export AUTH_JWKS_FILE="$HUB_RUN_DIR/auth/jwks.json" AUTH_ISSUER="urn:pro-hub:local-issuer" AUTH_AUDIENCE="urn:pro-hub"

BASE_PORT="${HUB_BASE_PORT:-7100}"
SERVICES=(consent dispatch intake pseudonymisation indicators)
LOGS="$HUB_RUN_DIR/logs"; mkdir -p "$LOGS"
PIDS=()

shutdown() {
  trap - INT TERM EXIT
  say "stopping services"
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash "$ROOT/deploy/infra.sh" down
  say "stopped"
}
trap shutdown INT TERM EXIT

for i in "${!SERVICES[@]}"; do
  name="${SERVICES[$i]}"; port=$((BASE_PORT + i + 1))
  db_var="$(echo "$name" | tr '[:lower:]' '[:upper:]')_DATABASE_URL"
  key_var="$(echo "$name" | tr '[:lower:]' '[:upper:]')_AUDIT_SIGNING_KEY"
  master_var="$(echo "$name" | tr '[:lower:]' '[:upper:]')_SUBJECT_MASTER_KEY"
  DATABASE_URL="${!db_var}" AUDIT_SIGNING_KEY="${!key_var}" SUBJECT_MASTER_KEY="${!master_var:-}" PORT="$port" node -r "$ROOT/scripts/runtime-paths.cjs" "$ROOT/dist/services/$name/src/main.js" >> "$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
done

for i in "${!SERVICES[@]}"; do
  port=$((BASE_PORT + i + 1))
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health" > /dev/null 2>&1 && break
    kill -0 "${PIDS[$i]}" 2>/dev/null || { say "${SERVICES[$i]} exited; see $LOGS/${SERVICES[$i]}.log"; exit 1; }
    sleep 0.5
  done
done

say "the hub is running (Ctrl-C stops it); Kafka at $KAFKA_BROKERS"
say "every API needs a bearer token: npm run token -- --role clinician --org <SOR> (HUB_RUN_DIR=$HUB_RUN_DIR)"
for i in "${!SERVICES[@]}"; do
  printf '  %-17s http://127.0.0.1:%s   (OpenAPI: /openapi, health: /health, log: %s)\n' "${SERVICES[$i]}" "$((BASE_PORT + i + 1))" "$LOGS/${SERVICES[$i]}.log"
done
wait
