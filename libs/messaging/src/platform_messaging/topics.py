"""Topics come from deploy/topics.yaml and are created explicitly (the local broker auto-creates 4 partitions)."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

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


async def ensure_topics(bootstrap: str | list[str], specs: list[TopicSpec] | tuple, *, replication: int | None = 1) -> list[str]:
    """Create the missing topics; returns the names created. Replication is forced to 1 on a one-node broker."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
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
