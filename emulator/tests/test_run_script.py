"""emulator/run itself: plain moto stays selectable, AWS managed policies load by default, and the step time
comes from --step-seconds, else ECS_RUNTIME_STEP_SECONDS, else 1 s.
"""

from __future__ import annotations

import os
import time
import unittest
from unittest import mock

from ecs_runtime.__main__ import parse_args
from tests.support import Emulator, Stack, eventually

EXECUTION_ROLE_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"


class RunScriptTest(unittest.TestCase):

    def test_plain_mode_is_moto_alone_and_loads_aws_managed_policies(self):
        emulator = Emulator.start("--plain")
        try:
            self.assertNotIn("ECS runtime model on", emulator.log())
            policy = emulator.client("iam").get_policy(PolicyArn=EXECUTION_ROLE_POLICY)["Policy"]
            self.assertEqual("AmazonECSTaskExecutionRolePolicy", policy["PolicyName"])
            stack = Stack.create(emulator)
            stack.create_service(stack.task_definition("1.0.0"), desired=1)
            time.sleep(0.5)  # plain moto never starts a task, however long one waits
            self.assertEqual([], stack.ecs.list_tasks(cluster=stack.cluster)["taskArns"])
            self.assertEqual("IN_PROGRESS", stack.describe()["deployments"][0]["rolloutState"])
        finally:
            emulator.stop()

    def test_step_seconds_flag_wins_over_the_environment(self):
        emulator = Emulator.start("--step-seconds", "0.05",
                                  env={"ECS_RUNTIME_STEP_SECONDS": "30", "MOTO_IAM_LOAD_MANAGED_POLICIES": "false"})
        try:
            self.assertIn("one scheduler step every 0.05 s", emulator.log())
            stack = Stack.create(emulator)
            stack.create_service(stack.task_definition("1.0.0"), desired=1)
            eventually(stack.describe, lambda s: s["deployments"][0]["rolloutState"] == "COMPLETED",
                       "a completed deployment (a 30 s step could not get there)", timeout=5)
        finally:
            emulator.stop()

    def test_step_seconds_default_from_the_environment_else_one_second(self):
        with mock.patch.dict(os.environ, {"ECS_RUNTIME_STEP_SECONDS": "0.25"}):
            self.assertEqual(0.25, parse_args(["--port", "1"]).step_seconds)
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertEqual(1.0, parse_args(["--port", "1"]).step_seconds)
            self.assertEqual("127.0.0.1", parse_args(["--port", "1"]).host)


if __name__ == "__main__":
    unittest.main()
