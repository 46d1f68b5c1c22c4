# Finds a JDK >= 21 and exports JAVA_HOME/PATH (the default java on these machines is 17).
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }
find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]* /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    local major; major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then echo "$candidate"; return 0; fi
  done
  return 1
}
if ! JAVA_HOME=$(find_jdk); then
  echo "ai-testing needs a JDK >= 21 (javac). Set JAVA_HOME to one; none was found in \$JAVA_HOME or /usr/lib/jvm." >&2
  exit 1
fi
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
command -v mvn >/dev/null || { echo "ai-testing needs Maven (mvn) on PATH: apt-get install -y maven" >&2; exit 1; }
