package io.ecsreconciler.desired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The rules JSON Schema cannot express: network arithmetic, the one-public-one-private-subnet-per-AZ layout the
 * stack is built on, Fargate's cpu/memory pairs and the endpoints private tasks cannot live without. Runs only
 * on a schema-valid document, so every field it reads is present and typed.
 */
final class SemanticCheck {

  /** Fargate task sizes: cpu units → the memory values (MiB) AWS accepts with it. */
  static final Map<Integer, List<Integer>> FARGATE_MEMORY = new TreeMap<>(Map.of(
      256, List.of(512, 1024, 2048),
      512, range(1024, 4096, 1024),
      1024, range(2048, 8192, 1024),
      2048, range(4096, 16384, 1024),
      4096, range(8192, 30720, 1024),
      8192, range(16384, 61440, 4096),
      16384, range(32768, 122880, 8192)));

  /** Tasks have no internet path: without these they can neither pull their image nor ship their logs. */
  static final Set<String> REQUIRED_ENDPOINTS = Set.of("ecr.dkr", "ecr.api", "s3", "logs");

  private static final int VPC_MIN_PREFIX = 16;
  private static final int VPC_MAX_PREFIX = 28;

  private final List<YamlDocument.Located> problems = new ArrayList<>();
  private final YamlDocument document;

  private SemanticCheck(YamlDocument document) {
    this.document = document;
  }

  static List<YamlDocument.Located> check(StackSpec stack, YamlDocument document) {
    var check = new SemanticCheck(document);
    check.network(stack);
    check.taskSize(stack.service());
    check.autoscaling(stack.service());
    check.endpoints(stack.network().endpoints());
    check.ingress(stack.loadBalancer().ingressCidrs());
    return check.problems;
  }

  private void network(StackSpec stack) {
    var network = stack.network();
    var vpc = blockAt("/spec/network/vpcCidr", network.vpcCidr(), VPC_MIN_PREFIX, VPC_MAX_PREFIX);
    var zones = network.availabilityZones();
    for (int i = 0; i < zones.size(); i++) {
      if (!zones.get(i).startsWith(stack.region()) || zones.get(i).length() != stack.region().length() + 1) {
        report("/spec/network/availabilityZones/" + i, "zone " + zones.get(i) + " is not in region " + stack.region(),
            stack.region() + "a, " + stack.region() + "b, ...");
      }
    }
    var subnets = new ArrayList<Located<Cidr>>();
    subnets.addAll(subnetList("publicSubnets", network.publicSubnets(), zones.size(), vpc));
    subnets.addAll(subnetList("privateSubnets", network.privateSubnets(), zones.size(), vpc));
    for (int i = 0; i < subnets.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (subnets.get(i).value().overlaps(subnets.get(j).value())) {
          report(subnets.get(i).pointer(), subnets.get(i).value() + " overlaps "
              + YamlDocument.fieldOf(subnets.get(j).pointer()) + " " + subnets.get(j).value(), "disjoint subnets");
        }
      }
    }
  }

  private List<Located<Cidr>> subnetList(String name, List<String> cidrs, int zoneCount, Optional<Cidr> vpc) {
    var pointer = "/spec/network/" + name;
    if (cidrs.size() != zoneCount) {
      report(pointer, "has " + cidrs.size() + " subnets for " + zoneCount + " availability zones",
          "exactly one subnet per availability zone, in the order of availabilityZones");
    }
    var blocks = new ArrayList<Located<Cidr>>();
    for (int i = 0; i < cidrs.size(); i++) {
      var itemPointer = pointer + "/" + i;
      var block = blockAt(itemPointer, cidrs.get(i), VPC_MIN_PREFIX, VPC_MAX_PREFIX);
      if (block.isPresent() && vpc.isPresent() && !vpc.get().contains(block.get())) {
        report(itemPointer, block.get() + " is not inside the VPC " + vpc.get(), "a block inside " + vpc.get());
        continue;
      }
      block.ifPresent(b -> blocks.add(new Located<>(itemPointer, b)));
    }
    return blocks;
  }

  /** A CIDR that AWS would accept for a VPC or subnet: a network address with a prefix in range. */
  private Optional<Cidr> blockAt(String pointer, String text, int minPrefix, int maxPrefix) {
    var cidr = Cidr.parse(text);
    if (cidr.isEmpty()) {
      report(pointer, "value \"" + text + "\" is not an IPv4 CIDR", "a.b.c.d/n");
      return Optional.empty();
    }
    if (!cidr.get().isNetworkAddress()) {
      report(pointer, text + " has host bits set", cidr.get().canonical().toString());
      return Optional.empty();
    }
    if (cidr.get().prefix() < minPrefix || cidr.get().prefix() > maxPrefix) {
      report(pointer, "prefix /" + cidr.get().prefix() + " is out of range", "/" + minPrefix + " to /" + maxPrefix);
      return Optional.empty();
    }
    return cidr;
  }

  private void taskSize(StackSpec.Service service) {
    var memories = FARGATE_MEMORY.get(service.cpu());
    if (memories != null && !memories.contains(service.memory())) {
      report("/spec/service/memory", "memory " + service.memory() + " is not a Fargate size for cpu " + service.cpu(),
          describe(memories));
    }
  }

  /** The range must be one, and the count the service starts with must lie in it. */
  private void autoscaling(StackSpec.Service service) {
    service.autoscaling().ifPresent(scaling -> {
      if (scaling.maxCount() < scaling.minCount()) {
        report("/spec/service/autoscaling/maxCount", "maxCount " + scaling.maxCount() + " is below minCount "
            + scaling.minCount(), ">= " + scaling.minCount());
      } else if (service.desiredCount() < scaling.minCount() || service.desiredCount() > scaling.maxCount()) {
        report("/spec/service/desiredCount", "desiredCount " + service.desiredCount() + " is outside autoscaling's "
            + "range " + scaling.minCount() + "-" + scaling.maxCount(), scaling.minCount() + " to " + scaling.maxCount());
      }
    });
  }

  private void endpoints(List<String> endpoints) {
    var missing = REQUIRED_ENDPOINTS.stream().filter(e -> !endpoints.contains(e)).sorted().toList();
    if (!missing.isEmpty()) {
      report("/spec/network/endpoints", "missing " + String.join(", ", missing)
          + ": tasks in private subnets need them to pull images and write logs", "a list containing ecr.dkr, ecr.api, logs, s3");
    }
  }

  private void ingress(List<String> cidrs) {
    for (int i = 0; i < cidrs.size(); i++) {
      blockAt("/spec/loadBalancer/ingressCidrs/" + i, cidrs.get(i), 0, 32);
    }
  }

  private void report(String pointer, String message, String allowed) {
    var mark = document.valueMark(pointer);
    problems.add(new YamlDocument.Located(mark.getLine(), mark.getColumn(), YamlDocument.fieldOf(pointer), message, allowed));
  }

  private record Located<T>(String pointer, T value) {}

  private static List<Integer> range(int from, int to, int step) {
    return IntStream.iterate(from, m -> m <= to, m -> m + step).boxed().toList();
  }

  private static String describe(List<Integer> memories) {
    if (memories.size() <= 4) {
      return memories.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
    }
    return memories.getFirst() + " to " + memories.getLast() + " in steps of " + (memories.get(1) - memories.get(0));
  }
}
