package io.ecsreconciler.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.AwsEmulatorTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM and process metrics that Spring Boot would bind at start are bound by the first request for metrics
 * (JvmMetricsOnFirstScrape), and every scrape shows them, the first included; with the actuator on a
 * port of its own, whose requests the main server's filters never see, once the application is ready.
 */
@AwsEmulatorTest
class JvmMetricsOnFirstScrapeTest {

  @Test
  void noneIsBoundUntilMetricsAreAskedForThenEveryScrapeHasThem(AwsEmulator emulator, @TempDir Path folder) {
    try (var controller = RunningController.start(emulator, Map.of("reconciler.source.folder", folder.toString()))) {
      var registry = controller.bean(MeterRegistry.class);
      assertThat(controller.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
      assertThat(registry.find("jvm.memory.used").meters()).isEmpty();

      var names = controller.get("/actuator/prometheus").body().lines().filter(line -> !line.startsWith("#"))
          .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());

      // one meter of each binder, as Spring Boot's JVM and system metrics auto-configurations bind them
      assertThat(names).contains("jvm_gc_memory_allocated_bytes_total", "jvm_memory_usage_after_gc",
          "jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes", "jvm_info",
          "jvm_compilation_time_ms_total", "process_uptime_seconds", "process_cpu_usage", "process_files_open_files",
          "disk_free_bytes", "system_cpu_count");
      // bound once: a second scrape does not bind (and register) them again
      var meters = registry.getMeters().size();
      controller.get("/actuator/prometheus");
      assertThat(registry.getMeters()).hasSizeLessThanOrEqualTo(meters + 5);
    }
  }

  @Test
  void withTheActuatorOnItsOwnPortTheyAreBoundOnceReady(AwsEmulator emulator, @TempDir Path folder) {
    try (var controller = RunningController.start(emulator, Map.of("reconciler.source.folder", folder.toString(),
        "management.server.port", "0"))) {
      // SpringApplication.run returns after the ready event
      assertThat(controller.bean(MeterRegistry.class).find("jvm.memory.used").meters()).isNotEmpty();
    }
  }
}
