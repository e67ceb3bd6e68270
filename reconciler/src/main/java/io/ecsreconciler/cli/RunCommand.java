package io.ecsreconciler.cli;

import io.ecsreconciler.app.ControllerApplication;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

@Command(name = "run", description = "Runs the controller: reconciles desired-state/*.yaml from a folder or Git on a "
    + "schedule, with a status API, dashboard and metrics (Spring Boot; configure with --reconciler.*=... or env).",
    customSynopsis = "reconciler run [--PROPERTY=VALUE...]",
    footerHeading = "%nMain properties (as --name=value, or env such as RECONCILER_SOURCE_GIT_URL; all in the README):%n",
    footer = {
        "  --server.port=8080                         HTTP port of the API, dashboard and metrics",
        "  --reconciler.source.type=folder|git        where desired-state files come from",
        "  --reconciler.source.folder=desired-state   the folder (type folder)",
        "  --reconciler.source.git.url=URL            repository (https, ssh, file); .branch (main), .path",
        "  --reconciler.source.git.token=...          https token (better: env RECONCILER_SOURCE_GIT_TOKEN)",
        "  --reconciler.interval=30s                  delay between scheduled passes",
        "  --reconciler.requeue-after=10s             look again this soon at a stack whose rollout moves",
        "  --reconciler.api.token=...                 bearer token of the mutating endpoints (refused without)",
        "  --reconciler.api.webhook-secret=...        HMAC secret of the Git webhook",
        "  --reconciler.lease.type=local|dynamodb     one replica, or several sharing a DynamoDB lease table",
        "  --reconciler.aws-endpoint=URL              an emulator instead of AWS (else AWS_ENDPOINT_URL)",
        "  --reconciler.notify.slack-webhook-url=URL  Slack-compatible notifications; .webhook-url, .webhook-secret",
        "  --logging.structured.format.console=ecs    JSON log lines (ecs or logstash)"})
public final class RunCommand implements Callable<Integer> {

  /** Passed to Spring Boot as they are: --server.port=8081, --reconciler.source.type=git, ... */
  @Unmatched
  List<String> springArgs = new java.util.ArrayList<>();

  @Override
  public Integer call() {
    return runController(springArgs);
  }

  /**
   * True for {@code run} followed only by {@code --name=value} properties (how the README, the Dockerfile and the
   * launchers start the controller): such a line means the same with or without the command-line parser, so
   * {@link #runController} may take it directly. The parser's classes are Java 5 bytecode, which the JDK's AOT cache
   * cannot hold; loading and verifying them took about 0.3 s of every controller start. Anything else ({@code run
   * --help}, {@code run -V}, an {@code @file}, a bare word) goes through picocli as before.
   */
  public static boolean isPlainRun(String... args) {
    if (args.length == 0 || !args[0].equals("run")) {
      return false;
    }
    for (var arg : Arrays.asList(args).subList(1, args.length)) {
      var equals = arg.indexOf('=');
      var property = arg.startsWith("--") && equals > 2;
      var name = property ? arg.substring(2, equals) : "";
      if (!property || name.equals("help") || name.equals("version")) {
        return false;
      }
    }
    return true;
  }

  /** Starts the controller with these Spring arguments and returns when its context closes (SIGTERM). */
  public static int runController(List<String> springArgs) {
    var context = ControllerApplication.application().run(springArgs.toArray(String[]::new));
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
