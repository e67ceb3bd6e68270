# Sourced by bin/test, bin/demo and .ci/run: puts a JDK >= 21 on JAVA_HOME and PATH.
# Order: $JAVA_HOME when it is 21+, then `java` on PATH when it is 21+, then the newest JDK under /usr/lib/jvm
# (Debian and Temurin packages install there). Fails with what to install when none is found.

java_home_of() { # the JDK (or JRE) home of the java or javac binary $1, through its symlinks
  dirname "$(dirname "$(readlink -f "$1")")"
}

java_major() { # prints the feature version of the java binary $1, or 0
  # From the JDK's release file when it has one (every JDK and JRE build does): asking the JVM takes about 0.15 s,
  # and a launcher asks for each JDK it looks at.
  local release version
  release="$(java_home_of "$1")/release"
  if [[ -f "$release" ]]; then version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")"; fi
  if [[ -z "${version:-}" ]]; then
    version="$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
  fi
  awk -F. '{ print ($1 == "1") ? $2 : $1 }' <<<"$version" | grep -E '^[0-9]+$' || echo 0
}

select_jdk() {
  local candidate major
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]] && major=$(java_major "$JAVA_HOME/bin/java") && ((major >= 21)); then
    candidate="$JAVA_HOME"
  elif command -v javac >/dev/null 2>&1 && major=$(java_major "$(command -v java)") && ((major >= 21)); then
    candidate="$(java_home_of "$(command -v javac)")"
  else
    for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
      if [[ -x "$home/bin/javac" ]] && major=$(java_major "$home/bin/java") && ((major >= 21)); then
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
  # Remembered for the launchers below, so they start no JVM of their own only to ask its version.
  export SELECTED_JDK_HOME="$JAVA_HOME" SELECTED_JDK_MAJOR="$major"
}

use_java_on_path() { # for a JRE, which select_jdk refuses (no javac): `java` on PATH as it is, its version asked once
  command -v java >/dev/null 2>&1 || return 1
  SELECTED_JDK_HOME="$(dirname "$(dirname "$(command -v java)")")"
  SELECTED_JDK_MAJOR="$(java_major "$(command -v java)")"
  export SELECTED_JDK_HOME SELECTED_JDK_MAJOR
}

current_java_major() { # the feature version of `java` on PATH: select_jdk's answer when it is that JDK, else asked
  if [[ -n "${SELECTED_JDK_MAJOR:-}" && "$(command -v java)" == "${SELECTED_JDK_HOME:-}/bin/java" ]]; then
    echo "$SELECTED_JDK_MAJOR"
  else
    java_major "$(command -v java)"
  fi
}

# --- Launching a JVM small and fast: bin/reconciler and bin/bench-footprint's empty app (Spring Boot jars, boot_exec),
# bin/hello (a plain jar, serve_exec, at the end of this file); the same flags, so comparisons are fair ---
# boot_exec JAR [ARG...]: extracts JAR once (Spring Boot's jarmode=tools, so classes load from plain jars), trains
# an AOT cache on first use (JDK 25+: -XX:AOTCacheOutput; JDK 21-24: a CDS archive), then execs java with the
# footprint flags. The training run (BOOT_TRAINING_ARGS are its arguments) starts the Spring context and exits at
# refresh (-Dspring.context.exit=onRefresh), binding no port; or, with BOOT_TRAINING_PATH, serves that path on the free
# port its arguments ask for (train_by_serving), so the cache also holds what answering takes. Where the cache lives: $BOOT_CACHE_DIR, else beside the jar
# (<jar dir>/<name>-aot/), else ~/.cache/ecs-reconciler/<name>-aot/ when the jar's folder is read-only.
# BOOT_EXTRA_FLAGS adds flags of a launcher's own; BOOT_AOT=0 skips the cache; BOOT_PREPARE_ONLY=1 makes the copy and cache and exits (an image's build step);
# JAVA_OPTS is appended to (so overrides) the flags below.

# Serial GC: one core's worth of service needs no concurrent collector, and it keeps no per-region metadata.
# A small initial heap that grows with the live set (default initial is 1/64 of the machine's memory, and all of a
# young generation that size gets touched); the ceiling follows the container's limit (75 %, not the default 25 %).
BOOT_JVM_FLAGS=(-XX:+UseSerialGC -Xms24m -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError)
boot_jvm_flags() { # BOOT_JVM_FLAGS, and what the JDK on PATH supports beyond them
  echo "${BOOT_JVM_FLAGS[*]}"
  # Give freed C heap back to the OS every 2 s (glibc keeps it otherwise): about 4 MiB of the controller's RSS.
  # JDK 22+ (and 21.0.1+, which is not told apart from 21.0.0 here: a JVM that lacks the flag refuses to start).
  if (($(current_java_major) >= 22)); then echo "-XX:TrimNativeHeapInterval=2000"; fi
}
# The controller's extra flags (bin/reconciler sets BOOT_EXTRA_FLAGS to these): its work is I/O-bound passes every
# few seconds, so C1's code is fast enough, and without C2 it starts faster on a busy core and keeps no C2 arenas;
# C1 compiles a method after 1,000 calls instead of 200, so code run only while starting stays interpreted (4 MiB
# less code, about 17 % more CPU per pass); a small young generation and a heap that shrinks back after a pass.
# Measured in bench/FOOTPRINT.md.
BOOT_CONTROLLER_FLAGS="-XX:TieredStopAtLevel=1 -XX:Tier3InvocationThreshold=1000 -XX:Tier3MinInvocationThreshold=500
  -XX:Tier3CompileThreshold=5000 -Xmn8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"

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

# aot_stale JAR DIR: true, and DIR emptied, when DIR's copy and cache are missing or were made for another JAR or JDK;
# aot_made JAR DIR records, once they are made, what aot_stale compares (so a run killed while making them makes them
# again next time).
aot_stamp() { # the jar's size and time, and which JDK: its release file (no JVM started to ask), else java -version
  local home
  home="$(java_home_of "$(command -v java)")"
  if [[ -f "$home/release" ]]; then echo "$(stat -c '%s %Y' "$1") $home $(cksum <"$home/release")"
  else echo "$(stat -c '%s %Y' "$1") $(java -version 2>&1 | head -n 2 | tail -n 1)"; fi
}
aot_stale() {
  if [[ -f "$2/stamp" && "$(cat "$2/stamp")" == "$(aot_stamp "$1")" ]]; then return 1; fi
  rm -rf "$2" && mkdir -p "$2"
}
aot_made() { aot_stamp "$1" >"$2/stamp"; }

# boot_prepare JAR [TRAINING ARG...]: makes the extracted copy and the AOT cache when stale (aot_stale); prints the
# extracted jar's path. Safe to run at image build time (the Dockerfiles do).
boot_prepare() {
  local jar="$1"; shift
  local dir name
  dir="$(boot_cache_dir "$jar")"
  name="$(basename "$jar")"
  if aot_stale "$jar" "$dir"; then
    java -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >&2
    if [[ "${BOOT_AOT:-1}" != 0 && -n "${BOOT_TRAINING_PATH:-}" ]]; then
      echo "Training the AOT cache of $name (once; it serves 200 requests on a free port, then stops)..." >&2
      # shellcheck disable=SC2046,SC2068,SC2086
      train_by_serving "$dir" "$BOOT_TRAINING_PATH" java $(boot_jvm_flags) ${BOOT_EXTRA_FLAGS:-} \
        $(boot_cache_flags "$dir" train) -jar "$dir/app/$name" "$@" \
        || echo "AOT training failed (see $dir/training.log); starting without the cache." >&2
    elif [[ "${BOOT_AOT:-1}" != 0 ]]; then
      echo "Training the AOT cache of $name (once; the JVM starts and exits at Spring's refresh)..." >&2
      # shellcheck disable=SC2068
      java $(boot_jvm_flags) ${BOOT_EXTRA_FLAGS:-} $(boot_cache_flags "$dir" train) -Dspring.context.exit=onRefresh \
        -jar "$dir/app/$name" "$@" >"$dir/training.log" 2>&1 \
        || echo "AOT training failed (see $dir/training.log); starting without the cache." >&2
    fi
    aot_made "$jar" "$dir"
  fi
  echo "$dir/app/$name"
}

boot_cache_flags() { # dir, train|use -> the JVM flags of the AOT cache (JDK 25+) or CDS archive (JDK 21-24)
  local dir="$1" mode="$2" file
  if [[ "${BOOT_AOT:-1}" == 0 ]]; then return 0; fi
  file="$(boot_cache_file "$dir")"  # its ending says which JDK it is for: one JVM started to ask, not two
  if [[ "$file" == *.aot ]]; then
    # Without its adapter code: JDK 25.0.3 stores adapters in the cache that it then fails to link, and says so in
    # two warnings at every start; they are made at run time instead, as without a cache.
    local adapters="-XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching"
    # The cache keeps the training run's method profiles and compilations (JDK 25 records them): with them even a
    # C1-only JVM (the controller) compiles what was hot in training early, not after 1,000 calls, and serves sooner
    # (bench/FOOTPRINT.md, fifth pass: 1.14 -> 0.98 of the then baseline, for 1-2 MiB).
    if [[ "$mode" == train ]]; then echo "$adapters -XX:AOTCacheOutput=$file"
    elif [[ -f "$file" ]]; then echo "$adapters -XX:AOTCache=$file"; fi
  else
    if [[ "$mode" == train ]]; then echo "-XX:ArchiveClassesAtExit=$file"
    elif [[ -f "$file" ]]; then echo "-XX:SharedArchiveFile=$file"; fi
  fi
}

boot_cache_file() { # dir -> the AOT cache (JDK 25+) or CDS archive (JDK 21-24) that boot_cache_flags uses
  if (($(current_java_major) >= 25)); then echo "$1/app.aot"; else echo "$1/app.jsa"; fi
}

boot_exec() { # JAR [ARG...]: exec the jar's extracted copy with the footprint flags and its AOT cache
  local jar="$1"; shift
  local app
  # shellcheck disable=SC2086
  app="$(boot_prepare "$jar" ${BOOT_TRAINING_ARGS:-})"
  if [[ "${BOOT_PREPARE_ONLY:-0}" == 1 ]]; then echo "Ready: $app" >&2; exit 0; fi
  # shellcheck disable=SC2046,SC2086
  exec java $(boot_jvm_flags) ${BOOT_EXTRA_FLAGS:-} $(boot_cache_flags "$(dirname "$(dirname "$app")")" use) ${JAVA_OPTS:-} \
    -jar "$app" "$@"
}

# --- Launching a plain jar that serves HTTP (bin/hello): the same flags, and an AOT cache trained by serving ---
# serve_prepare JAR PATH: when stale (aot_stale; BOOT_AOT=0 skips it), trains the AOT cache of a server that takes its port from PORT and
# logs "on port N": it runs on a free port (PORT=0), answers 200 requests for PATH, and is stopped with SIGTERM, at
# which the JVM writes the cache. So the cache holds the classes of serving, not only of starting. Prints the cache's
# folder.
serve_prepare() {
  local jar="$1" path="$2" dir
  dir="$(boot_cache_dir "$jar")"
  if [[ "${BOOT_AOT:-1}" != 0 ]] && aot_stale "$jar" "$dir"; then
    echo "Training the AOT cache of $(basename "$jar") (once; it serves 200 requests on a free port, then stops)..." >&2
    # shellcheck disable=SC2046,SC2086
    train_by_serving "$dir" "$path" env PORT=0 java $(boot_jvm_flags) ${BOOT_EXTRA_FLAGS:-} \
      $(boot_cache_flags "$dir" train) -jar "$jar" \
      || echo "AOT training failed (see $dir/training.log); starting without the cache." >&2
    aot_made "$jar" "$dir"
  fi
  echo "$dir"
}

# train_by_serving DIR PATH COMMAND...: runs COMMAND, a server on a free port whose JVM writes its AOT cache at exit,
# until it logs "on port N" (within 60 s); sends it 200 GETs of PATH, stops it with SIGTERM and waits for the cache.
# Its output goes to DIR/training.log. True when the cache was written.
train_by_serving() {
  local dir="$1" path="$2" pid port=""
  shift 2
  "$@" >"$dir/training.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    port="$(sed -n 's/.* on port \([0-9][0-9]*\).*/\1/p' "$dir/training.log" 2>/dev/null | head -n 1)"
    [[ -n "$port" ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n "$port" ]] && serve_requests "$port" "$path" 200
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [[ -n "$port" && -f "$(boot_cache_file "$dir")" ]]
}

# serve_requests PORT PATH COUNT: COUNT GETs of PATH on one keep-alive connection, each answer read to its
# Content-Length (as a load balancer's connection does). Bash's /dev/tcp: JRE images have neither curl nor Python.
serve_requests() {
  local LC_ALL=C i line length
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 0
  for ((i = 0; i < $3; i++)); do
    printf 'GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n' "$2" >&3
    length=0
    while IFS= read -r -t 5 line <&3; do
      line="${line%$'\r'}"
      [[ -z "$line" ]] && break
      if [[ "${line,,}" == content-length:* ]]; then length="${line#*:}"; length="${length// /}"; fi
    done
    if ((length > 0)); then read -r -t 5 -N "$length" _ <&3 || break; fi
  done
  exec 3>&-
}

serve_exec() { # JAR PATH [ARG...]: exec the jar with the footprint flags and its AOT cache (serve_prepare)
  local jar="$1" path="$2" dir; shift 2
  dir="$(serve_prepare "$jar" "$path")"
  if [[ "${BOOT_PREPARE_ONLY:-0}" == 1 ]]; then echo "Ready: $jar, cache in $dir" >&2; exit 0; fi
  # shellcheck disable=SC2046,SC2086
  exec java $(boot_jvm_flags) ${BOOT_EXTRA_FLAGS:-} $(boot_cache_flags "$dir" use) ${JAVA_OPTS:-} -jar "$jar" "$@"
}
