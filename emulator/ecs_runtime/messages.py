"""ECS's own wording, in one place.

Clients (the reconciler among them) match on these strings, so they are copied from what ECS writes, not
paraphrased. Sources, by group:

- service events: the developer guide's "Service event messages" page (steady state, deployment configuration)
  and the events ECS writes during rolling updates and circuit-breaker rollbacks as real DescribeServices output
  shows them ("has started 2 tasks: (task …) (task …).", "registered 1 targets in (target-group …)",
  "(deployment ecs-svc/…) deployment failed: tasks failed to start.", "rolling back to deployment ecs-svc/….");
- rollout reasons: the DescribeServices ``Deployment.rolloutStateReason`` values ECS returns
  ("ECS deployment ecs-svc/… in progress.", "ECS deployment circuit breaker: tasks failed to start.", …);
- stopped tasks: the developer guide's "Amazon ECS stopped task errors" / CannotPullContainer pages and the
  ``Task.stopCode`` values of the API reference.
"""

from __future__ import annotations

from collections.abc import Iterable


# --- Deployment.rolloutStateReason ---------------------------------------------------------------------------

def rollout_in_progress(deployment_id: str) -> str:
    return f"ECS deployment {deployment_id} in progress."


def rollout_completed(deployment_id: str) -> str:
    return f"ECS deployment {deployment_id} completed."


ROLLOUT_FAILED = "ECS deployment circuit breaker: tasks failed to start."


def rollout_rolling_back(completed_deployment_id: str) -> str:
    return f"ECS deployment circuit breaker: rolling back to deploymentId {completed_deployment_id}."


# --- service events (DescribeServices events[].message) ------------------------------------------------------

def _task_list(task_ids: Iterable[str]) -> str:
    return " ".join(f"(task {task_id})" for task_id in task_ids)


def tasks_started(service: str, task_ids: list[str]) -> str:
    return f"(service {service}) has started {len(task_ids)} tasks: {_task_list(task_ids)}."


def tasks_stopped(service: str, task_ids: list[str]) -> str:
    # ECS says "running tasks" even when some of them were still pending.
    return f"(service {service}) has stopped {len(task_ids)} running tasks: {_task_list(task_ids)}."


def draining_connections(service: str, count: int) -> str:
    return f"(service {service}) has begun draining connections on {count} tasks."


def targets_registered(service: str, count: int, target_group_arn: str) -> str:
    return f"(service {service}) registered {count} targets in (target-group {target_group_arn})"


def targets_deregistered(service: str, count: int, target_group_arn: str) -> str:
    return f"(service {service}) deregistered {count} targets in (target-group {target_group_arn})"


def steady_state(service: str) -> str:
    return f"(service {service}) has reached a steady state."


def deployment_completed(service: str, deployment_id: str) -> str:
    return f"(service {service}) (deployment {deployment_id}) deployment completed."


def deployment_failed(service: str, deployment_id: str) -> str:
    return f"(service {service}) (deployment {deployment_id}) deployment failed: tasks failed to start."


def rolling_back(service: str, completed_deployment_id: str) -> str:
    return f"(service {service}) rolling back to deployment {completed_deployment_id}."


def deployment_configuration_stuck(service: str) -> str:
    return (f"(service {service}) was unable to stop or start tasks during a deployment because of the service "
            "deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.")


# --- stopped tasks (Task.stopCode / stoppedReason, Container.reason / exitCode) -----------------------------------

STOP_CODE_FAILED_TO_START = "TaskFailedToStart"
STOP_CODE_ESSENTIAL_CONTAINER_EXITED = "EssentialContainerExited"
STOP_CODE_SCHEDULER = "ServiceSchedulerInitiated"
STOP_CODE_USER = "UserInitiated"

ESSENTIAL_CONTAINER_EXITED = "Essential container in task exited"


def cannot_pull_container(image: str) -> str:
    # What Fargate (platform 1.4) reports when the registry has no manifest for the reference.
    return (f"CannotPullContainerError: pull image manifest has been retried 1 time(s): "
            f"failed to resolve ref {image}: {image}: not found")


def scaling_activity(deployment_id: str) -> str:
    return f"Scaling activity initiated by (deployment {deployment_id})"
