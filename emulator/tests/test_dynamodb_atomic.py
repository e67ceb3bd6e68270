"""DynamoDB's conditional writes are atomic, as AWS documents them: of many clients racing to create one item
with ``attribute_not_exists``, exactly one succeeds (what a lease table relies on). moto alone checks and then
writes, so two request threads could both succeed; the emulator serializes DynamoDB requests.
"""

from __future__ import annotations

import threading
import unittest


from tests.support import Emulator

emulator: Emulator


def setUpModule() -> None:
    global emulator
    emulator = Emulator.start(env={"MOTO_IAM_LOAD_MANAGED_POLICIES": "false"})


def tearDownModule() -> None:
    emulator.stop()


class ConditionalWriteTest(unittest.TestCase):

    def test_of_many_racing_conditional_creates_of_one_item_exactly_one_succeeds(self):
        dynamodb = emulator.client("dynamodb")
        dynamodb.create_table(TableName="leases", BillingMode="PAY_PER_REQUEST",
                              AttributeDefinitions=[{"AttributeName": "key", "AttributeType": "S"}],
                              KeySchema=[{"AttributeName": "key", "KeyType": "HASH"}])
        racers, rounds = 8, 40
        # One client per thread (boto3 clients are thread-safe, but each keeps its own connection this way).
        clients = [emulator.client("dynamodb") for _ in range(racers)]
        wins = {round_: [] for round_ in range(rounds)}
        start = threading.Barrier(racers)

        def race(racer: int) -> None:
            client = clients[racer]
            for round_ in range(rounds):
                start.wait()
                try:
                    client.put_item(TableName="leases", Item={"key": {"S": f"stack#{round_}"},
                                                              "owner": {"S": f"racer-{racer}"}},
                                    ConditionExpression="attribute_not_exists(#k)",
                                    ExpressionAttributeNames={"#k": "key"})
                    wins[round_].append(racer)
                except client.exceptions.ConditionalCheckFailedException:
                    pass

        threads = [threading.Thread(target=race, args=(racer,)) for racer in range(racers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)

        self.assertEqual({round_: 1 for round_ in range(rounds)}, {r: len(w) for r, w in wins.items()})
        for round_, winners in wins.items():
            item = dynamodb.get_item(TableName="leases", Key={"key": {"S": f"stack#{round_}"}})["Item"]
            self.assertEqual(f"racer-{winners[0]}", item["owner"]["S"])


if __name__ == "__main__":
    unittest.main()
