#!/usr/bin/env bash
# ./dev start: builds when a source changed since the last build (quietly), then runs the embedded
# default (functions/local): PostgreSQL + the API on $PORT (8080). Settings: see README.md.
#   ./dev start --rebuild   forces the build
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh   # idempotent; also when run without ./dev

stamp=functions/local/target/.ait-built
needs_build() {
  [ "${1:-}" = "--rebuild" ] && return 0
  [ -f "$stamp" ] && compgen -G "functions/local/target/local-*.jar" >/dev/null || return 0
  # any source, resource, migration, state machine or pom newer than the last build
  [ -n "$(find pom.xml functions migrations statemachines -newer "$stamp" -type f \
      \( -path '*/src/*' -o -name pom.xml -o -path 'migrations/*' -o -path 'statemachines/*' -o -name '*.properties' \) \
      -not -path '*/target/*' -print -quit 2>/dev/null)" ]
}

if needs_build "${1:-}"; then
  echo "ai-testing: building (mvn install -DskipTests, the first build downloads dependencies)..."
  started=$(date +%s)
  log=$(mktemp)
  # the runtime classpath is target/lib/*: jars of versions no longer used must not stay beside the new ones
  rm -rf functions/local/target/lib
  if ! mvn -q -B -DskipTests -pl functions/local -am install >"$log" 2>&1; then
    cat "$log"; rm -f "$log"
    echo "ai-testing: the build failed (output above)" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$stamp"
  echo "ai-testing: built in $(( $(date +%s) - started )) s"
fi

jar=$(ls functions/local/target/local-*.jar | head -1)
exec java --enable-native-access=ALL-UNNAMED -cp "$jar:functions/local/target/lib/*" com.aitesting.local.LocalMain
