"""One step of the ECS service scheduler for one service.

A step does, in order, what ECS does over seconds to minutes:

1. every task moves one lifecycle transition: PENDING -> RUNNING (or STOPPED when its image cannot be pulled;
   a ``-slow`` image stays PENDING for a while first),
   RUNNING -> STOPPED when its essential container crashes;
2. the deployment circuit breaker looks at the PRIMARY deployment's failed tasks and may fail it (and roll back);
3. the rolling update stops what must go and launches what is missing, within minimumHealthyPercent and
   maximumPercent ("Rolling update" page of the developer guide);
4. the PRIMARY completes once it alone runs desiredCount healthy tasks; the older deployments, drained by then,
   leave the list with it (a failed deployment stays listed, ACTIVE and FAILED, until its rollback completes).

Every change writes the service event ECS would write (see ``messages``). The caller holds the runtime lock.
"""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Iterable
from typing import Any

from moto.core.utils import utcnow

from . import images, messages, network
from .model import (ACTIVE, COMPLETED, FAILED, IN_PROGRESS, PENDING, RUNNING, STOPPED, Deployment,
                    ServiceRuntime, ServiceTask)

log = logging.getLogger(__name__)

MAX_EVENTS = 100  # DescribeServices returns the 100 most recent events
MAX_STOPPED_TASKS_PER_SERVICE = 100  # ECS forgets stopped tasks after a while; a crash loop must not grow forever


# --- entry points ------------------------------------------------------------------------------------------------

def step_backend(backend: Any) -> None:
    """One step for every service of one account/region ECS backend."""
    for service in list(backend.services.values()):
        if not is_modelled(service):
            continue
        try:
            step_service(service, backend)
        except Exception as error:  # one broken service must not stop the others (or the thread)
            _log_once(service, error)
    stop_orphaned_tasks(backend)
    sync_cluster_counts(backend)


def is_modelled(service: Any) -> bool:
    """Services with the ECS (rolling update) controller that the runtime has taken on."""
    return isinstance(getattr(service, "ecs_runtime", None), ServiceRuntime) and bool(service.deployments)


def step_service(service: Any, backend: Any) -> None:
    runtime: ServiceRuntime = service.ecs_runtime
    tasks = tasks_of(service, backend)
    moved = progress_tasks(service, tasks)
    trip_circuit_breaker(service, runtime)
    moved = schedule(service, runtime, backend, tasks) or moved
    if moved:
        runtime.steady = False  # whatever this step reaches is a new steady state
    tasks = tasks_of(service, backend)  # with the ones just launched
    complete_rollout(service, runtime, tasks)
    refresh_counts(service, tasks)
    report_steady_state(service, runtime, tasks)
    finish_draining(service, tasks)
    prune_stopped_tasks(service, backend)


def record_event(service: Any, message: str) -> None:
    """Newest first, at most 100, as DescribeServices returns them."""
    event = {"id": str(uuid.uuid4()), "createdAt": utcnow(), "message": message}
    service.events = ([event] + list(service.events or []))[:MAX_EVENTS]


def tasks_of(service: Any, backend: Any) -> list[ServiceTask]:
    cluster_tasks = backend.tasks.get(service.cluster_name, {})
    return [task for task in list(cluster_tasks.values())
            if isinstance(task, ServiceTask) and task.service is service]


def failure_threshold(desired_count: int) -> int:
    """The circuit breaker's threshold: 0.5 x desired count, rounded up, at least 3 and at most 200."""
    return min(200, max(3, math.ceil(0.5 * desired_count)))


# --- 1. task lifecycle ---------------------------------------------------------------------------------------

def progress_tasks(service: Any, tasks: list[ServiceTask]) -> bool:
    """Moves every task one transition; returns whether any task changed."""
    registered: dict[str, int] = {}
    deregistered: dict[str, int] = {}
    moved = False
    for task in sorted(tasks, key=lambda t: t.created_at):
        if task.last_status == PENDING and still_pulling(task):
            continue
        if task.last_status == PENDING:
            unpullable = next((c["image"] for c in task.containers if not images.is_pullable(c["image"])), None)
            joined = fail_to_start(task, unpullable) if unpullable else start_running(task)
            _count(registered, joined)
        elif task.last_status == RUNNING and task.crashes:
            _count(deregistered, crash(task))
        elif task.last_status == STOPPED and (task.eni_id or task.registered_targets):
            _count(deregistered, stopped_from_outside(task))
        else:
            continue
        moved = True
    for target_group, count in registered.items():
        record_event(service, messages.targets_registered(service.name, count, target_group))
    for target_group, count in deregistered.items():
        record_event(service, messages.targets_deregistered(service.name, count, target_group))
    return moved


def still_pulling(task: ServiceTask) -> bool:
    """A ``-slow`` image keeps its task PENDING for SLOW_PULL_STEPS steps before it can start."""
    if not any(images.pulls_slowly(c["image"]) for c in task.containers):
        return False
    task.pull_steps = getattr(task, "pull_steps", 0) + 1
    return task.pull_steps <= images.SLOW_PULL_STEPS


def start_running(task: ServiceTask) -> list[str]:
    """PENDING -> RUNNING; returns the target groups the task joined."""
    now = utcnow()
    task.last_status = RUNNING
    task.pull_stopped_at = now
    task.started_at = now
    task.crashes = any(c.get("essential", True) and images.crashes(c["image"]) for c in task.containers)
    for container in task.containers:
        container["lastStatus"] = RUNNING
    task.changed()
    if not task.crashes:
        task.deployment.failed_tasks = 0  # failedTasks counts consecutive failures: a healthy task resets it
    return network.register_targets(task)


def fail_to_start(task: ServiceTask, image: str) -> list[str]:
    """PENDING -> STOPPED: the image pull failed."""
    reason = messages.cannot_pull_container(image)
    left = _stop(task, messages.STOP_CODE_FAILED_TO_START, reason)
    task.pull_stopped_at = task.stopped_at
    for container in task.containers:
        container["reason"] = reason
    count_failure(task.deployment)
    return left


def crash(task: ServiceTask) -> list[str]:
    """RUNNING -> STOPPED: the essential container exited with 1; returns the target groups the task left."""
    left = _stop(task, messages.STOP_CODE_ESSENTIAL_CONTAINER_EXITED, messages.ESSENTIAL_CONTAINER_EXITED)
    for container in task.containers:
        container["exitCode"] = 1 if images.crashes(container["image"]) else 0
    count_failure(task.deployment)
    return left


def stop_by_scheduler(task: ServiceTask) -> list[str]:
    """-> STOPPED because the scheduler no longer wants it; returns the target groups the task left."""
    was_running = task.last_status == RUNNING
    left = _stop(task, messages.STOP_CODE_SCHEDULER, messages.scaling_activity(task.deployment.id))
    if was_running:
        for container in task.containers:
            container["exitCode"] = 0  # stopped with SIGTERM and exited cleanly
    return left


def stopped_from_outside(task: ServiceTask) -> list[str]:
    """StopTask (moto's own) marked the task STOPPED: let go of what it held."""
    task.stop_code = task.stop_code or messages.STOP_CODE_USER
    task.stopped_at = task.stopped_at or utcnow()
    return _release(task)


def count_failure(deployment: Deployment) -> None:
    deployment.failed_tasks += 1
    deployment.touch()


def _stop(task: ServiceTask, stop_code: str, reason: str) -> list[str]:
    left = _release(task)
    now = utcnow()
    task.last_status = STOPPED
    task.desired_status = STOPPED
    task.stop_code = stop_code
    task.stopped_reason = reason
    task.stopping_at = task.stopping_at or now
    task.execution_stopped_at = now
    task.stopped_at = now
    for container in task.containers:
        container["lastStatus"] = STOPPED
    task.changed()
    return left


def _release(task: ServiceTask) -> list[str]:
    left = network.deregister_targets(task)
    network.release_eni(task)
    return left


def _count(counts: dict[str, int], target_groups: list[str]) -> None:
    for target_group in target_groups:
        counts[target_group] = counts.get(target_group, 0) + 1


# --- 2. deployment circuit breaker ------------------------------------------------------------------------------

def trip_circuit_breaker(service: Any, runtime: ServiceRuntime) -> None:
    primary: Deployment = service.deployments[0]
    breaker = service.deployment_configuration.get("deploymentCircuitBreaker") or {}
    if not breaker.get("enable") or primary.rollout_state != IN_PROGRESS:
        return
    if primary.failed_tasks < failure_threshold(service.desired_count):
        return
    primary.rollout_state = FAILED
    primary.rollout_state_reason = messages.ROLLOUT_FAILED
    primary.touch()
    record_event(service, messages.deployment_failed(service.name, primary.id))
    # A rollback that fails itself is not rolled back again (it would loop); neither is a first deployment.
    if breaker.get("rollback") and runtime.last_completed and not primary.is_rollback:
        roll_back(service, runtime, primary)


def roll_back(service: Any, runtime: ServiceRuntime, failed: Deployment) -> None:
    completed_id, task_definition = runtime.last_completed
    rollback = Deployment(service, task_definition, reason=messages.rollout_rolling_back(completed_id),
                          is_rollback=True)
    failed.status = ACTIVE
    service.deployments = [rollback] + list(service.deployments)
    service.task_definition = task_definition.arn
    runtime.steady = False
    record_event(service, messages.rolling_back(service.name, completed_id))


# --- 3. rolling update ---------------------------------------------------------------------------------------

def schedule(service: Any, runtime: ServiceRuntime, backend: Any, tasks: list[ServiceTask]) -> bool:
    """Stops and launches tasks for this step; returns whether it did either."""
    primary: Deployment = service.deployments[0]
    primary.desired_count = service.desired_count
    active = [task for task in tasks if task.active]
    if service.status != "ACTIVE" or service.desired_count == 0:
        to_stop, launch_count = active, 0  # scaled to zero or deleted: everything goes, whatever the percentages
    else:
        to_stop, launch_count = plan_rolling_update(service, primary, active)
    stop_tasks(service, to_stop)
    launched = [launch_task(service, primary, backend) for _ in range(launch_count)]
    if launched:
        record_event(service, messages.tasks_started(service.name, [task.id for task in launched]))
    for deployment in service.deployments[1:]:
        deployment.desired_count = sum(1 for t in active if t.deployment is deployment and t not in to_stop)
    report_stall(service, runtime, primary, active, bool(to_stop or launched))
    return bool(to_stop or launched)


def plan_rolling_update(service: Any, primary: Deployment,
                        active: list[ServiceTask]) -> tuple[list[ServiceTask], int]:
    desired = service.desired_count
    config = service.deployment_configuration
    maximum_total = math.floor(desired * config.get("maximumPercent", 200) / 100)  # rounded down
    minimum_healthy = math.ceil(desired * config.get("minimumHealthyPercent", 100) / 100)  # rounded up
    primary_tasks = [task for task in active if task.deployment is primary]
    older_tasks = [task for task in active if task.deployment is not primary]

    # A lower desired count scales the primary down at once (minimumHealthyPercent is for deployments).
    to_stop = in_stopping_order(primary_tasks)[:max(0, len(primary_tasks) - desired)]
    if primary.rollout_state == FAILED:
        return to_stop, 0  # a failed deployment launches nothing, and the older tasks keep serving

    # Older tasks go as soon as enough healthy tasks remain without them; unhealthy ones go at once.
    healthy_left = sum(1 for task in active if task.healthy and task not in to_stop)
    for task in in_stopping_order(older_tasks):
        if not task.healthy:
            to_stop.append(task)
        elif healthy_left > minimum_healthy:
            to_stop.append(task)
            healthy_left -= 1

    primary_kept = len(primary_tasks) - sum(1 for task in to_stop if task.deployment is primary)
    room = maximum_total - (len(active) - len(to_stop))
    return to_stop, max(0, min(desired - primary_kept, room))


def in_stopping_order(tasks: Iterable[ServiceTask]) -> list[ServiceTask]:
    """Pending and unhealthy tasks first (they serve nothing), then the newest."""
    return sorted(tasks, key=lambda task: (task.healthy, -task.created_at.timestamp()))


def stop_tasks(service: Any, tasks: list[ServiceTask]) -> None:
    if not tasks:
        return
    running = [task for task in tasks if task.last_status == RUNNING]
    left: dict[str, int] = {}
    if running and any(task.registered_targets for task in running):
        record_event(service, messages.draining_connections(service.name, len(running)))
    for task in tasks:
        _count(left, stop_by_scheduler(task))
    for target_group, count in left.items():
        record_event(service, messages.targets_deregistered(service.name, count, target_group))
    record_event(service, messages.tasks_stopped(service.name, [task.id for task in tasks]))


def launch_task(service: Any, deployment: Deployment, backend: Any) -> ServiceTask:
    task = ServiceTask(service, deployment, backend)
    network.attach_eni(task, deployment.network_configuration)
    backend.tasks.setdefault(service.cluster_name, {})[task.task_arn] = task
    return task


def report_stall(service: Any, runtime: ServiceRuntime, primary: Deployment, active: list[ServiceTask],
                 moved: bool) -> None:
    """maximumPercent 100 with minimumHealthyPercent 100 can neither start nor stop: ECS says so, once."""
    if moved or not all(task.healthy for task in active):
        runtime.reported_stall = False  # moving, or about to (a pending task starts, a crashing one stops)
        return
    unfinished = (any(task.deployment is not primary for task in active)
                  or sum(1 for task in active if task.deployment is primary) < service.desired_count)
    if (service.status == "ACTIVE" and primary.rollout_state == IN_PROGRESS and unfinished
            and not runtime.reported_stall):
        record_event(service, messages.deployment_configuration_stuck(service.name))
        runtime.reported_stall = True


# --- 4. the primary completes, older deployments leave ----------------------------------------------------------

def refresh_counts(service: Any, tasks: list[ServiceTask]) -> None:
    for deployment in service.deployments:
        mine = [task for task in tasks if task.deployment is deployment]
        pending = sum(1 for task in mine if task.last_status == PENDING)
        running = sum(1 for task in mine if task.last_status == RUNNING)
        if (pending, running) != (deployment.pending_count, deployment.running_count):
            deployment.pending_count, deployment.running_count = pending, running
            deployment.touch()
    service.pending_count = sum(d.pending_count for d in service.deployments)
    service.running_count = sum(d.running_count for d in service.deployments)


def complete_rollout(service: Any, runtime: ServiceRuntime, tasks: list[ServiceTask]) -> None:
    primary: Deployment = service.deployments[0]
    if primary.rollout_state != IN_PROGRESS or service.status != "ACTIVE" or not _settled(service, tasks):
        return
    service.deployments = [primary]  # the older ones have no task left
    primary.rollout_state = COMPLETED
    primary.rollout_state_reason = messages.rollout_completed(primary.id)
    primary.touch()
    runtime.last_completed = (primary.id, primary.task_definition_model)
    record_event(service, messages.deployment_completed(service.name, primary.id))


def report_steady_state(service: Any, runtime: ServiceRuntime, tasks: list[ServiceTask]) -> None:
    steady = (service.status == "ACTIVE" and len(service.deployments) == 1
              and service.deployments[0].rollout_state == COMPLETED and _settled(service, tasks))
    if steady and not runtime.steady:
        record_event(service, messages.steady_state(service.name))
    runtime.steady = steady


def _settled(service: Any, tasks: list[ServiceTask]) -> bool:
    """Only the primary has tasks, exactly desiredCount of them, all running and healthy."""
    primary = service.deployments[0]
    active = [task for task in tasks if task.active]
    return (len(active) == service.desired_count
            and all(task.deployment is primary and task.healthy for task in active))


def finish_draining(service: Any, tasks: list[ServiceTask]) -> None:
    """DeleteService leaves the service DRAINING until its tasks are gone, then INACTIVE."""
    if service.status == "DRAINING" and not any(task.active for task in tasks):
        service.status = "INACTIVE"


# --- housekeeping ----------------------------------------------------------------------------------------------

def prune_stopped_tasks(service: Any, backend: Any) -> None:
    stopped = [task for task in tasks_of(service, backend) if task.last_status == STOPPED]
    if len(stopped) <= MAX_STOPPED_TASKS_PER_SERVICE:
        return
    stopped.sort(key=lambda task: task.stopped_at or task.created_at)
    cluster_tasks = backend.tasks.get(service.cluster_name, {})
    for task in stopped[:len(stopped) - MAX_STOPPED_TASKS_PER_SERVICE]:
        cluster_tasks.pop(task.task_arn, None)


def stop_orphaned_tasks(backend: Any) -> None:
    """Tasks whose service is no longer the one under its name (moto's CreateService replaces a service)."""
    for cluster_tasks in list(backend.tasks.values()):
        for task in list(cluster_tasks.values()):
            if not isinstance(task, ServiceTask) or not task.active:
                continue
            current = backend.services.get(f"{task.cluster_name}:{task.service.name}")
            if current is not task.service:
                stop_by_scheduler(task)


def sync_cluster_counts(backend: Any) -> None:
    """DescribeClusters' running/pending task counts include the scheduler's tasks (moto counts its own)."""
    for cluster_name, cluster in list(backend.clusters.items()):
        tasks = [task for task in backend.tasks.get(cluster_name, {}).values() if isinstance(task, ServiceTask)]
        running = sum(1 for task in tasks if task.last_status == RUNNING)
        pending = sum(1 for task in tasks if task.last_status == PENDING)
        counted_running, counted_pending = getattr(cluster, "ecs_runtime_counts", (0, 0))
        cluster.running_tasks_count += running - counted_running
        cluster.pending_tasks_count += pending - counted_pending
        cluster.ecs_runtime_counts = (running, pending)


def _log_once(service: Any, error: Exception) -> None:
    key = f"{type(error).__name__}: {error}"
    if key not in service.ecs_runtime.logged_errors:
        service.ecs_runtime.logged_errors.add(key)
        log.exception("ecs runtime: step of service %s failed (logged once): %s", service.name, key)


