"""Counts, with boto3 (a client independent of the code under test), everything of one stack in the emulator.

Usage: owned_inventory.py ENDPOINT STACK STACK_TAG; prints one JSON object of counts by kind. EC2 resources are
found by the stack's ownership tag, the rest by the names the stack gives them (unique in AWS except
task-definition revisions, counted while ACTIVE; ECS clusters and services while ACTIVE, as ECS lists deleted
ones for a while). Every list is paginated; nothing is filtered by the reconciler's own code.
"""
import json
import sys

import boto3

endpoint, stack, stack_tag = sys.argv[1:4]


def client(service):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


def every(c, operation, key, **kwargs):
    if c.can_paginate(operation):
        return [item for page in c.get_paginator(operation).paginate(**kwargs) for item in page.get(key, [])]
    return getattr(c, operation)(**kwargs).get(key, [])


ec2, logs, iam, ecs, elb = (client(s) for s in ("ec2", "logs", "iam", "ecs", "elbv2"))
owned = [{"Name": "tag:" + stack_tag, "Values": [stack]}]
counts = {}
counts["vpcs"] = len(every(ec2, "describe_vpcs", "Vpcs", Filters=owned))
counts["internetGateways"] = len(every(ec2, "describe_internet_gateways", "InternetGateways", Filters=owned))
counts["subnets"] = len(every(ec2, "describe_subnets", "Subnets", Filters=owned))
counts["routeTables"] = len(every(ec2, "describe_route_tables", "RouteTables", Filters=owned))
groups = [g["GroupId"] for g in every(ec2, "describe_security_groups", "SecurityGroups", Filters=owned)]
counts["securityGroups"] = len(groups)
counts["securityGroupRules"] = len(every(ec2, "describe_security_group_rules", "SecurityGroupRules",
                                         Filters=[{"Name": "group-id", "Values": groups}])) if groups else 0
counts["vpcEndpoints"] = len(every(ec2, "describe_vpc_endpoints", "VpcEndpoints", Filters=owned + [
    {"Name": "vpc-endpoint-state", "Values": ["available", "pending"]}]))
counts["logGroups"] = sum(1 for g in every(logs, "describe_log_groups", "logGroups", logGroupNamePrefix="/ecs/" + stack)
                          if g["logGroupName"] == "/ecs/" + stack)
counts["roles"] = sum(1 for r in every(iam, "list_roles", "Roles") if r["RoleName"].startswith(stack + "-"))
clusters = ecs.describe_clusters(clusters=[stack])["clusters"]
counts["clusters"] = sum(1 for c in clusters if c["status"] == "ACTIVE")
try:
    services = ecs.describe_services(cluster=stack, services=[stack])["services"]
except ecs.exceptions.ClusterNotFoundException:
    services = []
counts["services"] = sum(1 for s in services if s["status"] == "ACTIVE")
counts["taskDefinitions"] = len(every(ecs, "list_task_definitions", "taskDefinitionArns", familyPrefix=stack,
                                      status="ACTIVE"))
balancers = [b["LoadBalancerArn"] for b in every(elb, "describe_load_balancers", "LoadBalancers")]
counts["loadBalancers"] = len(balancers)
counts["targetGroups"] = len(every(elb, "describe_target_groups", "TargetGroups"))
counts["listeners"] = sum(len(every(elb, "describe_listeners", "Listeners", LoadBalancerArn=arn)) for arn in balancers)
print(json.dumps(counts))
