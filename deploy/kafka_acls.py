"""Print the Kafka ACLs each service principal needs, derived from deploy/topics.yaml (deploy/README.md).

    python deploy/kafka_acls.py --format kafka-acls > kafka-acls.sh   # then BOOTSTRAP=… ADMIN_CONFIG=… sh kafka-acls.sh
    python deploy/kafka_acls.py --format strimzi --cluster <Kafka resource> | kubectl apply -n <its namespace> -f -
    python deploy/kafka_acls.py --format json                          # for tooling

Each service logs in as its own SCRAM user, principal `User:<service>` (the folder name), and consumes in the
consumer group of the same name (`CONSUMER__GROUP_ID`'s default in every service). It gets, all literal:

  WRITE, DESCRIBE   the topics it owns: its outbox relay publishes them, and lists them when it declares them
  READ, DESCRIBE    the topics it consumes (`consumers:` of each topic)
  WRITE, DESCRIBE   `<topic>.dlq.<service>` of each topic it consumes: its dead letters
  READ              its consumer group (joining, committing offsets)

and nothing else: no service may write another's topic, and none may CREATE. Topics exist before a service starts:
deploy/create_topics.py runs as its own principal (`User:kafka-topics`, `--topics-admin`), which gets CREATE and
DESCRIBE on every declared topic and dead-letter topic. A relay that finds a topic missing then fails loudly
(TopicAuthorizationFailed, `outbox_publish_failed`) instead of creating it with one replica. Kafka >= 2.8 lets a
principal with WRITE on a topic use the idempotent producer, so no cluster ACL is needed.

Confidential topics (`classification: confidential`) may be consumed only by the groups listed in topics.yaml's
`cleared_groups:`. A file where another group consumes one is refused: exit 1, naming each group and topic.

Standard library and PyYAML only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEAD_LETTER_INFIX = ".dlq."
CLASSIFICATIONS = ("public", "internal", "confidential")
#: Names that reach a shell script and Kubernetes names unquoted: services as folders, topics as Kafka allows.
SERVICE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
TOPIC_NAME = re.compile(r"^[A-Za-z0-9._-]{1,249}$")
PRINCIPAL_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


class TopicsFileRefused(Exception):
    """topics.yaml cannot be turned into ACLs: malformed, or an uncleared group consumes a confidential topic."""


@dataclass(frozen=True)
class Acl:
    resource_type: str  # topic | group
    name: str
    operations: tuple[str, ...]  # Kafka's names: Read, Write, Describe, Create
    pattern_type: str = "literal"


@dataclass
class Principal:
    user: str  # the SCRAM user name: the service, or the topics Job
    purpose: str
    cleared: bool = False
    acls: list[Acl] = field(default_factory=list)

    @property
    def principal(self) -> str:
        return f"User:{self.user}"

    @property
    def kafka_user(self) -> str:
        """The Strimzi KafkaUser (and so SCRAM user) name: a Kubernetes name cannot hold `_`."""
        return self.user.replace("_", "-")


def load_document(path: Path) -> dict:
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(doc, dict) or not isinstance(doc.get("topics"), list):
        raise TopicsFileRefused(f"{path}: expected a top-level `topics:` list")
    return doc


def cleared_groups(doc: dict) -> list[str]:
    """`cleared_groups:`; absent means no group is cleared."""
    cleared = doc.get("cleared_groups")
    if cleared is None:
        return []
    if not isinstance(cleared, list) or not all(isinstance(g, str) and SERVICE_NAME.match(g) for g in cleared):
        raise TopicsFileRefused("`cleared_groups:` must be a list of consumer groups (service names)")
    return cleared


def _checked_topics(doc: dict) -> list[dict]:
    problems, seen = [], set()
    for topic in doc["topics"]:
        name = topic.get("name") if isinstance(topic, dict) else None
        if not isinstance(name, str) or not TOPIC_NAME.match(name):
            problems.append(f"topic {name!r}: not a valid topic name")
            continue
        owner, consumers = topic.get("owner"), topic.get("consumers") or []
        if name in seen:
            problems.append(f"{name}: declared twice")
        seen.add(name)
        if not isinstance(owner, str) or not SERVICE_NAME.match(owner):
            problems.append(f"{name}: owner {owner!r} is not a service name")
        if topic.get("classification") not in CLASSIFICATIONS:
            problems.append(f"{name}: classification must be one of {', '.join(CLASSIFICATIONS)}")
        if not isinstance(consumers, list) or not all(isinstance(g, str) and SERVICE_NAME.match(g) for g in consumers):
            problems.append(f"{name}: consumers must be a list of consumer groups (service names)")
    if problems:
        raise TopicsFileRefused("topics.yaml is malformed:\n  " + "\n  ".join(problems))
    return doc["topics"]


def uncleared_consumers(doc: dict) -> list[tuple[str, str]]:
    """(group, topic) for every group that consumes a confidential topic without being cleared."""
    cleared = set(cleared_groups(doc))
    return [
        (group, topic["name"])
        for topic in _checked_topics(doc)
        if topic["classification"] == "confidential"
        for group in topic.get("consumers") or ()
        if group not in cleared
    ]


def derive(doc: dict, *, topics_admin: str | None = "kafka-topics") -> list[Principal]:
    """The principals and their ACLs; raises TopicsFileRefused for an uncleared consumer of a confidential topic."""
    topics = _checked_topics(doc)
    refused = uncleared_consumers(doc)
    if refused:
        raise TopicsFileRefused(
            "consumer groups not cleared for confidential topics (add them to `cleared_groups:` in topics.yaml "
            "only if they must read that data, or remove them from the topic's consumers):\n  "
            + "\n  ".join(f"{group} consumes {topic} (classification: confidential)" for group, topic in refused)
        )
    cleared = set(cleared_groups(doc))
    services = sorted({t["owner"] for t in topics} | {g for t in topics for g in t.get("consumers") or ()})
    principals = {s: Principal(s, _purpose(s, topics), cleared=s in cleared) for s in services}
    for topic in topics:  # owned topics first, in file order
        principals[topic["owner"]].acls.append(Acl("topic", topic["name"], ("Write", "Describe")))
    for topic in topics:
        for group in topic.get("consumers") or ():
            principals[group].acls.append(Acl("topic", topic["name"], ("Read", "Describe")))
    for topic in topics:
        for group in topic.get("consumers") or ():
            principals[group].acls.append(Acl("topic", dead_letter_topic(topic["name"], group), ("Write", "Describe")))
    for service, principal in principals.items():
        if any(service in (t.get("consumers") or ()) for t in topics):
            principal.acls.append(Acl("group", service, ("Read",)))
    result = [principals[s] for s in services]
    if topics_admin:
        if not PRINCIPAL_NAME.match(topics_admin):
            raise TopicsFileRefused(f"--topics-admin {topics_admin!r} is not a valid user name")
        admin = Principal(topics_admin, "deploy/create_topics.py (compose job and Helm hook Job kafka-topics)")
        names = [t["name"] for t in topics] + [
            dead_letter_topic(t["name"], g) for t in topics for g in t.get("consumers") or ()
        ]
        admin.acls = [Acl("topic", name, ("Create", "Describe")) for name in names]
        result.append(admin)
    return result


def _purpose(service: str, topics: list[dict]) -> str:
    owns = sum(t["owner"] == service for t in topics)
    reads = sum(service in (t.get("consumers") or ()) for t in topics)
    return f"service {service}: publishes {owns} topic(s), consumes {reads} as group {service}"


def dead_letter_topic(topic: str, group: str) -> str:
    return f"{topic}{DEAD_LETTER_INFIX}{group}"


# --- output formats ----------------------------------------------------------------------------------------


def render_kafka_acls(principals: list[Principal], doc: dict) -> str:
    lines = [
        "#!/bin/sh",
        "# Kafka ACLs of the enforcement platform, printed by deploy/kafka_acls.py from deploy/topics.yaml:",
        "# regenerate after every change of topics.yaml, never edit. BOOTSTRAP = a broker's host:port;",
        "# ADMIN_CONFIG = client properties of a principal allowed to alter ACLs (a super user).",
        f"# Cleared for confidential topics: {', '.join(cleared_groups(doc)) or 'no group'}.",
        "set -eu",
        ': "${BOOTSTRAP:?set BOOTSTRAP to host:port of a broker}"',
        ': "${ADMIN_CONFIG:?set ADMIN_CONFIG to the admin client properties file}"',
    ]
    for p in principals:
        lines += ["", f"# {p.principal} — {p.purpose}"]
        for acl in p.acls:
            operations = " ".join(f"--operation {op}" for op in acl.operations)
            lines.append(
                'kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add '
                f"--allow-principal {p.principal} {operations} --{acl.resource_type} {acl.name}"
            )
    return "\n".join(lines) + "\n"


def render_strimzi(principals: list[Principal], doc: dict, *, cluster: str, namespace: str | None) -> str:
    header = [
        "# KafkaUsers of the enforcement platform, printed by deploy/kafka_acls.py from deploy/topics.yaml.",
        "# The User Operator creates each user's SCRAM-SHA-512 password in a Secret of the KafkaUser's name, key",
        "# `password`. SCRAM user names are the KafkaUser names (list-management): set the chart's",
        "# global.kafka.sasl.usernameFrom: k8sName and passwordSecret: \"%s\", passwordKey: password.",
        f"# Cleared for confidential topics: {', '.join(cleared_groups(doc)) or 'no group'}.",
    ]
    documents = []
    for p in principals:
        metadata: dict = {
            "name": p.kafka_user,
            "labels": {"strimzi.io/cluster": cluster, "app.kubernetes.io/part-of": "enforcement-platform"},
            "annotations": {"enforcement-platform/purpose": p.purpose},
        }
        if namespace:
            metadata["namespace"] = namespace
        acls = [
            {
                "resource": {"type": acl.resource_type, "name": acl.name, "patternType": acl.pattern_type},
                "operations": list(acl.operations),
                "host": "*",
            }
            for acl in p.acls
        ]
        documents.append({
            "apiVersion": "kafka.strimzi.io/v1beta2",
            "kind": "KafkaUser",
            "metadata": metadata,
            "spec": {
                "authentication": {"type": "scram-sha-512"},
                "authorization": {"type": "simple", "acls": acls},
            },
        })
    body = "".join(
        "---\n" + yaml.safe_dump(d, sort_keys=False, allow_unicode=True, width=1000) for d in documents
    )
    return "\n".join(header) + "\n" + body


def render_json(principals: list[Principal], doc: dict) -> str:
    return json.dumps(
        {
            "cleared_groups": cleared_groups(doc),
            "principals": [
                {
                    "principal": p.principal,
                    "user": p.user,
                    "strimzi_kafka_user": p.kafka_user,
                    "purpose": p.purpose,
                    "cleared": p.cleared,
                    "acls": [
                        {
                            "resource_type": a.resource_type,
                            "name": a.name,
                            "pattern_type": a.pattern_type,
                            "operations": list(a.operations),
                        }
                        for a in p.acls
                    ],
                }
                for p in principals
            ],
        },
        indent=2,
        ensure_ascii=False,
    ) + "\n"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=Path(__file__).with_name("topics.yaml"))
    parser.add_argument("--format", choices=["kafka-acls", "strimzi", "json"], default="kafka-acls")
    parser.add_argument("--topics-admin", default="kafka-topics",
                        help="user of deploy/create_topics.py (CREATE, DESCRIBE on every topic); '' leaves it out")
    parser.add_argument("--cluster", default="kafka", help="strimzi: the Kafka resource (strimzi.io/cluster label)")
    parser.add_argument("--namespace", help="strimzi: namespace of the KafkaUsers (the Kafka cluster's)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        doc = load_document(args.file)
        principals = derive(doc, topics_admin=args.topics_admin or None)
    except (TopicsFileRefused, OSError, yaml.YAMLError) as exc:
        print(f"kafka_acls: {args.file}: {exc}", file=sys.stderr)
        return 1
    if args.format == "kafka-acls":
        sys.stdout.write(render_kafka_acls(principals, doc))
    elif args.format == "strimzi":
        sys.stdout.write(render_strimzi(principals, doc, cluster=args.cluster, namespace=args.namespace))
    else:
        sys.stdout.write(render_json(principals, doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
