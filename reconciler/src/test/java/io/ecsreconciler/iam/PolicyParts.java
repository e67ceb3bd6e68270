package io.ecsreconciler.iam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How docs/iam/README.md installs reconciler-policy.json: it is larger than the 6,144 characters of one managed
 * policy, so it goes in as four, the statements grouped by the start of their Sid.
 */
final class PolicyParts {

  static final Map<String, Pattern> PARTS = parts();

  private PolicyParts() {
  }

  private static Map<String, Pattern> parts() {
    var parts = new LinkedHashMap<String, Pattern>();
    parts.put("ecs-reconciler-network", Pattern.compile("Describe|Ec2"));
    parts.put("ecs-reconciler-containers", Pattern.compile("Elb|Ecs"));
    parts.put("ecs-reconciler-images-logs-roles", Pattern.compile("Ecr|Logs|Iam"));
    parts.put("ecs-reconciler-scaling-leases", Pattern.compile("Scaling|CloudWatch|Lease"));
    return parts;
  }

  static List<PolicyDocument> of(PolicyDocument policy) {
    return PARTS.entrySet().stream().map(part -> policy.part(part.getValue(), part.getKey())).toList();
  }
}
