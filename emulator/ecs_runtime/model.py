"""The runtime objects moto's ECS lacks: deployments that progress, tasks that start and stop.

They live on moto's own objects (``service.deployments``, ``service.ecs_runtime``, ``backend.tasks``), never in
module globals, so that ``POST /moto-api/reset`` (which rebuilds every backend) drops them with everything else.

moto serializes responses by reading attributes named like the API's members (``rollout_state`` for
``rolloutState``), so the public attributes below are the wire format; anything that is not an API member is
ignored by the serializer.
"""

from __future__ import annotations

import copy
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from moto.core.utils import utcnow
from moto.utilities.utils import get_partition

from . import messages

# Deployment.status
PRIMARY, ACTIVE = "PRIMARY", "ACTIVE"
# Deployment.rolloutState
IN_PROGRESS, COMPLETED, FAILED = "IN_PROGRESS", "COMPLETED", "FAILED"
# Task lastStatus / desiredStatus (the task lifecycle, shortened to the states a client acts on)
PENDING, RUNNING, STOPPED = "PENDING", "RUNNING", "STOPPED"

# AWS's defaults for a service created without a deploymentConfiguration (API reference: DeploymentConfiguration).
DEFAULT_DEPLOYMENT_CONFIGURATION: dict[str, Any] = {
    "maximumPercent": 200,
    "minimumHealthyPercent": 100,
    "deploymentCircuitBreaker": {"enable": False, "rollback": False},
}


def deployment_configuration(sent: dict[str, Any] | None,
                             current: dict[str, Any] | None = None) -> dict[str, Any]:
    """What DescribeServices returns: what the client sent over what was there (or AWS's defaults)."""
    merged = copy.deepcopy(current or DEFAULT_DEPLOYMENT_CONFIGURATION)
    for key, value in (sent or {}).items():
        if value is not None:
            merged[key] = copy.deepcopy(value)
    breaker = merged.setdefault("deploymentCircuitBreaker", {})
    breaker.setdefault("enable", False)
    breaker.setdefault("rollback", False)
    return merged


def new_deployment_id() -> str:
    # ECS's ids are "ecs-svc/" and 19 digits.
    return f"ecs-svc/{random.randint(10 ** 18, 9 * 10 ** 18)}"


class Deployment:
    """One entry of ``Service.deployments``; newest (PRIMARY) first."""

    def __init__(self, service: Any, task_definition: Any, reason: str | None = None,
                 is_rollback: bool = False):
        now = utcnow()
        self.id = new_deployment_id()
        self.status = PRIMARY
        self.task_definition = task_definition.arn
        self.desired_count = service.desired_count
        self.pending_count = 0
        self.running_count = 0
        self.failed_tasks = 0
        self.created_at = now
        self.updated_at = now
        self.launch_type = service.launch_type
        self.platform_version = _platform_version(service)
        self.platform_family = "Linux" if service.launch_type == "FARGATE" else None
        self.network_configuration = copy.deepcopy(service.network_configuration) or None
        self.rollout_state = IN_PROGRESS
        self.rollout_state_reason = reason or messages.rollout_in_progress(self.id)
        # Not API members: the definition the tasks are made from (kept even if it is deregistered later), and
        # whether this deployment is itself a rollback (a failed rollback is not rolled back again).
        self.task_definition_model = task_definition
        self.load_balancers = copy.deepcopy(service.load_balancers)
        self.is_rollback = is_rollback

    def touch(self) -> None:
        self.updated_at = utcnow()


def _platform_version(service: Any) -> str | None:
    if service.launch_type != "FARGATE":
        return service.platform_version
    # DescribeServices shows the version LATEST resolved to.
    return service.platform_version if service.platform_version not in (None, "LATEST") else "1.4.0"


@dataclass
class ServiceRuntime:
    """Scheduler memory of one service (``service.ecs_runtime``)."""

    # (deployment id, task definition) of the last deployment that reached COMPLETED: what a rollback returns to.
    last_completed: tuple[str, Any] | None = None
    steady: bool = False
    # The "unable to stop or start tasks" event is written once per stall, as ECS de-duplicates its events.
    reported_stall: bool = False
    logged_errors: set[str] = field(default_factory=set)


class ServiceTask:
    """A task the service scheduler started; listed and described through moto's own ListTasks/DescribeTasks."""

    def __init__(self, service: Any, deployment: Deployment, backend: Any):
        now = utcnow()
        self.id = uuid.uuid4().hex  # ECS task ids are 32 hex digits
        self._backend = backend
        self.service = service
        self.deployment = deployment
        task_definition = deployment.task_definition_model
        self.cluster_name = service.cluster_name
        self.cluster_arn = service.cluster_arn
        self.region_name = service.region_name
        self.account_id = backend.account_id
        self.task_definition_arn = task_definition.arn
        self.container_instance_arn = None
        self.group = f"service:{service.name}"
        self.started_by = deployment.id
        self.launch_type = service.launch_type
        self.platform_version = deployment.platform_version
        self.platform_family = deployment.platform_family
        self.cpu = task_definition.cpu
        self.memory = task_definition.memory
        self.last_status = PENDING
        self.desired_status = RUNNING
        self.health_status = "UNKNOWN"
        self.connectivity = "CONNECTED"
        self.connectivity_at = now
        self.created_at = now
        self.pull_started_at = now
        self.pull_stopped_at = None
        self.started_at = None
        self.stopping_at = None
        self.stopped_at = None
        self.execution_stopped_at = None
        self.stop_code = None
        self.stopped_reason = None
        self.availability_zone = None
        self.version = 1
        self.enable_execute_command = False
        self.overrides = {"containerOverrides": [], "inferenceAcceleratorOverrides": []}
        self.tags = _propagated_tags(service, task_definition)
        self.attachments: list[dict[str, Any]] = []
        self.containers = [_container(self, definition) for definition in task_definition.container_definitions]
        # Not API members: the ENI to delete on stop, the targets to deregister, and whether the task will crash.
        self.eni_id: str | None = None
        self.private_ip: str | None = None
        self.registered_targets: list[tuple[str, str, int]] = []
        self.crashes = False

    @property
    def task_arn(self) -> str:
        partition = get_partition(self.region_name)
        return f"arn:{partition}:ecs:{self.region_name}:{self.account_id}:task/{self.cluster_name}/{self.id}"

    @property
    def active(self) -> bool:
        return self.last_status != STOPPED

    @property
    def healthy(self) -> bool:
        """Running and staying up: what a load balancer health check would pass."""
        return self.last_status == RUNNING and not self.crashes

    def advance(self) -> None:
        """moto's DescribeTasks calls this on its own tasks; these move only with the scheduler's steps."""

    def changed(self) -> None:
        self.version += 1


def _propagated_tags(service: Any, task_definition: Any) -> list[dict[str, str]]:
    if service.propagate_tags == "SERVICE":
        return copy.deepcopy(service.tags or [])
    if service.propagate_tags == "TASK_DEFINITION":
        return copy.deepcopy(task_definition.tags or [])
    return []


def _container(task: ServiceTask, definition: dict[str, Any]) -> dict[str, Any]:
    return {
        "containerArn": (f"arn:{get_partition(task.region_name)}:ecs:{task.region_name}:{task.account_id}:"
                         f"container/{task.cluster_name}/{task.id}/{uuid.uuid4()}"),
        "taskArn": task.task_arn,
        "name": definition.get("name"),
        "image": definition.get("image"),
        "lastStatus": PENDING,
        "healthStatus": "UNKNOWN",
        "networkInterfaces": [],
        "cpu": str(definition.get("cpu", 0)),
        "memory": str(definition["memory"]) if definition.get("memory") is not None else None,
        "essential": definition.get("essential", True),
    }
