"""How a delivery is signed: Standard Webhooks, or the earlier X-Signature scheme some receivers still verify.

Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, the
key being the bytes of the `whsec_` secret. The earlier scheme: `X-Signature: sha256=<hex HMAC-SHA256 of the body>`
keyed by the secret's UTF-8 bytes, `X-Delivery-Id` naming the delivery. `webhook-id` and `webhook-timestamp` go
with either, so every receiver can deduplicate on the id.
"""

import base64
import hashlib
import hmac

from platform_settings import WebhookEndpoint
from platform_settings.webhooks import standard_key

USER_AGENT = "enforcement-platform-webhooks/1"


def standard_signature(key: bytes, webhook_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def hmac_signature(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def signed_headers(endpoint: WebhookEndpoint, webhook_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The headers of one attempt: a fresh timestamp (and signature) each time, the same webhook-id."""
    secret = endpoint.secret.get_secret_value() if endpoint.secret is not None else ""
    headers = {"content-type": "application/json", "user-agent": USER_AGENT,
               "webhook-id": webhook_id, "webhook-timestamp": str(timestamp)}
    if endpoint.signature == "standard-webhooks":
        headers["webhook-signature"] = standard_signature(standard_key(secret), webhook_id, timestamp, body)
    else:
        headers |= {"X-Delivery-Id": webhook_id, "X-Signature": hmac_signature(secret.encode(), body)}
    return headers
