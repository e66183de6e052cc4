"""Topics come from deploy/topics.yaml and are created explicitly (the local broker auto-creates 4 partitions)."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from platform_messaging.security import kafka_security_options
from platform_settings import KafkaSettings

_ALREADY_EXISTS = TopicAlreadyExistsError.errno


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int = 6
    replication_factor: int = 1
    retention_ms: int | None = None
    owner: str = ""
    event_types: tuple[str, ...] = field(default_factory=tuple)


def load_topics(path: Path, *, owner: str | None = None) -> list[TopicSpec]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    specs = [
        TopicSpec(
            name=t["name"],
            partitions=int(t.get("partitions", 6)),
            replication_factor=int(t.get("replication_factor", 1)),
            retention_ms=t.get("retention_ms"),
            owner=t.get("owner", ""),
            event_types=tuple(t.get("event_types", ())),
        )
        for t in doc.get("topics", [])
    ]
    return [s for s in specs if owner is None or s.owner == owner]


async def ensure_topics(broker: str | list[str] | KafkaSettings, specs: list[TopicSpec] | tuple, *,
                        replication: int | None = 1) -> list[str]:
    """Create the missing topics; returns the names created. Replication is forced to 1 on a one-node broker.

    `broker` is a bootstrap address (the local broker) or the service's KafkaSettings, whose security options
    the admin client then uses. Listing needs DESCRIBE on the topics; creating one needs CREATE, which the ACLs
    of deploy/kafka_acls.py give no service: in production a missing topic is refused here, loudly, rather than
    created with one replica (deploy/create_topics.py creates them before any service starts).
    """
    if isinstance(broker, KafkaSettings):
        admin = AIOKafkaAdminClient(bootstrap_servers=broker.bootstrap_servers, client_id=f"{broker.client_id}-admin",
                                    **kafka_security_options(broker))
    else:
        admin = AIOKafkaAdminClient(bootstrap_servers=broker)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [s for s in specs if s.name not in existing]
        new = [
            NewTopic(
                s.name,
                s.partitions,
                replication or s.replication_factor,
                topic_configs={"retention.ms": str(s.retention_ms)} if s.retention_ms else {},
            )
            for s in missing
        ]
        if new:
            try:
                response = await admin.create_topics(new)
            except TopicAlreadyExistsError:
                return []
            failed = [(name, code) for name, code, *_ in response.topic_errors if code not in (0, _ALREADY_EXISTS)]
            if failed:
                raise RuntimeError(f"could not create topics: {failed}")
        return [s.name for s in missing]
    finally:
        await admin.close()
