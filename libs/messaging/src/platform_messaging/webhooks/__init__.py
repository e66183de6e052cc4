"""The HTTP outbox: signed webhook deliveries staged with the change they report, sent in order per aggregate,
retried with backoff, visible when given up on, listed and replayed (README: "Webhooks")."""

from platform_messaging.webhooks.sender import WebhookSender
from platform_messaging.webhooks.signing import hmac_signature, signed_headers, standard_signature
from platform_messaging.webhooks.store import (
    STATUSES,
    DeliveryNotFailed,
    DeliveryNotFound,
    Webhook,
    add_webhook_table,
    list_deliveries,
    replay,
    skip,
    stage,
)

__all__ = [
    "STATUSES",
    "DeliveryNotFailed",
    "DeliveryNotFound",
    "Webhook",
    "WebhookSender",
    "add_webhook_table",
    "hmac_signature",
    "list_deliveries",
    "replay",
    "signed_headers",
    "skip",
    "stage",
    "standard_signature",
]
