"""Settings of outbound webhooks (platform_messaging.webhooks): where each endpoint is, how it is signed, and how
long a delivery is retried before it is given up on as `send_failed`."""

import base64
import binascii
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator

#: Standard Webhooks signing (webhook-id / webhook-timestamp / webhook-signature, `whsec_` secrets), or the
#: earlier scheme of the hotline feedback (X-Delivery-Id, X-Signature: sha256=<hex HMAC of the body>).
SignatureScheme = Literal["standard-webhooks", "hmac-sha256"]


class WebhookEndpoint(BaseModel):
    """One receiver of signed deliveries (e.g. the 12345 platform's feedback endpoint)."""

    url: str | None = Field(None, description="where deliveries are POSTed; unset: they wait, visible as pending")
    secret: SecretStr | None = Field(None, description="signing key: `whsec_<base64 of 24–64 bytes>` for "
                                     "standard-webhooks, any string (its UTF-8 bytes) for hmac-sha256")
    signature: SignatureScheme = Field("standard-webhooks", description="standard-webhooks | hmac-sha256 (kept "
                                       "for receivers built against X-Signature)")
    timeout_s: float = Field(5.0, gt=0, le=120, description="one POST, connect to last byte of the answer")

    @model_validator(mode="after")
    def _usable_secret(self) -> "WebhookEndpoint":
        raw = self.secret.get_secret_value() if self.secret is not None else ""
        if self.url and not raw:
            raise ValueError("a webhook endpoint with a url needs a secret to sign its deliveries")
        if raw and self.signature == "standard-webhooks":
            standard_key(raw)
        return self


def standard_key(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret: the bytes base64-encoded after `whsec_` (24–64 of them)."""
    if not secret.startswith("whsec_"):
        raise ValueError("a standard-webhooks secret starts with whsec_ (then base64 of 24–64 random bytes)")
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except binascii.Error as exc:
        raise ValueError("the part of a standard-webhooks secret after whsec_ is not base64") from exc
    if not 24 <= len(key) <= 64:
        raise ValueError(f"a standard-webhooks secret holds 24–64 bytes; this one holds {len(key)}")
    return key


class WebhookSettings(BaseModel):
    """How the webhook sender works through the HTTP outbox of one service."""

    poll_interval_s: float = Field(1.0, gt=0, description="pause after a round that found nothing due")
    batch_size: int = Field(50, ge=1, le=1000, description="deliveries claimed (and POSTed concurrently) per round")
    backoff_s: float = Field(5.0, gt=0, description="first retry delay; doubles per failed attempt, with jitter")
    max_backoff_s: float = Field(3600.0, gt=0, description="longest delay between two attempts")
    max_retry_after_s: float = Field(3600.0, gt=0, description="a receiver's Retry-After is honoured up to this")
    max_attempts: int = Field(12, ge=1, le=100, description="attempts before a delivery is send_failed")
    max_age_s: float = Field(86400.0, gt=0, description="a delivery still failing this long after it was staged "
                             "(or replayed) is send_failed, whatever its attempts")
    lease_s: float = Field(60.0, gt=0, description="a claimed delivery is not claimed again for this long: a "
                           "sender that died mid-POST is retried after it (at least once, same webhook-id)")
    metrics_interval_s: float = Field(15.0, gt=0, description="how often the pending/send_failed gauges are counted")
