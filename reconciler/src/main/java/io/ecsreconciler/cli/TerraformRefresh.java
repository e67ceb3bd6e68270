package io.ecsreconciler.cli;

import io.ecsreconciler.desired.StackSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code terraform plan} (its refresh) would spend in AWS read calls on the same resources, written as the
 * Terraform AWS provider would hold them: one Terraform resource per AWS object, each refreshed by its own Read
 * function, which the provider never batches across resources. The calls per Read come from the provider's
 * source (internal/service/&lt;service&gt;/&lt;resource&gt;.go, read on 2026-12-02; BENCHMARKS.md lists them).
 */
final class TerraformRefresh {

  private TerraformRefresh() {
  }

  /** Read calls per Terraform resource type of the stack, by type, for one refresh. */
  static Map<String, Integer> readsByResource(StackSpec spec) {
    int zones = spec.network().availabilityZones().size();
    var interfaceEndpoints = (int) spec.network().endpoints().stream().filter(e -> !e.equals("s3")).count();
    var gatewayEndpoints = spec.network().endpoints().size() - interfaceEndpoints;
    int ingressCidrs = spec.loadBalancer().ingressCidrs().size();
    var reads = new LinkedHashMap<String, Integer>();
    // DescribeVpcs, DescribeVpcAttribute x3 (DNS support, DNS hostnames, address usage metrics),
    // DescribeNetworkAcls (default ACL), DescribeRouteTables (main table), DescribeSecurityGroups (default group)
    reads.put("aws_vpc", 7);
    reads.put("aws_internet_gateway", 1);
    reads.put("aws_subnet", 2 * zones);
    reads.put("aws_route_table", 2);
    reads.put("aws_route_table_association", 2 * zones);
    reads.put("aws_security_group", 3);
    // one DescribeSecurityGroupRules per aws_vpc_security_group_{ingress,egress}_rule
    reads.put("aws_vpc_security_group_*_rule", ingressCidrs + 1 + 1 + 2 + 1);
    reads.put("data.aws_prefix_list", 1);
    // DescribeVpcEndpoints, DescribePrefixLists (its service's list), DescribeNetworkInterfaces per ENI (one a zone)
    reads.put("aws_vpc_endpoint", interfaceEndpoints * (2 + zones) + gatewayEndpoints * 2);
    reads.put("aws_cloudwatch_log_group", 2);                  // DescribeLogGroups, ListTagsForResource
    reads.put("aws_iam_role", 3);                              // GetRole, ListRolePolicies, ListAttachedRolePolicies
    reads.put("aws_iam_role_policy_attachment", 1);            // ListAttachedRolePolicies
    reads.put("aws_ecr_repository", 2);                        // DescribeRepositories, ListTagsForResource
    reads.put("aws_ecs_cluster", 1);
    reads.put("aws_ecs_task_definition", 1);
    reads.put("aws_lb", 3);                                    // DescribeLoadBalancers, ...Attributes, DescribeTags
    reads.put("aws_lb_target_group", 3);                       // DescribeTargetGroups, ...Attributes, DescribeTags
    reads.put("aws_lb_listener", 2);                           // DescribeListeners, DescribeTags
    reads.put("aws_ecs_service", 1);
    return reads;
  }

  static int readsPerStack(StackSpec spec) {
    return readsByResource(spec).values().stream().mapToInt(Integer::intValue).sum();
  }
}
