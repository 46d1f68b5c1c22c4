#!/usr/bin/env bash
# ./dev smoke OUTPUTS: checks a deployed environment end to end, from outside, as a user would.
#   OUTPUTS  the file `cdk deploy --outputs-file OUTPUTS` wrote (JSON), or KEY=VALUE arguments
#            (ApiUrl=... EventStreamUrl=...); ApiUrl and EventStreamUrl are required.
#   AIT_JWT  a token your identity provider issued for this environment (issuer/audience of its context),
#            sent as "Authorization: Bearer"; AIT_TENANT overrides its tenant claim (default claim tenant_id).
#   AIT_AUTH_HEADERS  instead of AIT_JWT: one "Name: value" header per line (e.g. the local dev headers).
#   AIT_SMOKE_TIMEOUT seconds to wait for each state change (default 120).
# Steps: health; the README flow (engagement, plan, run, status); the run's SSE stream through the function
# URL with a stream token; pause then resume (resume answers the parked task's token: it proves the API may
# call SendTaskSuccess on the state machine); abort, so nothing keeps running. The engagement's scope is
# 192.0.2.0/28 (TEST-NET-1, reserved for documentation), so a real-mode run (the stack's default) targets
# nothing that exists; it carries the authorization a real run needs.
# Exit status 0 only if every step passed; each step prints PASS or FAIL with what it saw.
set -euo pipefail

die() { echo "smoke: $*" >&2; exit 2; }
for tool in curl jq; do command -v "$tool" >/dev/null || die "$tool is required"; done
[ $# -ge 1 ] || die "usage: ./dev smoke OUTPUTS.json | ApiUrl=... EventStreamUrl=... (see scripts/smoke.sh)"

declare -A out=()
if [ $# -eq 1 ] && [ -f "$1" ]; then
  # cdk's outputs file: {"<stack>": {"ApiUrl": ..., ...}}; one stack expected
  [ "$(jq 'length' "$1")" = 1 ] || die "$1 holds $(jq 'length' "$1") stacks; pass one stack's outputs"
  while IFS=$'\t' read -r key value; do out[$key]=$value; done < <(jq -r '.[] | to_entries[] | [.key, .value] | @tsv' "$1")
else
  for pair in "$@"; do
    [[ $pair == *=* ]] || die "not a file and not KEY=VALUE: $pair"
    out[${pair%%=*}]=${pair#*=}
  done
fi
API=${out[ApiUrl]:-}; STREAM=${out[EventStreamUrl]:-}
[ -n "$API" ] || die "ApiUrl missing from the outputs"
[ -n "$STREAM" ] || die "EventStreamUrl missing from the outputs"
API=${API%/}; STREAM=${STREAM%/}
TIMEOUT=${AIT_SMOKE_TIMEOUT:-120}

AUTH=()
if [ -n "${AIT_AUTH_HEADERS:-}" ]; then
  while IFS= read -r header; do [ -n "$header" ] && AUTH+=(-H "$header"); done <<<"$AIT_AUTH_HEADERS"
elif [ -n "${AIT_JWT:-}" ]; then
  AUTH=(-H "Authorization: Bearer $AIT_JWT")
else
  die "set AIT_JWT to a token for this environment (or AIT_AUTH_HEADERS)"
fi
tenant=${AIT_TENANT:-}
if [ -z "$tenant" ] && [ -n "${AIT_AUTH_HEADERS:-}" ]; then
  tenant=$(sed -n 's/^[Xx]-[Tt]enant-[Ii]d: *//p' <<<"$AIT_AUTH_HEADERS" | head -1)
fi
if [ -z "$tenant" ] && [ -n "${AIT_JWT:-}" ]; then
  payload=$(cut -d. -f2 <<<"$AIT_JWT" | tr '_-' '/+')
  while [ $(( ${#payload} % 4 )) -ne 0 ]; do payload+="="; done
  tenant=$(base64 -d <<<"$payload" 2>/dev/null | jq -r --arg c "${AIT_TENANT_CLAIM:-tenant_id}" '.[$c] // empty' || true)
fi
[ -n "$tenant" ] || die "no tenant: set AIT_TENANT (the token has no ${AIT_TENANT_CLAIM:-tenant_id} claim)"

failures=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }
# call METHOD PATH [BODY]: sets $status and $body
call() {
  local args=(-sS -o /tmp/ait-smoke.$$ -w '%{http_code}' -X "$1" "${AUTH[@]}" --max-time 30)
  [ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
  status=$(curl "${args[@]}" "$API$2" || echo 000)
  body=$(cat /tmp/ait-smoke.$$ 2>/dev/null || true)
  rm -f /tmp/ait-smoke.$$
}
# await_status RUN PREDICATE: polls GET /v1/tests/RUN until jq PREDICATE on .status holds
await_status() {
  local deadline=$(( $(date +%s) + TIMEOUT ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    call GET "/v1/tests/$1"
    run_status=$(jq -r '.status // empty' <<<"$body" 2>/dev/null || true)
    jq -e --arg s "$run_status" "$2" <<<'null' >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}

call GET /health
if [ "$status" = 200 ] && [ "$(jq -r .status <<<"$body" 2>/dev/null)" = up ]; then pass "health: $body"; else fail "health: HTTP $status $body"; fi

call POST /v1/engagements "{\"name\":\"smoke $(date -u +%Y%m%dT%H%M%SZ)\",\"tenant_id\":\"$tenant\",\"type\":\"network\",\"authorization\":{\"reference\":\"smoke test\"},\"scope\":{\"in_scope_domains\":[],\"in_scope_cidrs\":[\"192.0.2.0/28\"],\"out_of_scope\":[],\"risk_tier\":\"safe_active\",\"windows\":[]}}"
ENG=$(jq -r '.id // empty' <<<"$body" 2>/dev/null || true)
if [ "$status" = 201 ] && [ -n "$ENG" ]; then pass "engagement $ENG"; else fail "engagement: HTTP $status $body"; exit 1; fi

call POST "/v1/engagements/$ENG/plan" '{"selected_tests":[{"id":"network.discovery.ping_sweep"},{"id":"network.nmap.tcp_top_1000"}],"agents":{"strategy":"recommended"},"risk_tier":"safe_active"}'
PLAN=$(jq -r '.id // empty' <<<"$body" 2>/dev/null || true)
if [ "$status" = 201 ] && [ -n "$PLAN" ]; then pass "plan $PLAN ($(jq '.steps | length' <<<"$body") steps)"; else fail "plan: HTTP $status $body"; exit 1; fi

call POST /v1/tests "{\"engagement_id\":\"$ENG\",\"plan_id\":\"$PLAN\"}"
RUN=$(jq -r '.id // empty' <<<"$body" 2>/dev/null || true)
if [ "$status" = 201 ] && [ -n "$RUN" ]; then pass "run $RUN ($(jq -r .status <<<"$body"))"; else fail "run: HTTP $status $body"; exit 1; fi

call GET "/v1/tests/$RUN"
if [ "$status" = 200 ] && [ "$(jq -r .id <<<"$body")" = "$RUN" ]; then pass "status: $(jq -c '{status, current_step, percent}' <<<"$body")"; else fail "status: HTTP $status $body"; fi

# SSE through the function URL: the API's stream link must point there, and the token must open it.
call POST "/v2/runs/$RUN/stream-token"
events_url=$(jq -r '.events_url // empty' <<<"$body" 2>/dev/null || true)
# Locally (no EVENT_STREAM_URL) the link is relative to the server that serves the stream.
[[ $events_url == /* ]] && events_url="$STREAM$events_url"
if [ "$status" != 200 ] || [ -z "$events_url" ]; then
  fail "stream token: HTTP $status $body"
elif [[ $events_url != "$STREAM"/* ]]; then
  fail "stream token: events_url $events_url is not on EventStreamUrl $STREAM"
else
  frames=$(curl -sN --max-time 20 -H 'Accept: text/event-stream' "$events_url" 2>/dev/null | awk '/^event: run\./ { print; n++ } n >= 1 { exit }' || true)
  if [[ $frames == "event: run."* ]]; then pass "SSE through the function URL: $frames"; else fail "SSE: no run event from $events_url"; fi
fi

# Pause at the next step boundary, then resume: the resume answers the parked task's token (SendTaskSuccess).
call POST "/v2/runs/$RUN/control" '{"action":"pause"}'
if [[ $status != 2* ]]; then
  fail "pause: HTTP $status $body"
elif await_status "$RUN" '$s == "paused"'; then
  pass "paused"
  call POST "/v2/runs/$RUN/control" '{"action":"resume"}'
  if [[ $status != 2* ]]; then
    fail "resume: HTTP $status $body"
  elif await_status "$RUN" '$s != "paused"' && [ "$run_status" != failed ]; then
    pass "resumed: $run_status (SendTaskSuccess allowed)"
  else
    fail "resume: the run is $run_status (if it stayed paused, look for AccessDenied on states:SendTaskSuccess in the API's log)"
  fi
elif [ "$run_status" = completed ]; then
  fail "pause: the run completed before a step boundary; rerun with a longer plan"
else
  fail "pause: the run is $run_status after ${TIMEOUT}s"
fi

call POST "/v2/runs/$RUN/control" '{"action":"abort"}'
if [[ $status == 2* ]] || [ "$status" = 409 ]; then pass "abort (cleanup): HTTP $status"; else fail "abort: HTTP $status $body"; fi

if [ "$failures" -ne 0 ]; then echo "smoke: $failures step(s) FAILED"; exit 1; fi
echo "smoke: every step passed"
