#!/usr/bin/env bash
# Browser end-to-end tests of the console (docs/console.md): installs what is missing (Debian's
# chromium, the npm packages of e2e/), starts the product twice from the built jars on free ports with
# throw-away databases (simulated runs with the WebSocket, and real runs against loopback servers the
# tests start, without it), runs
# e2e/tests in headless chromium, and stops both again. Screenshots and the server logs land in
# test-artifacts/e2e/.
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
if [ ! -f "$LOCAL_JAR" ] || [ ! -d functions/local/target/lib ] || [ -n "$(find functions/*/src migrations statemachines -newer "$LOCAL_JAR" -type f -print -quit 2>/dev/null)" ]; then
  echo "e2e: building the product (mvn package)"
  # the runtime classpath is target/lib/*: jars of versions no longer used must not stay beside the new ones
  rm -rf functions/local/target/lib
  MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}" mvn -q -B -pl functions/local -am package -DskipTests
fi

mkdir -p "$ARTIFACTS"
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
PIDS=()
stop_servers() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap stop_servers EXIT

# start_product NAME PORT [VAR=value...]: the product from the built jars with a throw-away database.
start_product() {
  local name=$1 port=$2
  shift 2
  env PORT="$port" EPHEMERAL_DB=true AUTH_MODE=dev "$@" \
    java --enable-native-access=ALL-UNNAMED -cp "$LOCAL_JAR:functions/local/target/lib/*" com.aitesting.local.LocalMain \
    >"$ARTIFACTS/$name.log" 2>&1 &
  PIDS+=($!)
}

# wait_healthy NAME URL: until /health answers, or fail with the product's log.
wait_healthy() {
  local name=$1 url=$2 pid=${PIDS[-1]} i
  for i in $(seq 120); do
    if curl -fs "$url/health" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "e2e: the $name product exited before answering /health; its log:" >&2
      tail -n 40 "$ARTIFACTS/$name.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "e2e: the $name product did not answer $url/health within 60 s; its log:" >&2
  tail -n 40 "$ARTIFACTS/$name.log" >&2
  exit 1
}

# The simulated product (the local default) for the run-console scenarios, and a second one whose runs
# execute for real (SIMULATE_PROGRESS=false) against loopback servers the tests start themselves. The
# second one serves no WebSocket (LIVE_WEBSOCKET=false), so its run views are followed over SSE: both
# transports of the console are tested without a third product.
PORT=$(free_port)
BASE_URL="http://127.0.0.1:$PORT"
start_product server "$PORT" SIMULATE_PROGRESS=true
wait_healthy server "$BASE_URL"
echo "e2e: simulated product up at $BASE_URL (SIMULATE_STEP_MS=$SIMULATE_STEP_MS), log in $ARTIFACTS/server.log"
REAL_PORT=$(free_port)
REAL_BASE_URL="http://127.0.0.1:$REAL_PORT"
start_product real-server "$REAL_PORT" SIMULATE_PROGRESS=false SCAN_ALLOW_LOOPBACK=true LIVE_WEBSOCKET=false
wait_healthy real-server "$REAL_BASE_URL"
echo "e2e: real-run product up at $REAL_BASE_URL, log in $ARTIFACTS/real-server.log"

cd e2e
# scripts/e2e.sh [spec...]: only those specs (paths from e2e/, e.g. tests/transport.test.js); all by default
SPECS=("$@")
[ ${#SPECS[@]} -gt 0 ] || SPECS=(tests/)
BASE_URL="$BASE_URL" REAL_BASE_URL="$REAL_BASE_URL" E2E_ARTIFACTS="$ARTIFACTS" \
  node --test --test-concurrency=1 --test-reporter=spec "${SPECS[@]}"
