"""The local broker declares deploy/topics.yaml's topics at every start, and repairs one a client auto-created first."""

import asyncio
from pathlib import Path

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient

from platform_devstack.broker import LocalBroker
from platform_devstack.processes import free_port


async def _partitions(bootstrap: str, topic: str) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        (found,) = await admin.describe_topics([topic])
        return len(found["partitions"])
    finally:
        await admin.close()


async def _auto_create(bootstrap: str, topic: str) -> None:
    """What a reconnecting client does before the declaration: the broker creates the topic with 4 partitions."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"early")
    finally:
        await producer.stop()


def test_a_topic_auto_created_with_the_wrong_partition_count_is_re_created_as_declared(tmp_path: Path):
    topics = tmp_path / "topics.yaml"
    topics.write_text("topics:\n  - {name: demo.case, partitions: 2}\n  - {name: demo.clue, partitions: 3}\n")
    broker = LocalBroker(free_port(), tmp_path / "broker.log")  # no topics file: the gap before the declaration
    broker.start()
    try:
        asyncio.run(_auto_create(broker.bootstrap, "demo.case"))
        assert asyncio.run(_partitions(broker.bootstrap, "demo.case")) == 4
        broker.topics_file = topics
        broker.declare_topics()
        assert broker.repaired == ["demo.case"]
        assert asyncio.run(_partitions(broker.bootstrap, "demo.case")) == 2
        assert asyncio.run(_partitions(broker.bootstrap, "demo.clue")) == 3
        broker.declare_topics()  # nothing to repair the second time
        assert broker.repaired == []
    finally:
        broker.stop()


def test_a_stopped_broker_fails_its_probe_although_its_port_still_accepts_connections(tmp_path: Path):
    """What the supervisor asks to find a hung broker: a Kafka ApiVersions request, answered or not."""
    import os
    import signal
    import socket

    broker = LocalBroker(free_port(), tmp_path / "broker.log")
    broker.start()
    try:
        assert broker.answers(2.0)
        os.kill(broker.process.pid, signal.SIGSTOP)
        try:
            with socket.create_connection(("127.0.0.1", broker.port), 2.0):
                pass  # the kernel still completes the handshake for the stopped process
            assert not broker.answers(0.5)
        finally:
            os.kill(broker.process.pid, signal.SIGCONT)
        assert broker.answers(2.0)
    finally:
        broker.stop()
    assert not broker.answers(0.5)  # stopped: nothing listens
