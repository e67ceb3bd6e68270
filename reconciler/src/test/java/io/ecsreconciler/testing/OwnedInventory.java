package io.ecsreconciler.testing;

import io.ecsreconciler.engine.Stack;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything of one stack that exists in the emulator, counted with boto3 from the emulator's venv (a client
 * independent of the code under test; {@code owned_inventory.py} beside this class): EC2 resources by the ownership
 * tag, the rest by the names the stack gives them (unique in AWS except task-definition revisions, counted while
 * ACTIVE; ECS clusters and services while ACTIVE, as ECS lists deleted ones for a while). A duplicate shows as a count above the converged one; a leftover as a count above
 * zero after a destroy. One Python process lists everything: the AWS CLI took a start of about a second per call.
 */
public final class OwnedInventory {

  /** The hello stack converged: one of each, its four subnets, two tables, three groups and four endpoints. */
  public static final Map<String, Integer> HELLO_CONVERGED = counts("vpcs=1 internetGateways=1 subnets=4 routeTables=2 "
      + "securityGroups=3 securityGroupRules=6 vpcEndpoints=4 logGroups=1 roles=1 clusters=1 services=1 "
      + "taskDefinitions=1 loadBalancers=1 targetGroups=1 listeners=1");
  public static final Map<String, Integer> NOTHING = HELLO_CONVERGED.keySet().stream()
      .collect(Collectors.toMap(k -> k, k -> 0, (a, b) -> a, LinkedHashMap::new));
  /** owned_inventory.py, beside this class: one Python process with boto3 lists everything. */
  private static final String SCRIPT = script();

  private OwnedInventory() {
  }

  /** Counts by kind, in the order of {@link #HELLO_CONVERGED}; fails the test past a minute. */
  public static Map<String, Integer> of(AwsEmulator emulator, String stack) {
    EmulatorInstall.ensureInstalled();
    var command = List.of(EmulatorInstall.venvBin("python").toString(), "-c", SCRIPT,
        emulator.endpoint().toString(), stack, Stack.STACK_TAG);
    var builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    var env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("AWS_")); // no profile, role or keys of the user's
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    Path stdout = null;
    Path stderr = null;
    try {
      stdout = Files.createTempFile("inventory", ".out");
      stderr = Files.createTempFile("inventory", ".err");
      var process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("the inventory did not finish within 60 s: " + Files.readString(stderr));
      }
      if (process.exitValue() != 0) {
        throw new AssertionError("the inventory failed (exit " + process.exitValue() + "): " + Files.readString(stderr));
      }
      var json = JsonMapper.shared().readTree(Files.readString(stdout));
      var counts = new LinkedHashMap<String, Integer>();
      HELLO_CONVERGED.keySet().forEach(kind -> counts.put(kind, json.path(kind).asInt(-1)));
      return counts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      for (var file : new Path[] {stdout, stderr}) {
        if (file != null) {
          file.toFile().delete();
        }
      }
    }
  }

  /** The kinds with more than {@code expected}, as "vpcs=2 (expected 1)". */
  public static List<String> beyond(Map<String, Integer> counts, Map<String, Integer> expected) {
    return counts.entrySet().stream().filter(e -> e.getValue() > expected.getOrDefault(e.getKey(), 0))
        .map(e -> e.getKey() + "=" + e.getValue() + " (expected " + expected.getOrDefault(e.getKey(), 0) + ")")
        .toList();
  }

  /** "vpcs=1 subnets=4 ..." in the inventory's order. */
  public static String text(Map<String, Integer> counts) {
    return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  private static Map<String, Integer> counts(String text) {
    var counts = new LinkedHashMap<String, Integer>();
    for (var pair : text.split(" ")) {
      var parts = pair.split("=");
      counts.put(parts[0], Integer.parseInt(parts[1]));
    }
    return java.util.Collections.unmodifiableMap(counts);
  }

  private static String script() {
    try (var in = OwnedInventory.class.getResourceAsStream("owned_inventory.py")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("owned_inventory.py missing from the test class path", e);
    }
  }
}
