package io.ecsreconciler.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** CPU time a process has used so far: this JVM's, or another's from Linux's {@code /proc/<pid>/stat}. */
final class ProcessCpu {

  /** Linux's USER_HZ: the unit of utime and stime in /proc/<pid>/stat (100 on every common kernel build). */
  private static final long TICKS_PER_SECOND = 100;

  private ProcessCpu() {
  }

  static Duration self() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean bean
        ? Duration.ofNanos(bean.getProcessCpuTime()) : Duration.ZERO;
  }

  /** User plus system time of the process, all its threads; empty where /proc cannot tell. */
  static Optional<Duration> of(long pid) {
    try {
      var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
      var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
      return Optional.of(Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND));
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }
}
