"""The one way this platform builds a Kafka producer."""

from aiokafka import AIOKafkaProducer

from platform_settings import KafkaSettings


def build_producer(settings: KafkaSettings, *, client_suffix: str = "producer") -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        client_id=f"{settings.client_id}-{client_suffix}",
        acks="all",
        enable_idempotence=settings.enable_idempotence,
        request_timeout_ms=settings.request_timeout_ms,
        linger_ms=5,
        max_batch_size=256 * 1024,
    )
