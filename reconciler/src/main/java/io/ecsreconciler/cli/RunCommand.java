package io.ecsreconciler.cli;

import io.ecsreconciler.app.ControllerApplication;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;
import org.springframework.boot.SpringApplication;

@Command(name = "run", description = "Runs the controller: reconciles desired-state/*.yaml from a folder or Git on a "
    + "schedule, with a status API, dashboard and metrics (Spring Boot; configure with --reconciler.*=... or env).")
final class RunCommand implements Callable<Integer> {

  /** Passed to Spring Boot as they are: --server.port=8081, --reconciler.source.type=git, ... */
  @Unmatched
  List<String> springArgs = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    var context = SpringApplication.run(ControllerApplication.class, springArgs.toArray(String[]::new));
    // Spring's own shutdown hook stops the context on SIGTERM; wait for that instead of exiting the CLI.
    var done = new java.util.concurrent.CountDownLatch(1);
    context.addApplicationListener(event -> {
      if (event instanceof org.springframework.context.event.ContextClosedEvent) {
        done.countDown();
      }
    });
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
