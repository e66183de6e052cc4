"""Transport mechanisms: producer, outbox relay, idempotent consumer runner, dead letters, topic admin."""

from platform_messaging.consumer import ConsumerRunner, Handler
from platform_messaging.dead_letters import (
    DeadLetterNotFound,
    DeadLetterView,
    DeadLetterWriter,
    dead_letter_topic,
    list_dead_letters,
    replay_dead_letter,
)
from platform_messaging.producer import build_producer
from platform_messaging.relay import OutboxRelay, outbox_backlog
from platform_messaging.security import build_ssl_context, kafka_security_options
from platform_messaging.topics import TopicSpec, ensure_topics, load_topics

__all__ = [
    "ConsumerRunner",
    "DeadLetterNotFound",
    "DeadLetterView",
    "DeadLetterWriter",
    "dead_letter_topic",
    "Handler",
    "OutboxRelay",
    "TopicSpec",
    "build_producer",
    "build_ssl_context",
    "ensure_topics",
    "kafka_security_options",
    "list_dead_letters",
    "load_topics",
    "outbox_backlog",
    "replay_dead_letter",
]
