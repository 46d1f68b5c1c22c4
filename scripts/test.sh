#!/usr/bin/env bash
# ./dev test: every module's tests, the fast ones (*Test, surefire) and the integration tests (*IT,
# failsafe: embedded PostgreSQL, the real HTTP server), with a summary per module at the end.
# Extra arguments go to Maven, e.g. ./dev test -pl functions/api -am
# ./dev test --localstack runs only the workflow adapter's contract tests against LocalStack's Step Functions
# (Docker needed; Maven profile localstack), instead of the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/jdk.sh   # idempotent; also when run without ./dev

if [ "${1:-}" = --localstack ]; then
  shift
  echo "ai-testing: WorkflowEngineContract against LocalStack (localstack/localstack:4.14.0, needs Docker)"
  exec mvn -B -ntp verify -Plocalstack -pl functions/workflow -am -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=LocalStackEngineContractIT -Dfailsafe.failIfNoSpecifiedTests=false "$@"
fi

started=$(date +%s)
marker=$(mktemp -t ait-test-start-XXXX)   # reports older than this are from an earlier run
log=$(mktemp -t ait-test-XXXX.log)
echo "ai-testing: mvn -B verify (full log: $log)"
set +e
# -ntp: no download progress lines; -fae: every module whose dependencies passed is still tested; the reactor's own output is kept in the log and its tail shown on failure
mvn -B -ntp -fae verify "$@" 2>&1 | tee "$log" | grep -E --line-buffered '^\[INFO\] Building [a-z-]+ [0-9]|Tests run:.*Fail|BUILD (SUCCESS|FAILURE)|^\[ERROR\]' \
  | grep -v -E 'Tests run:.*, Time elapsed' 
status=${PIPESTATUS[0]}
set -e

attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2"; }
summary() {
  local total=0 failed=0 errors=0 skipped=0
  printf '\n%-28s %6s %6s %6s %6s\n' module tests fail error skip
  for dir in functions/* infra-cdk; do
    local t=0 f=0 e=0 s=0 found=0 r head
    for r in "$dir"/target/surefire-reports/TEST-*.xml "$dir"/target/failsafe-reports/TEST-*.xml; do
      [ -f "$r" ] && [ "$r" -nt "$marker" ] || continue
      found=1
      head=$(grep -m1 -o '<testsuite [^>]*>' "$r" || true)
      t=$((t + $(attr tests "$head"))); f=$((f + $(attr failures "$head")))
      e=$((e + $(attr errors "$head"))); s=$((s + $(attr skipped "$head")))
    done
    [ "$found" -eq 1 ] || continue
    printf '%-28s %6s %6s %6s %6s\n' "$dir" "$t" "$f" "$e" "$s"
    total=$((total+t)); failed=$((failed+f)); errors=$((errors+e)); skipped=$((skipped+s))
  done
  printf '%-28s %6s %6s %6s %6s\n' TOTAL "$total" "$failed" "$errors" "$skipped"
}
summary
elapsed=$(( $(date +%s) - started ))
if [ "$status" -ne 0 ]; then
  echo
  echo "FAILED after ${elapsed}s. Failing tests and the build's last lines (full log: $log):"
  grep -E '^\[ERROR\] (Tests run:|  |Failures|Errors|.*(Test|IT)\.)' "$log" | head -40 || true
  tail -25 "$log"
  exit "$status"
fi
# Browser tests of the console (scripts/e2e.sh: installs Debian's chromium and the npm packages it needs,
# then drives the real product in headless chromium). AIT_E2E=0 skips them, and says so.
if [ "${AIT_E2E:-1}" = 0 ]; then
  echo "ai-testing: browser tests SKIPPED (AIT_E2E=0)"
else
  echo
  echo "ai-testing: browser tests (scripts/e2e.sh)"
  scripts/e2e.sh
fi
echo "PASSED in $(( $(date +%s) - started ))s"
rm -f "$log" "$marker"
