"""The ECS runtime model driven like AWS, with boto3 against ``emulator/run``: one test per transition.

One emulator for the module (0.1 s steps), reset before every test. Every wait polls with a deadline.
"""

from __future__ import annotations

import ipaddress
import re
import time
import unittest

from tests.support import ACCOUNT, REGION, Emulator, Stack, eventually, task_id, task_ip

STEP_SECONDS = 0.1
BREAKER_WITH_ROLLBACK = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}
BREAKER_WITHOUT_ROLLBACK = {"deploymentCircuitBreaker": {"enable": True, "rollback": False}}
ROLLOUT_FAILED = "ECS deployment circuit breaker: tasks failed to start."

emulator: Emulator


def setUpModule() -> None:
    global emulator
    # AWS managed policies are not needed here, and loading them costs a second after every reset.
    emulator = Emulator.start("--step-seconds", str(STEP_SECONDS), env={"MOTO_IAM_LOAD_MANAGED_POLICIES": "false"})


def tearDownModule() -> None:
    emulator.stop()


class RuntimeModelTest(unittest.TestCase):

    def setUp(self) -> None:
        emulator.reset()
        self.stack = Stack.create(emulator)
        self.tg = self.stack.target_group_arn

    # --- helpers ------------------------------------------------------------------------------------------------

    def assert_in_order(self, messages_oldest_first: list[str], expected: list[str]) -> None:
        """Each expected message appears, in this order (other messages may come between)."""
        position = 0
        for message in expected:
            self.assertIn(message, messages_oldest_first[position:],
                          f"missing (in order) {message!r} in {messages_oldest_first}")
            position = messages_oldest_first.index(message, position) + 1

    def chronological(self) -> list[str]:
        return list(reversed(self.stack.messages()))

    def assert_targets_are(self, tasks: list[dict]) -> None:
        targets = self.stack.targets()
        self.assertEqual({(task_ip(task), 8888) for task in tasks},
                         {(t["Target"]["Id"], t["Target"]["Port"]) for t in targets})
        self.assertEqual({"healthy"}, {t["TargetHealth"]["State"] for t in targets})

    def stable_on(self, deployment_ids_to_leave: set[str]) -> dict:
        """Waits for a stable service whose only deployment is a new one."""
        return eventually(self.stack.describe,
                          lambda s: len(s["deployments"]) == 1
                          and s["deployments"][0]["id"] not in deployment_ids_to_leave
                          and s["deployments"][0]["rolloutState"] == "COMPLETED"
                          and s["runningCount"] == s["desiredCount"],
                          "a new deployment, completed alone")

    def tasks_of(self, deployment_id: str) -> list[dict]:
        return [task for task in self.stack.all_tasks() if task["startedBy"] == deployment_id]

    # --- create -------------------------------------------------------------------------------------------------

    def test_create_starts_tasks_pending_then_running_and_completes_with_events_and_healthy_targets(self):
        stack = self.stack
        definition = stack.task_definition("1.0.0")

        created = stack.create_service(definition, desired=2)

        [deployment] = created["deployments"]
        deployment_id = deployment["id"]
        self.assertRegex(deployment_id, r"^ecs-svc/\d{19}$")
        self.assertEqual(("PRIMARY", "IN_PROGRESS", f"ECS deployment {deployment_id} in progress.", definition),
                         (deployment["status"], deployment["rolloutState"], deployment["rolloutStateReason"],
                          deployment["taskDefinition"]))
        self.assertEqual((2, 0, 0, 0, "FARGATE"), (deployment["desiredCount"], deployment["runningCount"],
                                                   deployment["pendingCount"], deployment["failedTasks"],
                                                   deployment["launchType"]))
        self.assertEqual([stack.subnet_id],
                         deployment["networkConfiguration"]["awsvpcConfiguration"]["subnets"])

        pending = eventually(stack.tasks, lambda tasks: len(tasks) == 2, "two tasks", interval=0.002)
        self.assertEqual(["PENDING", "PENDING"], [task["lastStatus"] for task in pending])
        for task in pending:
            self.assertEqual(("RUNNING", "service:hello", deployment_id, definition),
                             (task["desiredStatus"], task["group"], task["startedBy"], task["taskDefinitionArn"]))
            self.assertIn(ipaddress.ip_address(task_ip(task)), ipaddress.ip_network(stack.subnet_cidr))
            self.assertEqual("ElasticNetworkInterface", task["attachments"][0]["type"])

        running = eventually(stack.tasks, lambda tasks: [t["lastStatus"] for t in tasks] == ["RUNNING"] * 2,
                             "two running tasks")
        self.assertEqual({task_id(t) for t in pending}, {task_id(t) for t in running})
        for task in running:
            self.assertGreaterEqual(task["startedAt"], task["createdAt"])

        service = stack.wait_until_stable()
        [deployment] = service["deployments"]
        self.assertEqual((deployment_id, "COMPLETED", f"ECS deployment {deployment_id} completed."),
                         (deployment["id"], deployment["rolloutState"], deployment["rolloutStateReason"]))
        self.assertEqual((2, 0, 0), (deployment["runningCount"], deployment["pendingCount"], deployment["failedTasks"]))
        self.assert_targets_are(running)
        ids = " ".join(f"(task {task_id(t)})" for t in sorted(pending, key=lambda t: t["createdAt"]))
        self.assert_in_order(self.chronological(), [
            f"(service hello) has started 2 tasks: {ids}.",
            f"(service hello) registered 2 targets in (target-group {self.tg})",
            f"(service hello) (deployment {deployment_id}) deployment completed.",
            "(service hello) has reached a steady state.",
        ])
        event = service["events"][0]
        self.assertEqual({"id", "createdAt", "message"}, set(event))
        cluster = stack.ecs.describe_clusters(clusters=[stack.cluster])["clusters"][0]
        self.assertEqual((2, 0), (cluster["runningTasksCount"], cluster["pendingTasksCount"]))

    # --- new deployments ----------------------------------------------------------------------------------------

    def test_update_with_a_new_task_definition_rolls_to_new_tasks_within_maximum_percent(self):
        stack = self.stack
        first, second = stack.task_definition("1.0.0"), stack.task_definition("2.0.0")
        stack.create_service(first, desired=2)
        old_id = stack.wait_until_stable()["deployments"][0]["id"]
        old_tasks = stack.tasks()

        updated = stack.update_service(taskDefinition=second)

        self.assertEqual(second, updated["taskDefinition"])
        primary, active = updated["deployments"]
        new_id = primary["id"]
        self.assertEqual(("PRIMARY", "IN_PROGRESS", second, f"ECS deployment {new_id} in progress."),
                         (primary["status"], primary["rolloutState"], primary["taskDefinition"],
                          primary["rolloutStateReason"]))
        self.assertEqual(("ACTIVE", old_id, first), (active["status"], active["id"], active["taskDefinition"]))
        most_tasks = 0

        def observe():
            nonlocal most_tasks
            service = stack.describe()
            most_tasks = max(most_tasks, service["runningCount"] + service["pendingCount"])
            return service

        eventually(observe, lambda s: [d["id"] for d in s["deployments"]] == [new_id]
                   and s["deployments"][0]["rolloutState"] == "COMPLETED", "the new deployment completed alone")
        self.assertLessEqual(most_tasks, 4, "maximumPercent 200 of 2 tasks")

        new_tasks = stack.tasks()
        self.assertEqual([new_id, new_id], [t["startedBy"] for t in new_tasks])
        self.assertEqual({second}, {t["taskDefinitionArn"] for t in new_tasks})
        self.assert_targets_are(new_tasks)
        stopped = {task_id(t): t for t in stack.tasks("STOPPED")}
        self.assertEqual({task_id(t) for t in old_tasks}, set(stopped))
        for task in stopped.values():
            self.assertEqual(("STOPPED", "STOPPED", "ServiceSchedulerInitiated",
                              f"Scaling activity initiated by (deployment {old_id})", 0, "DELETED"),
                             (task["lastStatus"], task["desiredStatus"], task["stopCode"], task["stoppedReason"],
                              task["containers"][0]["exitCode"], task["attachments"][0]["status"]))
        messages = self.chronological()
        [stopped_message] = [m for m in messages if m.startswith("(service hello) has stopped")]
        self.assertEqual({f"(task {task_id(t)})" for t in old_tasks},
                         set(re.findall(r"\(task [0-9a-f]{32}\)", stopped_message)))
        self.assert_in_order(messages, [
            f"(service hello) registered 2 targets in (target-group {self.tg})",
            "(service hello) has begun draining connections on 2 tasks.",
            f"(service hello) deregistered 2 targets in (target-group {self.tg})",
            stopped_message,
            f"(service hello) (deployment {new_id}) deployment completed.",
            "(service hello) has reached a steady state.",
        ])

    def test_force_new_deployment_replaces_every_task_with_the_same_task_definition(self):
        stack = self.stack
        definition = stack.task_definition("1.0.0")
        stack.create_service(definition, desired=2)
        old_id = stack.wait_until_stable()["deployments"][0]["id"]
        old_task_ids = {task_id(t) for t in stack.tasks()}

        updated = stack.update_service(forceNewDeployment=True)

        new_id = updated["deployments"][0]["id"]
        self.assertNotEqual(old_id, new_id)
        self.assertEqual([("PRIMARY", definition), ("ACTIVE", definition)],
                         [(d["status"], d["taskDefinition"]) for d in updated["deployments"]])
        self.stable_on({old_id})
        new_tasks = stack.tasks()
        self.assertEqual(2, len(new_tasks))
        self.assertFalse(old_task_ids & {task_id(t) for t in new_tasks})
        self.assertEqual({new_id}, {t["startedBy"] for t in new_tasks})
        self.assert_targets_are(new_tasks)

    # --- desired count --------------------------------------------------------------------------------------------

    def test_desired_count_scales_the_primary_up_and_down_without_a_new_deployment(self):
        stack = self.stack
        stack.create_service(stack.task_definition("1.0.0"), desired=1)
        deployment_id = stack.wait_until_stable()["deployments"][0]["id"]

        scaled = stack.update_service(desiredCount=3)

        self.assertEqual([(deployment_id, 3, "COMPLETED")],
                         [(d["id"], d["desiredCount"], d["rolloutState"]) for d in scaled["deployments"]])
        service = eventually(stack.describe, lambda s: s["runningCount"] == 3, "three running tasks")
        self.assertEqual([deployment_id], [d["id"] for d in service["deployments"]])
        eventually(stack.targets, lambda targets: len(targets) == 3, "three targets")
        self.assert_targets_are(stack.tasks())
        eventually(self.chronological, lambda m: m[-1] == "(service hello) has reached a steady state."
                   and m.count("(service hello) has reached a steady state.") == 2, "steady state again")
        self.assertRegex(self.chronological()[-3], r"^\(service hello\) has started 2 tasks: "
                                                   r"\(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$")

        stack.update_service(desiredCount=1)

        eventually(stack.describe, lambda s: s["runningCount"] == 1 and s["pendingCount"] == 0, "one running task")
        [remaining] = stack.tasks()
        self.assert_targets_are([remaining])
        self.assertEqual(2, len(stack.tasks("STOPPED")))
        self.assertRegex(self.chronological()[-2] + self.chronological()[-1],
                         r"has stopped 2 running tasks: .*has reached a steady state\.$")

    def test_desired_count_zero_stops_every_task_and_empties_the_target_group(self):
        stack = self.stack
        stack.create_service(stack.task_definition("1.0.0"), desired=2)
        stack.wait_until_stable()

        stack.update_service(desiredCount=0)

        service = eventually(stack.describe, lambda s: (s["runningCount"], s["pendingCount"]) == (0, 0),
                             "no task left")
        self.assertEqual("COMPLETED", service["deployments"][0]["rolloutState"])
        self.assertEqual([], stack.tasks())
        self.assertEqual(["ServiceSchedulerInitiated"] * 2, [t["stopCode"] for t in stack.tasks("STOPPED")])
        self.assertEqual([], stack.targets())

    def test_delete_service_drains_its_tasks_then_goes_inactive(self):
        stack = self.stack
        stack.create_service(stack.task_definition("1.0.0"), desired=2)
        stack.wait_until_stable()
        enis = {detail["value"] for task in stack.tasks() for detail in task["attachments"][0]["details"]
                if detail["name"] == "networkInterfaceId"}
        self.assertEqual(2, len(enis))

        deleted = stack.ecs.delete_service(cluster=stack.cluster, service=stack.service, force=True)["service"]

        self.assertEqual(("DRAINING", 0), (deleted["status"], deleted["desiredCount"]))
        eventually(stack.describe, lambda s: s["status"] == "INACTIVE", "an INACTIVE service")
        self.assertEqual([], stack.tasks())
        self.assertEqual(2, len(stack.tasks("STOPPED")))
        self.assertEqual([], stack.targets())
        remaining = {eni["NetworkInterfaceId"] for eni in stack.ec2.describe_network_interfaces()["NetworkInterfaces"]}
        self.assertFalse(enis & remaining, "task ENIs are deleted with their tasks")

    def test_a_task_stopped_by_hand_is_replaced(self):
        stack = self.stack
        stack.create_service(stack.task_definition("1.0.0"), desired=1)
        stack.wait_until_stable()
        [first] = stack.tasks()

        stack.ecs.stop_task(cluster=stack.cluster, task=first["taskArn"], reason="by hand")

        [second] = eventually(stack.tasks, lambda tasks: len(tasks) == 1 and tasks[0]["lastStatus"] == "RUNNING"
                              and task_id(tasks[0]) != task_id(first), "a replacement task")
        stopped = stack.ecs.describe_tasks(cluster=stack.cluster, tasks=[first["taskArn"]])["tasks"][0]
        self.assertEqual(("STOPPED", "UserInitiated", "by hand"),
                         (stopped["lastStatus"], stopped["stopCode"], stopped["stoppedReason"]))
        eventually(stack.targets, lambda t: [x["Target"]["Id"] for x in t] == [task_ip(second)], "the new target")

    def test_a_deployment_configuration_that_allows_no_move_is_reported_once(self):
        stack = self.stack
        stack.create_service(stack.task_definition("1.0.0"), desired=2,
                             deploymentConfiguration={"maximumPercent": 100, "minimumHealthyPercent": 100})
        old_id = stack.wait_until_stable()["deployments"][0]["id"]

        stack.update_service(taskDefinition=stack.task_definition("2.0.0"))

        stuck = ("(service hello) was unable to stop or start tasks during a deployment because of the service "
                 "deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.")
        eventually(self.chronological, lambda messages: stuck in messages, "the stuck deployment's event")
        time.sleep(3 * STEP_SECONDS)  # three more steps: still stuck, still one event
        self.assertEqual(1, self.chronological().count(stuck))
        service = stack.describe()
        self.assertEqual([0, 2], [d["runningCount"] for d in service["deployments"]])
        self.assertEqual(old_id, service["deployments"][1]["id"])

        stack.update_service(deploymentConfiguration={"maximumPercent": 200, "minimumHealthyPercent": 100})

        self.stable_on({old_id})

    # --- failures and the circuit breaker -------------------------------------------------------------------------

    def test_missing_ecr_tag_fails_tasks_trips_the_breaker_and_rolls_back_to_the_last_completed_deployment(self):
        stack = self.stack
        good = stack.task_definition("1.0.0")
        # 134% of 3 is 4 tasks: one new task at a time, so the rollback takes a few steps to watch.
        configuration = {**BREAKER_WITH_ROLLBACK, "maximumPercent": 134, "minimumHealthyPercent": 100}
        stack.create_service(good, desired=3, deploymentConfiguration=configuration)
        good_id = stack.wait_until_stable()["deployments"][0]["id"]
        missing = stack.task_definition("9.9.9")  # never pushed

        bad_id = stack.update_service(taskDefinition=missing)["deployments"][0]["id"]

        rolling_back = eventually(
            stack.describe, lambda s: s["deployments"][0]["rolloutStateReason"].startswith(
                "ECS deployment circuit breaker: rolling back"), "a rollback deployment", interval=0.002)
        primary = rolling_back["deployments"][0]
        failed = next(d for d in rolling_back["deployments"] if d["id"] == bad_id)
        self.assertNotIn(primary["id"], (good_id, bad_id))
        self.assertEqual(("PRIMARY", "IN_PROGRESS", good,
                          f"ECS deployment circuit breaker: rolling back to deploymentId {good_id}."),
                         (primary["status"], primary["rolloutState"], primary["taskDefinition"],
                          primary["rolloutStateReason"]))
        self.assertEqual(("ACTIVE", "FAILED", ROLLOUT_FAILED, 3),
                         (failed["status"], failed["rolloutState"], failed["rolloutStateReason"],
                          failed["failedTasks"]))
        self.assertEqual(good, rolling_back["taskDefinition"])

        service = self.stable_on({good_id, bad_id})
        self.assertEqual((primary["id"], good), (service["deployments"][0]["id"], service["taskDefinition"]))
        failed_tasks = self.tasks_of(bad_id)
        self.assertEqual(3, len(failed_tasks))
        image = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/hello:9.9.9"
        for task in failed_tasks:
            self.assertEqual(("STOPPED", "TaskFailedToStart"), (task["lastStatus"], task["stopCode"]))
            self.assertTrue(task["stoppedReason"].startswith("CannotPullContainerError: "), task["stoppedReason"])
            self.assertIn(f"failed to resolve ref {image}: {image}: not found", task["stoppedReason"])
            self.assertNotIn("startedAt", task)
            self.assertNotIn("exitCode", task["containers"][0])
        self.assert_targets_are(stack.tasks())
        self.assert_in_order(self.chronological(), [
            f"(service hello) (deployment {bad_id}) deployment failed: tasks failed to start.",
            f"(service hello) rolling back to deployment {good_id}.",
            f"(service hello) (deployment {primary['id']}) deployment completed.",
            "(service hello) has reached a steady state.",
        ])

    def test_crashing_container_exits_with_code_1_then_the_breaker_rolls_back(self):
        stack = self.stack
        good = stack.task_definition("1.0.0")
        stack.create_service(good, desired=1, deploymentConfiguration=BREAKER_WITH_ROLLBACK)
        good_id = stack.wait_until_stable()["deployments"][0]["id"]
        [good_task] = stack.tasks()
        stack.push("2.0.0-crash")

        bad_id = stack.update_service(taskDefinition=stack.task_definition("2.0.0-crash"))["deployments"][0]["id"]

        service = self.stable_on({good_id, bad_id})
        self.assertEqual(good, service["taskDefinition"])
        crashed = self.tasks_of(bad_id)
        self.assertEqual(3, len(crashed), "threshold 3 for one task")
        for task in crashed:
            self.assertEqual(("STOPPED", "EssentialContainerExited", "Essential container in task exited", 1),
                             (task["lastStatus"], task["stopCode"], task["stoppedReason"],
                              task["containers"][0]["exitCode"]))
            self.assertLessEqual(task["startedAt"], task["stoppedAt"], "it ran before it exited")
        # minimumHealthyPercent 100: the good task served until the rollback's task was running
        [rollback_task] = stack.tasks()
        old = stack.ecs.describe_tasks(cluster=stack.cluster, tasks=[good_task["taskArn"]])["tasks"][0]
        self.assertEqual("ServiceSchedulerInitiated", old["stopCode"])
        self.assertGreaterEqual(old["stoppedAt"], rollback_task["startedAt"])
        self.assertGreater(old["stoppedAt"], max(task["stoppedAt"] for task in crashed))
        self.assert_targets_are([rollback_task])
        messages = self.chronological()
        self.assertFalse([m for m in messages if "unable to stop or start" in m], "a crash loop is no stall")
        self.assert_in_order(messages, [
            f"(service hello) (deployment {bad_id}) deployment failed: tasks failed to start.",
            f"(service hello) rolling back to deployment {good_id}.",
            f"(service hello) (deployment {service['deployments'][0]['id']}) deployment completed.",
        ])

    def test_a_slow_image_keeps_its_tasks_pending_for_a_while_then_completes(self):
        stack = self.stack
        stack.push("2.0.0-slow")
        stack.create_service(stack.task_definition("1.0.0"), desired=1)
        stack.wait_until_stable()

        slow_id = stack.update_service(taskDefinition=stack.task_definition("2.0.0-slow"))["deployments"][0]["id"]
        time.sleep(STEP_SECONDS * 10)

        service = stack.describe()
        primary = service["deployments"][0]
        self.assertEqual((slow_id, "IN_PROGRESS", 1, 0), (primary["id"], primary["rolloutState"],
                                                          primary["pendingCount"], primary["runningCount"]))
        [pending] = self.tasks_of(slow_id)
        self.assertEqual("PENDING", pending["lastStatus"])
        service = stack.wait_for_rollout("COMPLETED", timeout=30.0)
        self.assertEqual(slow_id, service["deployments"][0]["id"])

    def test_breaker_without_rollback_fails_the_deployment_which_stays_primary_and_launches_nothing_more(self):
        stack = self.stack
        good = stack.task_definition("1.0.0")
        stack.create_service(good, desired=1, deploymentConfiguration=BREAKER_WITHOUT_ROLLBACK)
        good_id = stack.wait_until_stable()["deployments"][0]["id"]
        missing = stack.task_definition("9.9.9")

        bad_id = stack.update_service(taskDefinition=missing)["deployments"][0]["id"]

        service = eventually(stack.describe, lambda s: s["deployments"][0]["rolloutState"] == "FAILED",
                             "a failed deployment")
        primary, old = service["deployments"]
        self.assertEqual((bad_id, "PRIMARY", ROLLOUT_FAILED, 3, missing),
                         (primary["id"], primary["status"], primary["rolloutStateReason"], primary["failedTasks"],
                          service["taskDefinition"]))
        self.assertEqual((good_id, "ACTIVE", 1), (old["id"], old["status"], old["runningCount"]))
        launched = len(self.tasks_of(bad_id))
        time.sleep(6 * STEP_SECONDS)  # six more steps: a FAILED deployment launches no task
        self.assertEqual(launched, len(self.tasks_of(bad_id)))
        self.assertEqual((1, "FAILED"), (stack.describe()["runningCount"],
                                         stack.describe()["deployments"][0]["rolloutState"]))
        messages = self.chronological()
        self.assertIn(f"(service hello) (deployment {bad_id}) deployment failed: tasks failed to start.", messages)
        self.assertFalse([m for m in messages if "rolling back" in m])

    def test_a_failing_first_deployment_has_nothing_to_roll_back_to_and_fails(self):
        stack = self.stack

        created = stack.create_service(stack.task_definition("9.9.9"), desired=1,
                                       deploymentConfiguration=BREAKER_WITH_ROLLBACK)

        deployment_id = created["deployments"][0]["id"]
        service = eventually(stack.describe, lambda s: s["deployments"][0]["rolloutState"] == "FAILED",
                             "a failed deployment")
        [deployment] = service["deployments"]
        self.assertEqual((deployment_id, "PRIMARY", ROLLOUT_FAILED, 3, 0),
                         (deployment["id"], deployment["status"], deployment["rolloutStateReason"],
                          deployment["failedTasks"], service["runningCount"]))
        self.assertEqual(3, len(self.tasks_of(deployment_id)))
        self.assertFalse([m for m in self.chronological() if "rolling back" in m])

    def test_breaker_threshold_is_half_the_desired_count_rounded_up_at_least_three(self):
        stack = self.stack
        # desiredCount 10 with maximumPercent 110: the new deployment starts one task at a time, so the failure
        # count climbs one by one and the deployment fails exactly at the threshold, 5.
        stack.create_service(stack.task_definition("1.0.0"), desired=10,
                             deploymentConfiguration={**BREAKER_WITHOUT_ROLLBACK, "maximumPercent": 110})
        stack.wait_until_stable()
        bad_id = stack.update_service(taskDefinition=stack.task_definition("9.9.9"))["deployments"][0]["id"]
        # desiredCount 1 (another service): at least 3
        single = stack.create_service(stack.task_definition("9.9.9"), desired=1, serviceName="single",
                                      loadBalancers=[], deploymentConfiguration=BREAKER_WITHOUT_ROLLBACK)

        service = eventually(stack.describe, lambda s: s["deployments"][0]["rolloutState"] == "FAILED",
                             "the 10-task deployment failed")
        self.assertEqual(5, service["deployments"][0]["failedTasks"])
        self.assertEqual(5, len(self.tasks_of(bad_id)))
        self.assertEqual(10, service["runningCount"], "the old tasks keep serving")
        describe_single = lambda: stack.ecs.describe_services(cluster=stack.cluster,  # noqa: E731
                                                              services=["single"])["services"][0]
        single_failed = eventually(describe_single, lambda s: s["deployments"][0]["rolloutState"] == "FAILED",
                                   "the 1-task deployment failed")
        self.assertEqual(3, single_failed["deployments"][0]["failedTasks"])
        self.assertEqual(single["deployments"][0]["id"], single_failed["deployments"][0]["id"])

    def test_without_the_breaker_failed_tasks_are_replaced_until_the_image_is_pushed(self):
        stack = self.stack
        stack.create_service(stack.task_definition("3.0.0"), desired=1)

        failing = eventually(stack.describe, lambda s: s["deployments"][0]["failedTasks"] >= 5,
                             "five failed tasks (beyond any threshold)")
        self.assertEqual("IN_PROGRESS", failing["deployments"][0]["rolloutState"])
        self.assertEqual({"enable": False, "rollback": False},
                         failing["deploymentConfiguration"]["deploymentCircuitBreaker"])

        stack.push("3.0.0")

        service = stack.wait_until_stable()
        self.assertEqual(0, service["deployments"][0]["failedTasks"], "a healthy task resets the count")

    # --- emulator plumbing ----------------------------------------------------------------------------------------

    def test_reset_clears_the_runtime_state_and_the_scheduler_keeps_going(self):
        stack = self.stack
        stack.create_service(stack.task_definition("1.0.0"), desired=2)
        stack.wait_until_stable()

        emulator.reset()

        with self.assertRaises(stack.ecs.exceptions.ClusterNotFoundException):
            stack.ecs.list_tasks(cluster=stack.cluster)
        self.assertEqual([], stack.ec2.describe_network_interfaces()["NetworkInterfaces"])
        again = Stack.create(emulator)
        again.create_service(again.task_definition("1.0.0"), desired=2)
        again.wait_until_stable()
        self.assertEqual(2, len(again.all_tasks()), "no task survived the reset")
        self.assertEqual(2, len(again.ec2.describe_network_interfaces()["NetworkInterfaces"]))
        self.assertEqual(["(service hello) has reached a steady state."], again.messages()[:1])

    def test_deployment_configuration_is_kept_as_sent_with_aws_defaults(self):
        stack = self.stack
        definition = stack.task_definition("1.0.0")
        sent = {"maximumPercent": 150, "minimumHealthyPercent": 50,
                "deploymentCircuitBreaker": {"enable": True, "rollback": True}}

        created = stack.create_service(definition, desired=1, deploymentConfiguration=sent)

        self.assertEqual(sent, created["deploymentConfiguration"])
        self.assertEqual(sent, stack.describe()["deploymentConfiguration"])
        other = stack.create_service(definition, desired=1, serviceName="defaults")
        self.assertEqual({"maximumPercent": 200, "minimumHealthyPercent": 100,
                          "deploymentCircuitBreaker": {"enable": False, "rollback": False}},
                         other["deploymentConfiguration"])
        changed = {"maximumPercent": 200, "minimumHealthyPercent": 100,
                   "deploymentCircuitBreaker": {"enable": True, "rollback": False}}
        stack.update_service(deploymentConfiguration=changed)
        self.assertEqual(changed, stack.describe()["deploymentConfiguration"])

    def test_calls_the_reconciler_makes_keep_working(self):
        stack, ecs = self.stack, self.stack.ecs
        definition = stack.task_definition("1.0.0")
        described = ecs.describe_task_definition(taskDefinition=definition, include=["TAGS"])
        self.assertEqual([{"key": "app", "value": "hello"}], described["tags"])
        tags = [{"key": "managed-by", "value": "ecs-reconciler"}]
        stack.create_service(definition, desired=1, tags=tags, propagateTags="SERVICE", enableECSManagedTags=True,
                             deploymentConfiguration={**BREAKER_WITH_ROLLBACK, "maximumPercent": 200,
                                                      "minimumHealthyPercent": 100})
        service = ecs.describe_services(cluster=stack.cluster, services=[stack.service], include=["TAGS"])
        self.assertEqual(tags, service["services"][0]["tags"])
        stack.wait_until_stable()
        [task] = ecs.describe_tasks(cluster=stack.cluster, tasks=[t["taskArn"] for t in stack.tasks()],
                                    include=["TAGS"])["tasks"]
        self.assertEqual(tags, task["tags"], "propagateTags SERVICE")
        ecs.tag_resource(resourceArn=service["services"][0]["serviceArn"], tags=[{"key": "k", "value": "v"}])
        ecs.list_tags_for_resource(resourceArn=service["services"][0]["serviceArn"])

        ecs.deregister_task_definition(taskDefinition=definition)
        time.sleep(3 * STEP_SECONDS)  # a deregistered definition keeps its running tasks (AWS does too)
        self.assertEqual(1, stack.describe()["runningCount"])
        stack.update_service(desiredCount=0)
        deleted = ecs.delete_service(cluster=stack.cluster, service=stack.service, force=True)["service"]
        self.assertEqual("DRAINING", deleted["status"])
        with self.assertRaises(ecs.exceptions.ClientError) as refused:
            stack.update_service(desiredCount=1)
        self.assertEqual("ServiceNotActiveException", refused.exception.response["Error"]["Code"])
        eventually(stack.describe, lambda s: s["status"] == "INACTIVE", "an INACTIVE service")

    def test_creating_a_load_balancer_again_with_the_same_settings_returns_it_as_aws_does(self):
        elbv2, ec2 = self.stack.elbv2, self.stack.ec2
        vpc_id = ec2.describe_subnets(SubnetIds=[self.stack.subnet_id])["Subnets"][0]["VpcId"]
        other_subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.20.4.0/24")["Subnet"]["SubnetId"]
        settings = dict(Name="hello-alb", Subnets=[self.stack.subnet_id, other_subnet],
                        SecurityGroups=[self.stack.security_group_id], Scheme="internet-facing", Type="application")

        first = elbv2.create_load_balancer(**settings)["LoadBalancers"][0]
        again = elbv2.create_load_balancer(**settings)["LoadBalancers"][0]

        self.assertEqual(first["LoadBalancerArn"], again["LoadBalancerArn"])
        self.assertEqual(1, len(elbv2.describe_load_balancers()["LoadBalancers"]))
        with self.assertRaises(elbv2.exceptions.ClientError) as refused:
            elbv2.create_load_balancer(**{**settings, "Scheme": "internal"})
        self.assertEqual("DuplicateLoadBalancerName", refused.exception.response["Error"]["Code"])


if __name__ == "__main__":
    unittest.main()
