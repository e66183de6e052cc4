"""Prometheus instruments for the messaging mechanisms (scraped from each process's /metrics)."""

from prometheus_client import Counter, Gauge, Histogram

OUTBOX_PUBLISHED = Counter("outbox_published_total", "Outbox messages published", ["service"])
OUTBOX_PUBLISH_FAILURES = Counter("outbox_publish_failures_total", "Failed outbox publish rounds", ["service"])
OUTBOX_BACKLOG = Gauge("outbox_backlog", "Unsent outbox messages", ["service"])
OUTBOX_OLDEST_AGE = Gauge("outbox_oldest_unsent_age_seconds", "Age of the oldest unsent outbox message", ["service"])
PUBLISH_LAG = Histogram(
    "outbox_publish_lag_seconds",
    "Commit-to-acknowledged delay of outbox messages",
    ["service"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
CONSUMED = Counter("consumer_messages_total", "Messages handled", ["group", "outcome"])
CONSUMER_LAG = Gauge("consumer_lag", "High-water mark minus position", ["group", "topic", "partition"])
DEAD_LETTERS = Counter("dead_letters_total", "Messages sent to a dead-letter topic", ["group"])
WEBHOOK_DELIVERIES = Counter("webhook_deliveries_total", "Webhook delivery attempts by outcome (sent, retried, "
                             "send_failed)", ["service", "endpoint", "outcome"])
WEBHOOK_PENDING = Gauge("webhook_pending", "Webhook deliveries waiting to be sent", ["service", "endpoint"])
WEBHOOK_OLDEST_PENDING_AGE = Gauge("webhook_oldest_pending_age_seconds", "Age of the oldest pending webhook delivery",
                                   ["service", "endpoint"])
WEBHOOK_SEND_FAILED = Gauge("webhook_send_failed", "Webhook deliveries given up on: each holds back its aggregate "
                            "until replayed or skipped", ["service", "endpoint"])
TOPIC_SHAPE_MISMATCH = Gauge("topic_partitions_mismatch", "1 while a topic on the broker has another partition count "
                             "than deploy/topics.yaml declares (the relay sends nothing to it)", ["service", "topic"])
OUTBOX_REPUBLISHED = Counter("outbox_republished_total", "Sent outbox rows marked for sending again", ["service"])
RECONCILIATION_MISSING = Gauge("reconciliation_missing_events", "Events the producer sent that this consumer group "
                               "has not handled, at the last reconciliation", ["group", "source"])
RECONCILIATION_RUNS = Counter("reconciliation_runs_total", "Reconciliation rounds by outcome (ok, gap, failed)",
                              ["group", "source", "outcome"])
