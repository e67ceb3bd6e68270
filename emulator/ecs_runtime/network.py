"""What a task holds in other services: an ENI in its subnet (awsvpc) and targets in the service's target groups.

Fargate gives each task an ENI in the first subnet of the service's awsvpcConfiguration and deletes it when the
task stops; the service scheduler registers a RUNNING task's IP and container port in each target group of the
service and deregisters it when the task stops. Both are done here against moto's EC2 and ELBv2 backends, so
DescribeNetworkInterfaces and DescribeTargetHealth show them. moto reports a registered IP target as "healthy"
and drops a deregistered one from an unfiltered DescribeTargetHealth, which is what a running and a stopped
task look like once health checks have settled. A task whose container is about to crash never passes a health
check: its target is marked so that DescribeTargetHealth shows it "initial" (see ``patches``).
"""

from __future__ import annotations

import ipaddress
import logging
import random
import uuid
from typing import Any

from moto.ec2.models import ec2_backends
from moto.elbv2.models import elbv2_backends
from moto.utilities.utils import get_partition

from .model import ServiceTask

log = logging.getLogger(__name__)

# AWS reserves the first four addresses and the last one of every subnet.
_RESERVED_AT_START, _RESERVED_AT_END = 4, 1


def attach_eni(task: ServiceTask, network_configuration: dict[str, Any] | None) -> None:
    """Gives the task an ENI with a free address of the service's first subnet (nothing without awsvpc)."""
    subnets = ((network_configuration or {}).get("awsvpcConfiguration") or {}).get("subnets") or []
    if not subnets:
        return
    ec2 = ec2_backends[task.account_id][task.region_name]
    attachment_id = str(uuid.uuid4())
    # Only groups that exist: moto would otherwise make up a group for an unknown id.
    requested_groups = network_configuration["awsvpcConfiguration"].get("securityGroups") or []
    security_groups = [group_id for group_id in requested_groups if ec2.get_security_group_from_id(group_id)]
    try:
        subnet = ec2.get_subnet(subnets[0])
        eni = ec2.create_network_interface(
            subnet=subnet,
            private_ip_address=_free_address(ec2, subnet),
            group_ids=security_groups,
            description=(f"arn:{get_partition(task.region_name)}:ecs:{task.region_name}:{task.account_id}:"
                         f"attachment/{attachment_id}"),
        )
    except Exception as error:  # the subnet (or its VPC) is gone: the task runs without an address
        log.warning("task %s: no ENI in subnet %s: %s", task.id, subnets[0], error)
        return
    eni.status = "in-use"
    eni.requester_managed = True
    task.eni_id = eni.id
    task.private_ip = eni.private_ip_address
    task.availability_zone = subnet.availability_zone
    task.attachments = [{
        "id": attachment_id,
        "type": "ElasticNetworkInterface",
        "status": "ATTACHED",
        "details": [{"name": name, "value": value} for name, value in (
            ("subnetId", subnet.id),
            ("networkInterfaceId", eni.id),
            ("macAddress", eni.mac_address),
            ("privateDnsName", getattr(eni, "private_dns_name", None)),  # only with DNS hostnames on
            ("privateIPv4Address", eni.private_ip_address),
        ) if value is not None],
    }]
    for container in task.containers:
        container["networkInterfaces"] = [{"attachmentId": attachment_id,
                                           "privateIpv4Address": eni.private_ip_address}]


def _free_address(ec2: Any, subnet: Any) -> str:
    network = ipaddress.IPv4Network(subnet.cidr_block, strict=False)
    taken = {eni.private_ip_address for eni in ec2.enis.values() if getattr(eni.subnet, "id", None) == subnet.id}
    first = int(network.network_address) + _RESERVED_AT_START
    last = int(network.broadcast_address) - _RESERVED_AT_END
    candidates = last - first + 1
    if candidates <= 0:
        return str(network.network_address)
    start = random.randrange(candidates)
    for offset in range(candidates):  # random start, then the next free one: unique while the subnet has room
        address = str(ipaddress.IPv4Address(first + (start + offset) % candidates))
        if address not in taken:
            return address
    return str(ipaddress.IPv4Address(first + start))  # subnet full: AWS would refuse; here the task still runs


def release_eni(task: ServiceTask) -> None:
    if task.eni_id is None:
        return
    try:
        ec2_backends[task.account_id][task.region_name].delete_network_interface(task.eni_id)
    except Exception:  # already gone (deleted by hand, or its VPC was)
        pass
    task.eni_id = None
    for attachment in task.attachments:
        attachment["status"] = "DELETED"


def register_targets(task: ServiceTask) -> list[str]:
    """Registers the task in its deployment's target groups; returns the target groups it joined."""
    if task.private_ip is None:
        return []
    elbv2 = elbv2_backends[task.account_id][task.region_name]
    joined = []
    for load_balancer in task.deployment.load_balancers or []:
        target_group_arn = load_balancer.get("targetGroupArn")
        port = load_balancer.get("containerPort")
        if not target_group_arn or port is None:
            continue  # a Classic Load Balancer (loadBalancerName) is not modelled
        if target_group_arn not in elbv2.target_groups:
            log.warning("task %s: target group %s not found, not registered", task.id, target_group_arn)
            continue
        elbv2.register_targets(target_group_arn, [{"Id": task.private_ip, "Port": int(port)}])
        if task.crashes:
            _initial_targets(elbv2.target_groups[target_group_arn]).add(task.private_ip)
        task.registered_targets.append((target_group_arn, task.private_ip, int(port)))
        joined.append(target_group_arn)
    return joined


def deregister_targets(task: ServiceTask) -> list[str]:
    """Deregisters the task from every target group it is in; returns those target groups."""
    elbv2 = elbv2_backends[task.account_id][task.region_name]
    left = []
    for target_group_arn, address, port in task.registered_targets:
        target_group = elbv2.target_groups.get(target_group_arn)
        if target_group is not None and address in target_group.targets:
            elbv2.deregister_targets(target_group_arn, [{"Id": address, "Port": port}])
            _initial_targets(target_group).discard(address)
            left.append(target_group_arn)
    task.registered_targets = []
    return left


def _initial_targets(target_group: Any) -> set[str]:
    """Addresses in this target group that have not passed (and will not pass) a health check."""
    if not hasattr(target_group, "ecs_runtime_initial_targets"):
        target_group.ecs_runtime_initial_targets = set()
    return target_group.ecs_runtime_initial_targets


def initial_targets(target_group: Any) -> set[str]:
    return getattr(target_group, "ecs_runtime_initial_targets", set())
