"""Runtime patches of the installed moto: where its ECS API differs from AWS's in ways a rollout depends on.

- CreateService starts a real deployment (and keeps ``deploymentConfiguration``, which moto drops).
- UpdateService starts a new deployment for a new task definition, ``forceNewDeployment``, or a new network or
  load balancer configuration, and otherwise only rescales it (moto rewrote runningCount to desiredCount).
- DeleteService leaves the service DRAINING until the scheduler has stopped its tasks.
- ListTasks filters on ``serviceName`` (a TODO in moto) and, as in AWS, lists only desiredStatus RUNNING
  tasks unless asked for STOPPED ones.
- DescribeTargetHealth shows a task that is about to crash as "initial" instead of "healthy".
- CreateLoadBalancer is idempotent, as in AWS: the same name and settings again return the existing load balancer
  (moto made a second one with the same name, which a describe by name does not show: a retried create leaked).
- ECS, ELBv2 and EC2 requests and ``/moto-api/reset`` hold the runtime lock (see ``locking``).
- DynamoDB requests hold it too: AWS applies a conditional write atomically, but moto checks the condition and
  then writes, so two request threads could both pass ``attribute_not_exists`` and both "win" the item (the
  reconciler's lease table saw two holders at once on a busy machine).

Services that do not use the ECS deployment controller (or have no task definition) keep moto's behaviour.
Nothing under site-packages is edited: ``install()`` rebinds methods on moto's classes at start-up.
"""

from __future__ import annotations

import copy
from typing import Any

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.dynamodb.responses import DynamoHandler
from moto.ec2.responses import EC2Response
from moto.ecs.exceptions import ECSException, InvalidParameterException
from moto.ecs.models import EC2ContainerServiceBackend
from moto.ecs.responses import EC2ContainerServiceResponse
from moto.elbv2.exceptions import DuplicateLoadBalancerName
from moto.elbv2.models import ELBv2Backend, FakeHealthStatus, FakeTargetGroup
from moto.elbv2.responses import ELBV2Response
from moto.moto_api._internal.models import MotoAPIBackend

from . import network
from .locking import holding_runtime_lock
from .model import ACTIVE, PRIMARY, Deployment, ServiceRuntime, ServiceTask, deployment_configuration
from .scheduler import is_modelled

_installed = False


class ServiceNotActiveException(ECSException):
    def __init__(self) -> None:
        super().__init__("ServiceNotActiveException", "Service was not ACTIVE.")


def install() -> None:
    """Applies every patch once; safe to call again."""
    global _installed
    if _installed:
        return
    _patch_ecs_backend()
    _patch_ecs_responses()
    _patch_target_health()
    _patch_create_load_balancer()
    for response_class in (EC2ContainerServiceResponse, ELBV2Response, EC2Response, DynamoHandler):
        response_class.call_action = holding_runtime_lock(response_class.call_action)
    MotoAPIBackend.reset = holding_runtime_lock(MotoAPIBackend.reset)
    _installed = True


# --- ECS backend ------------------------------------------------------------------------------------------------

def _patch_ecs_backend() -> None:
    backend = EC2ContainerServiceBackend
    backend.create_service = _create_service(backend.create_service)
    backend.update_service = _update_service(backend.update_service)
    backend.delete_service = _delete_service(backend.delete_service)
    backend.list_tasks = _list_tasks(backend.list_tasks)


def _create_service(original):
    def create_service(self: EC2ContainerServiceBackend, cluster_str: str, *args: Any, **kwargs: Any) -> Any:
        cluster = self._get_cluster(cluster_str)
        counted = (cluster.running_tasks_count, cluster.pending_tasks_count)
        service = original(self, cluster_str, *args, **kwargs)
        # moto counts the desired count as pending tasks; the scheduler counts the tasks it really starts.
        cluster.running_tasks_count, cluster.pending_tasks_count = counted
        take_on(service, self)
        return service

    return create_service


def take_on(service: Any, backend: EC2ContainerServiceBackend) -> None:
    """Gives a new moto service the runtime's state and its first deployment."""
    service.created_at = utcnow()
    service.deployment_configuration = deployment_configuration(None)
    service.running_count = 0
    service.pending_count = 0
    if service.deployment_controller.get("type", "ECS") != "ECS" or not service.task_definition:
        return  # CODE_DEPLOY / EXTERNAL services keep moto's behaviour
    task_definition = backend.describe_task_definition(service.task_definition)
    service.task_definition = task_definition.arn
    service.ecs_runtime = ServiceRuntime()
    service.deployments = [Deployment(service, task_definition)]


def _update_service(original):
    def update_service(self: EC2ContainerServiceBackend, service_properties: dict[str, Any]) -> Any:
        properties = dict(service_properties)
        cluster_str = properties.pop("cluster", "default")
        service_name = properties.pop("service").split("/")[-1]
        service = self._get_service(cluster_str, service_name)
        if not is_modelled(service):
            return original(self, dict(service_properties))
        if service.status != "ACTIVE":
            raise ServiceNotActiveException()
        task_definition_str = properties.pop("task_definition", None)
        force_new_deployment = properties.pop("force_new_deployment", False)
        desired_count = properties.pop("desired_count", None)
        sent_configuration = properties.pop("deployment_configuration", None)
        task_definition = self.describe_task_definition(task_definition_str) if task_definition_str else None
        if properties.get("network_configuration") is not None:
            service._validate_network(properties["network_configuration"])

        before = (copy.deepcopy(service.network_configuration), copy.deepcopy(service.load_balancers))
        for name, value in properties.items():  # the rest as moto sets it
            if value is not None:
                setattr(service, name, value)
        if desired_count is not None:
            service.desired_count = desired_count
        if sent_configuration is not None:
            service.deployment_configuration = deployment_configuration(sent_configuration,
                                                                        service.deployment_configuration)
        new_definition = task_definition is not None and task_definition.arn != service.task_definition
        new_network = (service.network_configuration, service.load_balancers) != before
        if new_definition or force_new_deployment or new_network:
            start_deployment(service, task_definition or service.deployments[0].task_definition_model)
        else:
            primary = service.deployments[0]
            primary.desired_count = service.desired_count
            primary.touch()
        return service

    return update_service


def start_deployment(service: Any, task_definition: Any) -> None:
    """The new deployment becomes PRIMARY; the one it replaces goes ACTIVE and drains as the new one comes up."""
    for deployment in service.deployments:
        if deployment.status == PRIMARY:
            deployment.status = ACTIVE
            deployment.touch()
    service.task_definition = task_definition.arn
    service.deployments = [Deployment(service, task_definition)] + list(service.deployments)
    service.ecs_runtime.steady = False
    service.ecs_runtime.reported_stall = False


def _delete_service(original):
    def delete_service(self: EC2ContainerServiceBackend, cluster_name: str, service_name: str,
                       force: bool) -> Any:
        service = self._get_service(cluster_name, service_name)
        if not is_modelled(service):
            return original(self, cluster_name, service_name, force)
        if service.status != "ACTIVE":
            raise ServiceNotActiveException()
        if service.desired_count > 0 and not force:
            raise InvalidParameterException("The service cannot be stopped while it is scaled above 0.")
        service.desired_count = 0
        service.deployments[0].desired_count = 0
        service.status = "DRAINING"  # INACTIVE once the scheduler has stopped its tasks
        return service

    return delete_service


def _list_tasks(original):
    def list_tasks(self: EC2ContainerServiceBackend, cluster_str: str | None = None,
                   container_instance: str | None = None, family: str | None = None,
                   started_by: str | None = None, service_name: str | None = None,
                   desiredStatus: str | None = None) -> list[Any]:
        tasks = original(self, cluster_str, container_instance, family, started_by, service_name, desiredStatus)
        if service_name:
            group = f"service:{service_name.split('/')[-1]}"
            tasks = [task for task in tasks if isinstance(task, ServiceTask) and task.group == group]
        return tasks

    return list_tasks


# --- ECS responses ----------------------------------------------------------------------------------------------

def _patch_ecs_responses() -> None:
    response = EC2ContainerServiceResponse
    response.create_service = _create_service_response(response.create_service)
    response.list_tasks = _list_tasks_response


def _create_service_response(original):
    def create_service(self: EC2ContainerServiceResponse) -> Any:
        result = original(self)
        service = result.result["service"]
        service.deployment_configuration = deployment_configuration(self._get_param("deploymentConfiguration"))
        return result

    return create_service


def _list_tasks_response(self: EC2ContainerServiceResponse) -> ActionResult:
    tasks = self.ecs_backend.list_tasks(
        self._get_param("cluster", "default"),
        self._get_param("containerInstance"),
        self._get_param("family"),
        self._get_param("startedBy"),
        self._get_param("serviceName"),
        self._get_param("desiredStatus") or "RUNNING",  # AWS's default filter
    )
    return ActionResult({"taskArns": [task.task_arn for task in tasks]})


# --- ELBv2 ------------------------------------------------------------------------------------------------------

def _patch_target_health() -> None:
    original = FakeTargetGroup.health_for

    def health_for(self: FakeTargetGroup, target: dict[str, Any], ec2_backend: Any) -> FakeHealthStatus:
        health = original(self, target, ec2_backend)
        if health.status == "healthy" and target["Id"] in network.initial_targets(self):
            return FakeHealthStatus(health.instance_id, health.port, health.health_check_port, "initial",
                                    "Elb.RegistrationInProgress", "Target registration is in progress")
        return health

    FakeTargetGroup.health_for = health_for


def _patch_create_load_balancer() -> None:
    """AWS: "This operation is idempotent ... If you attempt to create multiple load balancers with the same
    settings, each call succeeds" (CreateLoadBalancer); another load balancer of that name with other settings is
    DuplicateLoadBalancerName. A client whose answer was lost and that sends the create again gets the same one."""
    original = ELBv2Backend.create_load_balancer

    def create_load_balancer(self: ELBv2Backend, name: str, security_groups: list[str], subnet_ids: list[str],
                             subnet_mappings: list[dict[str, str]] | None = None, scheme: str = "internet-facing",
                             loadbalancer_type: str | None = None, *args: Any, **kwargs: Any) -> Any:
        for balancer in self.load_balancers.values():
            if balancer.name != name:
                continue
            same = (balancer.scheme == (scheme or "internet-facing")
                    and balancer.type == (loadbalancer_type or "application")
                    and sorted(subnet.id for subnet in balancer.subnets) == sorted(subnet_ids or [])
                    and sorted(balancer.security_groups or []) == sorted(security_groups or []))
            if not same:
                raise DuplicateLoadBalancerName()
            return balancer
        return original(self, name, security_groups, subnet_ids, subnet_mappings, scheme, loadbalancer_type,
                        *args, **kwargs)

    ELBv2Backend.create_load_balancer = create_load_balancer
