"""The one way this platform builds a Kafka producer."""

from aiokafka import AIOKafkaProducer

from platform_messaging.security import kafka_security_options
from platform_settings import KafkaSettings


def build_producer(settings: KafkaSettings, *, client_suffix: str = "producer", linger_ms: int = 5) -> AIOKafkaProducer:
    """`linger_ms=0` for the outbox relay: it sends whole claimed batches, so waiting only adds latency."""
    return AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        client_id=f"{settings.client_id}-{client_suffix}",
        acks="all",
        enable_idempotence=settings.enable_idempotence,
        request_timeout_ms=settings.request_timeout_ms,
        linger_ms=linger_ms,
        max_batch_size=256 * 1024,
        **kafka_security_options(settings),
    )
