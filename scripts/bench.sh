#!/usr/bin/env bash
# ./dev bench NAME [args...]: builds, then runs com.aitesting.bench.<Name>Benchmark (a plain main).
# Benchmarks talk to loopback only and stop by themselves. BENCH_HEAP sets -Xmx (default 1g).
set -euo pipefail
name=${1:?"usage: ./dev bench NAME (one of: $(ls bench/src/main/java/com/aitesting/bench/ | sed -n 's/Benchmark.java$//p' | tr 'A-Z' 'a-z' | tr '\n' ' '))"}
shift
class="com.aitesting.bench.$(tr '[:lower:]' '[:upper:]' <<<"${name:0:1}")${name:1}Benchmark"
mvn -q -B -DskipTests install -pl bench -am >&2
exec java -Xmx"${BENCH_HEAP:-1g}" -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" "$class" "$@"
