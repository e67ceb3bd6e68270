"""Test support: the emulator as a process (started through emulator/run, as the Java harness will), boto3
clients for it, a small stack to deploy into, and polling with a deadline.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

import boto3
from botocore.config import Config

EMULATOR_DIR = Path(__file__).resolve().parent.parent
RUN_SCRIPT = EMULATOR_DIR / "run"
REGION = "us-east-1"
ACCOUNT = "123456789012"
START_TIMEOUT_SECONDS = 60  # the first run may install the venv
T = TypeVar("T")


class Emulator:
    """``emulator/run`` on a free loopback port, stopped with SIGTERM."""

    def __init__(self, process: subprocess.Popen, port: int, log_path: Path):
        self.process = process
        self.port = port
        self.log_path = log_path
        self.endpoint = f"http://127.0.0.1:{port}"

    @classmethod
    def start(cls, *extra_args: str, env: dict[str, str] | None = None) -> "Emulator":
        last_error = None
        for _ in range(3):  # another process may take the free port between probe and bind
            try:
                return cls._start_once(free_port(), extra_args, env)
            except PortTaken as error:
                last_error = error
        raise last_error

    @classmethod
    def _start_once(cls, port: int, extra_args: tuple[str, ...], env: dict[str, str] | None) -> "Emulator":
        log_file = tempfile.NamedTemporaryFile(prefix=f"ecs-runtime-{port}-", suffix=".log", delete=False)
        process = subprocess.Popen([str(RUN_SCRIPT), "--port", str(port), *extra_args],
                                   stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   cwd="/", env={**os.environ, **(env or {})})
        emulator = cls(process, port, Path(log_file.name))
        emulator._await_ready()
        return emulator

    def _await_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log()
                if "Address already in use" in log:
                    raise PortTaken(log)
                raise AssertionError(f"emulator exited with {self.process.returncode}:\n{log}")
            if http_status(f"{self.endpoint}/moto-api/") == 200:
                return
            time.sleep(0.05)
        self.stop()
        raise AssertionError(f"emulator not ready within {START_TIMEOUT_SECONDS} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def reset(self) -> None:
        request = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200, response.status

    def client(self, service: str) -> Any:
        return boto3.client(service, endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id="testing", aws_secret_access_key="testing",
                            config=Config(retries={"max_attempts": 1}))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log_path.unlink(missing_ok=True)


class PortTaken(AssertionError):
    pass


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def eventually(probe: Callable[[], T], until: Callable[[T], bool], what: str,
               timeout: float = 20.0, interval: float = 0.01) -> T:
    """Polls ``probe`` until ``until`` holds for its value; fails with the last value after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if until(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}; last value: {value!r}")
        time.sleep(interval)


@dataclass
class Stack:
    """A VPC, subnet, security group, ip target group, ECR repository and cluster to run a service in."""

    ecs: Any
    ec2: Any
    elbv2: Any
    ecr: Any
    subnet_id: str
    subnet_cidr: str
    security_group_id: str
    target_group_arn: str
    repository_uri: str
    cluster: str = "apps"
    service: str = "hello"
    container_port: int = 8888

    @classmethod
    def create(cls, emulator: Emulator, pushed_tags: tuple[str, ...] = ("1.0.0", "2.0.0")) -> "Stack":
        ec2, ecs, elbv2, ecr = (emulator.client(name) for name in ("ec2", "ecs", "elbv2", "ecr"))
        vpc_id = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
        subnet_cidr = "10.20.3.0/24"
        subnet_id = ec2.create_subnet(VpcId=vpc_id, CidrBlock=subnet_cidr)["Subnet"]["SubnetId"]
        group_id = ec2.create_security_group(GroupName="tasks", Description="tasks", VpcId=vpc_id)["GroupId"]
        target_group_arn = elbv2.create_target_group(
            Name="hello-tg", Protocol="HTTP", Port=8888, VpcId=vpc_id, TargetType="ip",
            HealthCheckPath="/hello")["TargetGroups"][0]["TargetGroupArn"]
        repository_uri = ecr.create_repository(repositoryName="hello")["repository"]["repositoryUri"]
        ecs.create_cluster(clusterName=cls.cluster)
        stack = cls(ecs, ec2, elbv2, ecr, subnet_id, subnet_cidr, group_id, target_group_arn, repository_uri)
        for tag in pushed_tags:
            stack.push(tag)
        return stack

    def push(self, tag: str) -> None:
        digest = "sha256:" + hashlib.sha256(tag.encode()).hexdigest()
        manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1,
                               "digest": digest},
                    "layers": []}
        self.ecr.put_image(repositoryName="hello", imageTag=tag, imageManifest=json.dumps(manifest))

    def task_definition(self, tag: str) -> str:
        """Registers a Fargate task definition running ``<repository>:<tag>``; returns its ARN."""
        return self.ecs.register_task_definition(
            family="hello", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
            containerDefinitions=[{"name": "hello", "image": f"{self.repository_uri}:{tag}", "essential": True,
                                   "portMappings": [{"containerPort": self.container_port}]}],
            tags=[{"key": "app", "value": "hello"}],
        )["taskDefinition"]["taskDefinitionArn"]

    def create_service(self, task_definition: str, desired: int, **overrides: Any) -> dict[str, Any]:
        request = dict(
            cluster=self.cluster, serviceName=self.service, taskDefinition=task_definition,
            desiredCount=desired, launchType="FARGATE",
            networkConfiguration={"awsvpcConfiguration": {"subnets": [self.subnet_id],
                                                          "securityGroups": [self.security_group_id],
                                                          "assignPublicIp": "DISABLED"}},
            loadBalancers=[{"targetGroupArn": self.target_group_arn, "containerName": "hello",
                            "containerPort": self.container_port}],
        )
        request.update(overrides)
        return self.ecs.create_service(**request)["service"]

    def update_service(self, **changes: Any) -> dict[str, Any]:
        return self.ecs.update_service(cluster=self.cluster, service=self.service, **changes)["service"]

    def describe(self) -> dict[str, Any]:
        return self.ecs.describe_services(cluster=self.cluster, services=[self.service])["services"][0]

    def tasks(self, desired_status: str | None = None) -> list[dict[str, Any]]:
        request = {"cluster": self.cluster, "serviceName": self.service}
        if desired_status:
            request["desiredStatus"] = desired_status
        arns = self.ecs.list_tasks(**request)["taskArns"]
        return self.ecs.describe_tasks(cluster=self.cluster, tasks=arns)["tasks"] if arns else []

    def all_tasks(self) -> list[dict[str, Any]]:
        return self.tasks() + self.tasks("STOPPED")

    def targets(self) -> list[dict[str, Any]]:
        return self.elbv2.describe_target_health(TargetGroupArn=self.target_group_arn)["TargetHealthDescriptions"]

    def messages(self) -> list[str]:
        """Event messages, newest first."""
        return [event["message"] for event in self.describe()["events"]]

    def wait_for_rollout(self, state: str, deployments: int = 1, timeout: float = 20.0) -> dict[str, Any]:
        return eventually(self.describe,
                          lambda s: len(s["deployments"]) == deployments
                          and s["deployments"][0]["rolloutState"] == state,
                          f"{deployments} deployment(s), the primary {state}", timeout=timeout)

    def wait_until_stable(self) -> dict[str, Any]:
        """The primary COMPLETED, alone, with desiredCount running."""
        return eventually(self.describe,
                          lambda s: len(s["deployments"]) == 1 and s["deployments"][0]["rolloutState"] == "COMPLETED"
                          and s["runningCount"] == s["desiredCount"] and s["pendingCount"] == 0,
                          "a stable service")


def task_id(task: dict[str, Any]) -> str:
    return task["taskArn"].rsplit("/", 1)[-1]


def task_ip(task: dict[str, Any]) -> str:
    details = {d["name"]: d.get("value") for d in task["attachments"][0]["details"]}
    return details["privateIPv4Address"]
