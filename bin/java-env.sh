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

# --- Launching a Spring Boot jar small and fast (bin/hello, bin/reconciler, and bin/bench-footprint's empty app,
# so comparisons use the same flags) ---
# boot_exec JAR [ARG...]: extracts JAR once (Spring Boot's jarmode=tools, so classes load from plain jars), trains
# an AOT cache on first use (JDK 25+: -XX:AOTCacheOutput; JDK 21-24: a CDS archive), then execs java with the
# footprint flags. The training run starts the Spring context and exits at refresh (-Dspring.context.exit=onRefresh):
# no port is bound and no work is done. Where the cache lives: $BOOT_CACHE_DIR, else beside the jar
# (<jar dir>/<name>-aot/), else ~/.cache/ecs-reconciler/<name>-aot/ when the jar's folder is read-only.
# BOOT_EXTRA_FLAGS adds flags of a launcher's own; BOOT_AOT=0 skips the cache; BOOT_PREPARE_ONLY=1 makes the copy and cache and exits (an image's build step);
# JAVA_OPTS is appended to (so overrides) the flags below.

# Serial GC: one core's worth of service needs no concurrent collector, and it keeps no per-region metadata.
# A small initial heap that grows with the live set (default initial is 1/64 of the machine's memory, and all of a
# young generation that size gets touched); the ceiling follows the container's limit (75 %, not the default 25 %).
BOOT_JVM_FLAGS=(-XX:+UseSerialGC -Xms24m -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError)
# The controller's extra flags (bin/reconciler sets BOOT_EXTRA_FLAGS to these): its work is I/O-bound passes every
# few seconds, so C1's code is fast enough, and without C2 it starts faster on a busy core and keeps no C2 arenas;
# a small young generation and a heap that shrinks back after a pass. Measured in bench/FOOTPRINT.md.
BOOT_CONTROLLER_FLAGS="-XX:TieredStopAtLevel=1 -Xmn8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"

boot_cache_dir() { # jar -> the folder holding its extracted copy and AOT cache
  local jar="$1" name dir jar_dir
  name="$(basename "$jar" .jar)"
  jar_dir="$(cd "$(dirname "$jar")" && pwd)"
  if [[ -n "${BOOT_CACHE_DIR:-}" ]]; then dir="$BOOT_CACHE_DIR/$name-aot"
  elif [[ -w "$jar_dir" ]]; then dir="$jar_dir/$name-aot"
  else dir="${XDG_CACHE_HOME:-$HOME/.cache}/ecs-reconciler/$name-aot"
  fi
  echo "$dir"
}

# boot_prepare JAR [TRAINING ARG...]: makes the extracted copy and the AOT cache when missing or older than JAR (or
# made by another JDK); prints the extracted jar's path. Safe to run at image build time (the Dockerfiles do).
boot_prepare() {
  local jar="$1"; shift
  local dir name stamp want
  dir="$(boot_cache_dir "$jar")"
  name="$(basename "$jar")"
  stamp="$dir/stamp"
  want="$(stat -c '%s %Y' "$jar") $(java -version 2>&1 | head -n 2 | tail -n 1)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    rm -rf "$dir" && mkdir -p "$dir"
    java -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >&2
    if [[ "${BOOT_AOT:-1}" != 0 ]]; then
      echo "Training the AOT cache of $name (once; the JVM starts and exits at Spring's refresh)..." >&2
      # shellcheck disable=SC2068
      java "${BOOT_JVM_FLAGS[@]}" ${BOOT_EXTRA_FLAGS:-} $(boot_cache_flags "$dir" train) -Dspring.context.exit=onRefresh \
        -jar "$dir/app/$name" "$@" >"$dir/training.log" 2>&1 \
        || echo "AOT training failed (see $dir/training.log); starting without the cache." >&2
    fi
    echo "$want" >"$stamp"
  fi
  echo "$dir/app/$name"
}

boot_cache_flags() { # dir, train|use -> the JVM flags of the AOT cache (JDK 25+) or CDS archive (JDK 21-24)
  local dir="$1" mode="$2"
  if [[ "${BOOT_AOT:-1}" == 0 ]]; then return 0; fi
  if [[ $(java_major "$(command -v java)") -ge 25 ]]; then
    if [[ "$mode" == train ]]; then echo "-XX:AOTCacheOutput=$dir/app.aot"
    elif [[ -f "$dir/app.aot" ]]; then echo "-XX:AOTCache=$dir/app.aot"; fi
  else
    if [[ "$mode" == train ]]; then echo "-XX:ArchiveClassesAtExit=$dir/app.jsa"
    elif [[ -f "$dir/app.jsa" ]]; then echo "-XX:SharedArchiveFile=$dir/app.jsa"; fi
  fi
}

boot_exec() { # JAR [ARG...]: exec the jar's extracted copy with the footprint flags and its AOT cache
  local jar="$1"; shift
  local app
  # shellcheck disable=SC2086
  app="$(boot_prepare "$jar" ${BOOT_TRAINING_ARGS:-})"
  if [[ "${BOOT_PREPARE_ONLY:-0}" == 1 ]]; then echo "Ready: $app" >&2; exit 0; fi
  # shellcheck disable=SC2046,SC2086
  exec java "${BOOT_JVM_FLAGS[@]}" ${BOOT_EXTRA_FLAGS:-} $(boot_cache_flags "$(dirname "$(dirname "$app")")" use) ${JAVA_OPTS:-} \
    -jar "$app" "$@"
}
