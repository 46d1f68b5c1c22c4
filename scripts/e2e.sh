#!/usr/bin/env bash
# Browser end-to-end tests of the run console (docs/console.md): installs what is missing (Debian's
# chromium, the npm packages of e2e/), starts the product from the built jars on a free port with a
# throw-away database, runs e2e/tests in headless chromium, and stops the product again.
# Screenshots and the server log land in test-artifacts/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh

ARTIFACTS="$PWD/test-artifacts/e2e"
LOCAL_JAR=functions/local/target/local-0.1.0-SNAPSHOT.jar
# One simulated step lasts this long: slow enough to pause between steps, fast enough for a test.
export SIMULATE_STEP_MS="${SIMULATE_STEP_MS:-2500}"
# Stream tokens expire quickly, so that reconnecting after the dropped connection also needs a new token.
export STREAM_TOKEN_TTL_SECONDS="${STREAM_TOKEN_TTL_SECONDS:-5}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

if [ ! -x /usr/bin/chromium ]; then
  echo "e2e: installing Debian's chromium (playwright cannot download browsers here)"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "e2e needs Node.js >= 20 (playwright-core); found: $(node --version 2>/dev/null || echo none)" >&2
  exit 1
fi
# npm ci only when nothing is installed or the lock file changed since (npm writes the copy it installed from).
if [ ! -f e2e/node_modules/.package-lock.json ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
  (cd e2e && npm ci --no-audit --no-fund)
fi

# Build the product when its jar is missing or older than any source file.
if [ ! -f "$LOCAL_JAR" ] || [ -n "$(find functions/*/src migrations statemachines -newer "$LOCAL_JAR" -type f -print -quit 2>/dev/null)" ]; then
  echo "e2e: building the product (mvn package)"
  MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" \
    mvn -q -B -pl functions/local -am package -DskipTests
fi

mkdir -p "$ARTIFACTS"
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export PORT EPHEMERAL_DB=true AUTH_MODE=dev SIMULATE_PROGRESS=true
java --enable-native-access=ALL-UNNAMED -cp "$LOCAL_JAR:functions/local/target/lib/*" com.aitesting.local.LocalMain >"$ARTIFACTS/server.log" 2>&1 &
SERVER_PID=$!
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
}
trap stop_server EXIT

BASE_URL="http://127.0.0.1:$PORT"
for i in $(seq 120); do
  if curl -fs "$BASE_URL/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "e2e: the product exited before answering /health; its log:" >&2
    tail -n 40 "$ARTIFACTS/server.log" >&2
    exit 1
  fi
  if [ "$i" = 120 ]; then
    echo "e2e: the product did not answer $BASE_URL/health within 60 s; its log:" >&2
    tail -n 40 "$ARTIFACTS/server.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "e2e: product up at $BASE_URL (SIMULATE_STEP_MS=$SIMULATE_STEP_MS), log in $ARTIFACTS/server.log"

cd e2e
BASE_URL="$BASE_URL" E2E_ARTIFACTS="$ARTIFACTS" node --test --test-concurrency=1 --test-reporter=spec tests/
