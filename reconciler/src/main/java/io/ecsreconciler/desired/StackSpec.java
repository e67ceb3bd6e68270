package io.ecsreconciler.desired;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One validated stack of {@code desired-state/*.yaml}: the values the reconciler converges AWS to. Only built
 * from a document that passed the JSON Schema, so required fields are present and typed; optional fields get
 * the defaults the schema documents.
 */
public record StackSpec(String name, Path source, String region, Network network, Image image, Service service,
                        LoadBalancer loadBalancer, Policy policy) {

  public record Network(String vpcCidr, List<String> availabilityZones, List<String> publicSubnets,
                        List<String> privateSubnets, List<String> endpoints) {
    public Network {
      availabilityZones = List.copyOf(availabilityZones);
      publicSubnets = List.copyOf(publicSubnets);
      privateSubnets = List.copyOf(privateSubnets);
      endpoints = List.copyOf(endpoints);
    }
  }

  /** @param create create the ECR repository when it does not exist; by default an existing one is adopted */
  public record Image(String repository, String tag, boolean create) {}

  /**
   * @param verify      the post-deploy check; empty when the stack does not ask for one
   * @param autoscaling target tracking on CPU; empty when the desired count is the YAML's alone
   */
  public record Service(int containerPort, int cpu, int memory, int desiredCount, String healthCheckPath,
                        int logRetentionDays, java.util.Optional<Verify> verify,
                        java.util.Optional<Autoscaling> autoscaling) {

    public Service(int containerPort, int cpu, int memory, int desiredCount, String healthCheckPath,
                   int logRetentionDays) {
      this(containerPort, cpu, memory, desiredCount, healthCheckPath, logRetentionDays, java.util.Optional.empty(),
          java.util.Optional.empty());
    }
  }

  /**
   * Application Auto Scaling of the service's desired count: a count inside [minCount, maxCount] is the
   * scaler's, not drift.
   */
  public record Autoscaling(int minCount, int maxCount, int cpuTargetPercent) {}

  public enum OnFailure { REPORT, ROLLBACK }

  /**
   * Once a rollout completes, GET {@code path} through the load balancer and expect this status (and body).
   *
   * @param bodyContains empty when any body will do
   * @param attempts     tries before the check fails, a second apart
   */
  public record Verify(String path, int expectedStatus, String bodyContains, int attempts, int timeoutSeconds,
                       OnFailure onFailure) {}

  public record LoadBalancer(int listenerPort, List<String> ingressCidrs) {
    public LoadBalancer {
      ingressCidrs = List.copyOf(ingressCidrs);
    }
  }

  public enum Mode { OBSERVE, ENFORCE }

  /**
   * @param keepRevisions task-definition revisions kept registered (the newest included), to roll back to
   * @param ignoreDrift   {@code kind.field} pairs left as they are in AWS once created, like Argo CD's
   *                      ignoreDifferences ({@code ecs-service.desiredCount})
   */
  public record Policy(Mode mode, boolean prune, int maxDeletesPerPass, int keepRevisions, List<String> ignoreDrift) {

    public Policy {
      ignoreDrift = List.copyOf(ignoreDrift);
    }

    public Policy(Mode mode, boolean prune, int maxDeletesPerPass, int keepRevisions) {
      this(mode, prune, maxDeletesPerPass, keepRevisions, List.of());
    }
  }

  static final List<String> DEFAULT_ENDPOINTS = List.of("ecr.dkr", "ecr.api", "logs", "s3");

  /** Maps a schema-valid document; defaults here are the ones the schema's {@code default} keywords name. */
  static StackSpec from(Path source, JsonNode root) {
    var spec = root.path("spec");
    var network = spec.path("network");
    var image = spec.path("image");
    var service = spec.path("service");
    var loadBalancer = spec.path("loadBalancer");
    var policy = spec.path("policy");
    return new StackSpec(
        root.path("metadata").path("name").asString(),
        source,
        spec.path("region").asString(),
        new Network(
            network.path("vpcCidr").asString(),
            strings(network.path("availabilityZones")),
            strings(network.path("publicSubnets")),
            strings(network.path("privateSubnets")),
            network.has("endpoints") ? strings(network.path("endpoints")) : DEFAULT_ENDPOINTS),
        new Image(image.path("repository").asString(), image.path("tag").asString(),
            image.path("create").asBoolean(false)),
        new Service(
            service.path("containerPort").asInt(),
            service.path("cpu").asInt(),
            service.path("memory").asInt(),
            service.path("desiredCount").asInt(1),
            service.path("healthCheckPath").asString("/"),
            service.path("logRetentionDays").asInt(14),
            verify(service),
            autoscaling(service)),
        new LoadBalancer(
            loadBalancer.path("listenerPort").asInt(80),
            loadBalancer.has("ingressCidrs") ? strings(loadBalancer.path("ingressCidrs")) : List.of("0.0.0.0/0")),
        new Policy(
            Mode.valueOf(policy.path("mode").asString("enforce").toUpperCase(java.util.Locale.ROOT)),
            policy.path("prune").asBoolean(true),
            policy.path("maxDeletesPerPass").asInt(5),
            policy.path("keepRevisions").asInt(3),
            policy.has("ignoreDrift") ? strings(policy.path("ignoreDrift")) : List.of()));
  }

  private static java.util.Optional<Verify> verify(JsonNode service) {
    if (!service.has("verify")) {
      return java.util.Optional.empty();
    }
    var verify = service.path("verify");
    return java.util.Optional.of(new Verify(
        verify.path("path").asString(service.path("healthCheckPath").asString("/")),
        verify.path("expectedStatus").asInt(200),
        verify.path("bodyContains").asString(""),
        verify.path("attempts").asInt(3),
        verify.path("timeoutSeconds").asInt(5),
        OnFailure.valueOf(verify.path("onFailure").asString("report").toUpperCase(java.util.Locale.ROOT))));
  }

  private static java.util.Optional<Autoscaling> autoscaling(JsonNode service) {
    if (!service.has("autoscaling")) {
      return java.util.Optional.empty();
    }
    var autoscaling = service.path("autoscaling");
    return java.util.Optional.of(new Autoscaling(autoscaling.path("minCount").asInt(),
        autoscaling.path("maxCount").asInt(), autoscaling.path("cpuTargetPercent").asInt(60)));
  }

  private static List<String> strings(JsonNode array) {
    var values = new ArrayList<String>();
    array.forEach(item -> values.add(item.asString()));
    return values;
  }
}
