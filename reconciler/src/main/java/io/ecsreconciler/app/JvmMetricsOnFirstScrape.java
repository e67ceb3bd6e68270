package io.ecsreconciler.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.micrometer.metrics.system.DiskSpaceMetricsBinder;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The JVM's and the process's metrics ({@code jvm_*}, {@code process_*}, {@code system_*}, {@code disk_*}), bound
 * at the first request for metrics ({@code /actuator/prometheus}; {@code /actuator/metrics} where exposed) instead
 * of at start: every scrape sees them as before. They are the binders of Spring Boot's JVM and system metrics
 * auto-configurations with the same settings ({@code management.metrics.system.diskspace.paths}); those two are
 * excluded in application.properties. Bound at start, they read the JVM through {@code java.lang.management} (the
 * platform MXBeans and their classes) before the port opened: 233 classes of the AOT cache and 40-90 ms of every
 * start (bench/FOOTPRINT.md) that no probe and no pass needs. Bound once the application was ready, they delayed the
 * first probe as much, sharing a small container's core with it. GC pauses and allocations are counted from the
 * first scrape on. With the actuator on a port of its own ({@code management.server.port}), whose requests this filter
 * never sees, they are bound when the application is ready.
 */
@Component
class JvmMetricsOnFirstScrape extends OncePerRequestFilter implements ApplicationListener<ApplicationReadyEvent> {

  private static final List<EndpointId> METRICS = List.of(EndpointId.of("prometheus"), EndpointId.of("metrics"));

  private final MeterRegistry registry;
  private final MetricsProperties properties;
  private final PathMappedEndpoints endpoints;
  private final List<AutoCloseable> bound = new ArrayList<>();
  private volatile boolean bindingDone;

  JvmMetricsOnFirstScrape(MeterRegistry registry, MetricsProperties properties, PathMappedEndpoints endpoints) {
    this.registry = registry;
    this.properties = properties;
    this.endpoints = endpoints;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (ManagementPortType.get(event.getApplicationContext().getEnvironment()) == ManagementPortType.DIFFERENT) {
      bind();
    }
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!bindingDone && asksForMetrics(request)) {
      bind();
    }
    chain.doFilter(request, response);
  }

  private boolean asksForMetrics(HttpServletRequest request) {
    var path = request.getRequestURI().substring(request.getContextPath().length());
    return METRICS.stream().map(endpoints::getPath).filter(Objects::nonNull).anyMatch(path::startsWith);
  }

  private synchronized void bind() {
    if (bindingDone) {
      return;
    }
    var diskSpace = properties.getSystem().getDiskspace();
    Stream.<MeterBinder>of(new JvmGcMetrics(), new JvmHeapPressureMetrics(), new JvmMemoryMetrics(),
        new JvmThreadMetrics(), new ClassLoaderMetrics(), new JvmInfoMetrics(), new JvmCompilationMetrics(),
        new UptimeMetrics(), new ProcessorMetrics(), new FileDescriptorMetrics(),
        new DiskSpaceMetricsBinder(diskSpace.getPaths(), Tags.empty())).forEach(binder -> {
          binder.bindTo(registry);
          if (binder instanceof AutoCloseable closeable) {
            bound.add(closeable); // the GC notification listeners
          }
        });
    bindingDone = true;
  }

  /** At the context's close (a filter bean's destroy): the GC listeners go with it. */
  @Override
  public synchronized void destroy() {
    for (var closeable : bound) {
      try {
        closeable.close();
      } catch (Exception e) {
        logger.warn("Could not unbind " + closeable, e);
      }
    }
    bound.clear();
  }
}
