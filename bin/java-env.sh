# Sourced by bin/test, bin/demo and .ci/run: puts a JDK >= 21 on JAVA_HOME and PATH.
# Order: $JAVA_HOME when it is 21+, then `java` on PATH when it is 21+, then the newest JDK under /usr/lib/jvm
# (Debian and Temurin packages install there). Fails with what to install when none is found.

java_major() { # prints the feature version of the java binary $1, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' \
    | awk -F. '{ print ($1 == "1") ? $2 : $1 }' | grep -E '^[0-9]+$' || echo 0
}

select_jdk() {
  local candidate
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" && $(java_major "$JAVA_HOME/bin/java") -ge 21 ]]; then
    candidate="$JAVA_HOME"
  elif command -v javac >/dev/null 2>&1 && [[ $(java_major "$(command -v java)") -ge 21 ]]; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  else
    for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
      if [[ -x "$home/bin/javac" && $(java_major "$home/bin/java") -ge 21 ]]; then
        candidate="${home%/}"
        break
      fi
    done
  fi
  if [[ -z "${candidate:-}" ]]; then
    echo "No JDK 21 or newer found (checked \$JAVA_HOME, java on PATH, /usr/lib/jvm)." >&2
    echo "Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$candidate"
  export PATH="$JAVA_HOME/bin:$PATH"
}
