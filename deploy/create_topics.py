"""Create the Kafka topics deploy/topics.yaml declares: the compose job and the Helm hook run this script.

    python deploy/create_topics.py --bootstrap kafka:9092 --file deploy/topics.yaml
    python deploy/create_topics.py --bootstrap 127.0.0.1:9092 --file deploy/topics.yaml --replication-factor 1
    python deploy/create_topics.py --file deploy/topics.yaml --dry-run      # print the plan; no broker needed

    # a broker with SASL/SCRAM over TLS (deploy/README.md "Broker security"); the password never on the command line
    KAFKA_SASL_PASSWORD=… python deploy/create_topics.py --bootstrap kafka:9093 --security-protocol SASL_SSL \
        --sasl-username kafka-topics --ssl-cafile /etc/kafka-tls/ca.crt

Idempotent: a topic that exists is left as it is. A partition count that differs from the file is reported,
never changed here — adding partitions moves keys to other partitions and breaks per-aggregate order.
Its principal needs CREATE and DESCRIBE on the topics (deploy/kafka_acls.py prints them for `kafka-topics`).
Every option has an environment variable (KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM,
KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, KAFKA_SSL_CAFILE, KAFKA_SSL_CERTFILE,
KAFKA_SSL_KEYFILE, KAFKA_SSL_CHECK_HOSTNAME); a flag wins over its variable.
Needs PyYAML and aiokafka, and to connect the platform libraries (platform_messaging, platform_settings: the
service's security options, built the same way), all in every service image; --dry-run needs only PyYAML.
Works against Apache Kafka >= 3.7 and the local broker of the dev stack (which auto-creates 4 partitions,
hence this explicit step).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:  # aiokafka is imported where the broker is used: --dry-run runs without it
    from aiokafka.admin import AIOKafkaAdminClient

DEAD_LETTER_INFIX = ".dlq."


@dataclass(frozen=True)
class TopicPlan:
    name: str
    partitions: int
    replication_factor: int
    configs: dict[str, str] = field(default_factory=dict)


def load_document(path: Path) -> dict:
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(doc.get("topics"), list):
        raise TypeError(f"{path}: expected a top-level `topics:` list")
    return doc


def plan_topics(
    doc: dict,
    *,
    replication_factor: int | None = None,
    partitions: int | None = None,
    dead_letters: bool = True,
) -> list[TopicPlan]:
    """What to create: every declared topic, then one dead-letter topic per (topic, consumer group)."""
    plans = [
        _plan(
            t["name"],
            partitions or int(t["partitions"]),
            replication_factor or int(t["replication_factor"]),
            t.get("retention_ms"),
        )
        for t in doc["topics"]
    ]
    if dead_letters:
        dlq = doc.get("dead_letters") or {}
        plans += [
            _plan(
                f"{t['name']}{DEAD_LETTER_INFIX}{group}",
                int(dlq.get("partitions", 1)),
                replication_factor or int(t["replication_factor"]),
                dlq.get("retention_ms"),
            )
            for t in doc["topics"]
            for group in t.get("consumers") or ()
        ]
    return plans


def _plan(name: str, partitions: int, replication_factor: int, retention_ms: int | None) -> TopicPlan:
    configs = {"retention.ms": str(int(retention_ms))} if retention_ms else {}
    if replication_factor >= 3:  # acks=all then survives one broker down without losing acknowledged writes
        configs["min.insync.replicas"] = "2"
    return TopicPlan(name, partitions, replication_factor, configs)


async def create_topics(
    bootstrap: str, plans: list[TopicPlan], *, wait_s: float, security: dict | None = None
) -> tuple[list[str], list[str]]:
    """Create the missing topics; returns (created, partition-count warnings). Raises on any other refusal.

    `security`: aiokafka's security keyword arguments (`security_options`); none for a PLAINTEXT broker.
    """
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from aiokafka.errors import TopicAlreadyExistsError, for_code

    admin = await _connected_admin(AIOKafkaAdminClient, bootstrap, wait_s, security or {})
    try:
        existing = set(await admin.list_topics())
        missing = [p for p in plans if p.name not in existing]
        if missing:
            response = await admin.create_topics(
                [
                    NewTopic(p.name, p.partitions, p.replication_factor, topic_configs=p.configs)
                    for p in missing
                ]
            )
            # The admin client returns per-topic error codes instead of raising; "already exists" means
            # someone created it meanwhile, which is fine.
            refused = [
                f"{entry[0]}: {for_code(entry[1]).__name__} {entry[2] if len(entry) > 2 else ''}".rstrip()
                for entry in response.topic_errors
                if entry[1] not in (0, TopicAlreadyExistsError.errno)
            ]
            if refused:
                raise SystemExit("topics refused by the broker: " + "; ".join(refused))
        warnings = await _partition_mismatches(admin, [p for p in plans if p.name in existing])
        return [p.name for p in missing], warnings
    finally:
        await admin.close()


async def _connected_admin(admin_cls: type[AIOKafkaAdminClient], bootstrap: str, wait_s: float,
                           security: dict) -> AIOKafkaAdminClient:
    """The broker may still be starting (compose, a fresh cluster): retry until `wait_s` has passed."""
    deadline = time.monotonic() + wait_s
    while True:
        admin = admin_cls(bootstrap_servers=bootstrap, client_id="kafka-topics", request_timeout_ms=10_000,
                          **security)
        try:
            await admin.start()
            return admin
        except Exception as exc:  # any failure to connect means "not up yet", until the deadline
            await admin.close()
            if time.monotonic() >= deadline:
                raise SystemExit(f"broker {bootstrap} not reachable after {wait_s:.0f}s: {exc!r}") from exc
            await asyncio.sleep(2)


async def _partition_mismatches(admin: AIOKafkaAdminClient, plans: list[TopicPlan]) -> list[str]:
    if not plans:
        return []
    described = await admin.describe_topics([p.name for p in plans])
    actual = {d["topic"]: len(d.get("partitions") or ()) for d in described}
    return [
        f"{p.name}: {actual[p.name]} partitions on the broker, {p.partitions} declared"
        for p in plans
        if actual.get(p.name) not in (None, p.partitions)
    ]


def security_options(args: argparse.Namespace) -> dict:
    """aiokafka's security keyword arguments, from the same function and checks as every service's clients."""
    from pydantic import ValidationError

    from platform_messaging.security import kafka_security_options
    from platform_settings import KafkaSettings

    password = os.environ.get("KAFKA_SASL_PASSWORD")
    if args.sasl_password_file:
        password = Path(args.sasl_password_file).read_text(encoding="utf-8").strip()
    try:
        settings = KafkaSettings(
            bootstrap_servers=args.bootstrap,
            client_id="kafka-topics",
            security_protocol=args.security_protocol,
            sasl_mechanism=args.sasl_mechanism,
            sasl_username=args.sasl_username or "",
            sasl_password=password or None,
            ssl_cafile=args.ssl_cafile or None,
            ssl_certfile=args.ssl_certfile or None,
            ssl_keyfile=args.ssl_keyfile or None,
            ssl_check_hostname=args.ssl_check_hostname,
        )
    except ValidationError as exc:
        problems = "; ".join(
            (f"{'.'.join(map(str, e['loc']))}: " if e["loc"] else "") + e["msg"].removeprefix("Value error, ")
            for e in exc.errors()
        )
        raise SystemExit(f"broker security options refused: {problems}") from exc
    return kafka_security_options(settings)


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() not in {"0", "false", "no", "off"}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=Path(__file__).with_name("topics.yaml"))
    parser.add_argument("--bootstrap", default=env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                        help="host:port[,host:port…] (KAFKA_BOOTSTRAP_SERVERS)")
    security = parser.add_argument_group("broker security", "as the services' KAFKA__* settings (deploy/README.md)")
    security.add_argument("--security-protocol", default=env("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"),
                          choices=["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"])
    security.add_argument("--sasl-mechanism", default=env("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                          choices=["SCRAM-SHA-256", "SCRAM-SHA-512"])
    security.add_argument("--sasl-username", default=env("KAFKA_SASL_USERNAME", ""))
    security.add_argument("--sasl-password-file", default=env("KAFKA_SASL_PASSWORD_FILE"),
                          help="file holding the password; or KAFKA_SASL_PASSWORD (never a flag: ps would show it)")
    security.add_argument("--ssl-cafile", default=env("KAFKA_SSL_CAFILE"), help="CA bundle of the brokers (PEM)")
    security.add_argument("--ssl-certfile", default=env("KAFKA_SSL_CERTFILE"), help="client certificate (mTLS)")
    security.add_argument("--ssl-keyfile", default=env("KAFKA_SSL_KEYFILE"), help="its private key")
    security.add_argument("--no-ssl-check-hostname", dest="ssl_check_hostname", action="store_false",
                          default=_env_flag("KAFKA_SSL_CHECK_HOSTNAME", True),
                          help="accept a broker certificate that does not name the host (tests only)")
    parser.add_argument("--replication-factor", type=int, help="override the file (1 on a one-node broker)")
    parser.add_argument("--partitions", type=int, help="override the file (e.g. a small local broker)")
    parser.add_argument("--no-dead-letters", action="store_true", help="skip <topic>.dlq.<group> topics")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for the broker")
    parser.add_argument("--dry-run", action="store_true", help="print the plan as JSON lines and exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plans = plan_topics(
        load_document(args.file),
        replication_factor=args.replication_factor,
        partitions=args.partitions,
        dead_letters=not args.no_dead_letters,
    )
    if args.dry_run:
        for p in plans:
            print(json.dumps(asdict(p), sort_keys=True))
        return 0
    security = security_options(args)
    created, warnings = asyncio.run(create_topics(args.bootstrap, plans, wait_s=args.wait, security=security))
    for name in created:
        print(json.dumps({"event": "topic_created", "topic": name}))
    for warning in warnings:
        print(json.dumps({"event": "topic_partitions_differ", "detail": warning}), file=sys.stderr)
    print(json.dumps({"event": "topics_ready", "declared": len(plans), "created": len(created)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
