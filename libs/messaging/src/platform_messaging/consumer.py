"""Consumer runner: one unit of work per message, inbox dedupe, offsets after commit, dead letters."""

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence

from aiokafka import (
    AIOKafkaConsumer,
    AIOKafkaProducer,
    ConsumerRebalanceListener,
    ConsumerRecord,
    TopicPartition,
)
from aiokafka.errors import IllegalStateError
from sqlalchemy.exc import InterfaceError, OperationalError

from platform_db import UnitOfWork
from platform_events import Envelope, MalformedEvent, from_kafka
from platform_logging import bound_context, get_logger
from platform_messaging import metrics, tracing
from platform_messaging.dead_letters import DeadLetterWriter
from platform_messaging.security import kafka_security_options
from platform_settings import ConsumerSettings, KafkaSettings

log = get_logger(__name__)

Handler = Callable[[UnitOfWork, Envelope], Awaitable[None]]

#: Failures of our own infrastructure: never the message's fault, so never dead-lettered — wait and retry.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, OSError)


#: A commit the coordinator never answers (broker restarted under us) must not stall the partition forever.
_COMMIT_TIMEOUT_S = 15.0
#: How often a member compares its positions with the broker's logs (see `_revalidate_positions`).
_POSITION_CHECK_S = 1.0


class ConsumerRunner:
    def __init__(
        self,
        *,
        kafka: KafkaSettings,
        settings: ConsumerSettings,
        group_id: str,
        topics: Sequence[str],
        handlers: Mapping[str, Handler],
        uow_factory: Callable[[], UnitOfWork],
        producer_factory: Callable[[], AIOKafkaProducer],
        dead_letters: DeadLetterWriter,
    ) -> None:
        self._kafka = kafka
        self._settings = settings
        self.group_id = group_id
        self._topics = list(topics)
        self._handlers = handlers
        self._uow = uow_factory
        self._producer_factory = producer_factory
        self._dead_letters = dead_letters
        #: called when the broker may have lost messages (this member reconnected, or found its position beyond
        #: the log): e.g. the reconciler's `wake` (platform_messaging.reconcile)
        self.on_broker_reset: list[Callable[[], None]] = []
        self._positions_checked_at = 0.0

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until `stop` is set, reconnecting with backoff while the broker is away."""
        backoff = 0.5
        disconnected = False
        while not stop.is_set():
            consumer = self._current = self._build_consumer()
            consumer.subscribe(self._topics, listener=_Reassigned(self))
            try:
                await consumer.start()
                backoff = 0.5
                if disconnected:  # the broker we come back to may not have what it acknowledged before
                    self._broker_reset("reconnected")
                    disconnected = False
                await self._consume(consumer, stop)
            except Exception as exc:  # noqa: BLE001 - a lost broker or rebalance storm: reconnect, resume
                log.warning("consumer_disconnected", group=self.group_id, error=repr(exc), retry_in_s=backoff)
                disconnected = True
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
            finally:
                await _quietly_stop(consumer)

    async def _consume(self, consumer: AIOKafkaConsumer, stop: asyncio.Event) -> None:
        while not stop.is_set():
            batch = await consumer.getmany(timeout_ms=self._settings.poll_timeout_ms, max_records=500)
            for tp, records in batch.items():
                for record in records:
                    await self._process(record)
                # Offsets move only after every transaction of the batch committed (CONVENTIONS: Delivery).
                await asyncio.wait_for(consumer.commit({tp: records[-1].offset + 1}), _COMMIT_TIMEOUT_S)
                self._observe_lag(consumer, tp, records[-1].offset + 1)
            await self._revalidate_positions(consumer)

    async def _revalidate_positions(self, consumer: AIOKafkaConsumer) -> None:
        """A position beyond a partition's log means the broker lost that log (a restarted memory-only broker
        starts every partition again at 0, and this member, living through it, would wait at its old offset and
        skip everything before it): read the partition again from its beginning — the inbox drops what was
        handled already — and tell `on_broker_reset` (what the broker lost before the restart is reconciled)."""
        now = time.monotonic()
        if now - self._positions_checked_at < _POSITION_CHECK_S:
            return
        self._positions_checked_at = now
        beyond = []
        for tp in consumer.assignment():
            high = consumer.highwater(tp)
            if high is None:
                continue
            try:
                position = await asyncio.wait_for(consumer.position(tp), 1.0)
            except (TimeoutError, IllegalStateError):  # being reassigned: checked on the next round
                continue
            if position > high:
                beyond.append(tp)
                log.warning("consumer_position_beyond_log", group=self.group_id, topic=tp.topic,
                            partition=tp.partition, position=position, log_end=high)
        if beyond:
            await consumer.seek_to_beginning(*beyond)
            self._broker_reset("position_beyond_log")

    def _broker_reset(self, why: str) -> None:
        log.info("consumer_broker_reset", group=self.group_id, reason=why)
        for notify in self.on_broker_reset:
            notify()

    async def _process(self, record: ConsumerRecord) -> None:
        try:
            env = from_kafka(record.value, record.headers)
        except MalformedEvent as exc:
            await self._dead_letters.send(self.group_id, record, exc, attempts=1)
            return
        if env.type not in self._handlers:
            metrics.CONSUMED.labels(self.group_id, "ignored").inc()
            return
        with bound_context(
            ce_id=env.id,
            ce_type=env.type,
            correlation_id=env.extensions.get("correlationid"),
            traceparent=env.extensions.get("traceparent"),
        ), tracing.processing(record, env, self.group_id):
            await self._handle_with_retries(record, env)

    async def _handle_with_retries(self, record: ConsumerRecord, env: Envelope) -> None:
        attempt, delay = 0, self._settings.retry_backoff_s
        while True:
            try:
                outcome = await self.handle(env)
                metrics.CONSUMED.labels(self.group_id, outcome).inc()
                log.info("event_handled", group=self.group_id, outcome=outcome, topic=record.topic)
                return
            except TRANSIENT as exc:  # our database is away: not the message's fault, wait without counting
                log.warning("event_retry_transient", error=repr(exc), retry_in_s=delay)
            except Exception as exc:  # noqa: BLE001 - the handler's failure: bounded retries, then dead letter
                attempt += 1
                if attempt >= self._settings.max_attempts:
                    await self._dead_letters.send(self.group_id, record, exc, attempts=attempt)
                    return
                log.warning("event_retry", error=repr(exc), attempt=attempt)
            await asyncio.sleep(delay)
            delay = min(delay * 2 or 0.1, 5.0)

    async def handle(self, env: Envelope) -> str:
        """Run the handler for one event inside a unit of work; 'duplicate' when the inbox already has it."""
        async with self._uow() as uow:
            if not await uow.first_time(self.group_id, env.id, env.type):
                return "duplicate"
            await self._handlers[env.type](uow, env)
            await uow.commit()
        return "handled"

    def _build_consumer(self) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            bootstrap_servers=self._kafka.bootstrap_servers,
            client_id=f"{self._kafka.client_id}-{self.group_id}",
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=self._kafka.session_timeout_ms,
            heartbeat_interval_ms=self._kafka.heartbeat_interval_ms,
            request_timeout_ms=max(self._kafka.request_timeout_ms, self._kafka.session_timeout_ms + 5000),
            metadata_max_age_ms=5000,
            fetch_max_wait_ms=self._kafka.fetch_max_wait_ms,
            **kafka_security_options(self._kafka),
        )

    def _observe_lag(self, consumer: AIOKafkaConsumer, tp: TopicPartition, next_offset: int) -> None:
        # From the last fetch's high-water mark: never `position()`, which blocks while the coordinator is away.
        high = consumer.highwater(tp)
        if high is not None:
            metrics.CONSUMER_LAG.labels(self.group_id, tp.topic, str(tp.partition)).set(max(high - next_offset, 0))


class _Reassigned(ConsumerRebalanceListener):
    """A member assigned partitions again without leaving: the group was rebalanced, or the coordinator forgot it
    (a restarted broker answers "member id not recognized"). The broker may have lost messages: tell the runner."""

    def __init__(self, runner: ConsumerRunner) -> None:
        self._runner = runner
        self._assigned_before = False

    async def on_partitions_revoked(self, revoked: object) -> None:
        pass

    async def on_partitions_assigned(self, assigned: object) -> None:
        if self._assigned_before:
            self._runner._broker_reset("reassigned")
        self._assigned_before = True


async def _quietly_stop(consumer: AIOKafkaConsumer) -> None:
    try:
        await asyncio.wait_for(consumer.stop(), 10)
    except Exception as exc:  # noqa: BLE001 - stopping a consumer of a vanished broker may fail any way
        log.debug("consumer_stop_failed", error=repr(exc))

