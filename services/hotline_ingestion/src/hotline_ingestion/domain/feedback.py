"""Feedback to the hotline platform: what a delivery says, how it is signed, when it is retried."""

import hashlib
import hmac
import json
from datetime import datetime, timedelta


def signature(secret: bytes, body: bytes) -> str:
    """X-Signature: sha256=<hex HMAC of the exact body>, so the hotline can verify origin and integrity."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def next_attempt(now: datetime, attempts: int, backoff_s: float) -> datetime:
    """Exponential backoff: backoff, 2×, 4× … after the 1st, 2nd, 3rd failed attempt."""
    return now + timedelta(seconds=backoff_s * 2 ** max(attempts - 1, 0))


def after_failure(attempts: int, max_attempts: int) -> str:
    """A delivery that used up its attempts becomes visible as send_failed and waits for a re-send (issue 3 §7)."""
    return "send_failed" if attempts >= max_attempts else "pending"
