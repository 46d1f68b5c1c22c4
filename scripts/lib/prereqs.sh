# Installs what a fresh machine lacks before scripts/lib/jdk.sh looks for it: Maven, curl and jq (the README flow), and a JDK >= 21
# when the package manager offers one (Debian 13 / Ubuntu 24.04: openjdk-21-jdk-headless). Sourced by ./dev.
ait_has_jdk21() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    local v; v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
    [ -n "$v" ] && [ "$v" -ge 21 ] && return 0
  done
  return 1
}
ait_apt_install() {
  command -v apt-get >/dev/null || return 1
  local sudo=""; [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null && sudo="sudo" || return 1; }
  echo "ai-testing: installing $* (apt-get)" >&2
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
if ! ait_has_jdk21; then
  ait_apt_install openjdk-21-jdk-headless || true
fi
if ! command -v mvn >/dev/null; then
  ait_apt_install maven || true
fi
# The README's curl flow (and ReadmeFlowIT, which runs it verbatim) needs curl and jq.
if ! command -v curl >/dev/null || ! command -v jq >/dev/null; then
  ait_apt_install curl jq || true
fi
