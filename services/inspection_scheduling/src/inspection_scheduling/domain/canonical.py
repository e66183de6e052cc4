"""The exact bytes every hash of a draw is taken over, so that anyone can recompute each one (README: encodings).

tools/verify_draw.py repeats these few lines with the standard library alone; a test keeps the two in step.
"""

import hashlib
import json
import re

SCHEME = "inspection_scheduling.draw/2"  # /2: the roster in (stratum, credit code) order
#: 统一社会信用代码 (GB 32100): 18 characters of digits and capitals without I, O, Z, S, V (check digit not verified)
CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")
#: characters no key may hold: they separate the fields of the roster lines and tickets
SEPARATORS = ("\t", "\n", "\r", "\x00", "|")


def canonical_json(value: object) -> bytes:
    """Sorted keys, no spaces, UTF-8 without \\u escapes, no floats: for these documents (ASCII keys, strings,
    integers, booleans, null) the same bytes as RFC 8785 (JCS)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def roster_line(credit_code: str, stratum: str) -> bytes:
    """One roster row as hashed: credit code, TAB, stratum key, LF (UTF-8)."""
    return f"{credit_code}\t{stratum}\n".encode()


def secret_commitment(secret: str) -> str:
    """What a party publishes before the ceremony: SHA-256 of its secret's UTF-8 bytes, in lowercase hex."""
    return sha256_hex(secret.encode())


def seed_of(commitment: str, reveals: list[dict[str, str]], public_value: str | None) -> bytes:
    """SHA-256 of the canonical JSON {"commitment", "public_value", "reveals": [{"party", "secret"}] by party}."""
    ordered = sorted(reveals, key=lambda r: r["party"])
    return hashlib.sha256(canonical_json({"commitment": commitment, "public_value": public_value,
                                          "reveals": ordered})).digest()


def ticket(seed: bytes, stratum: str, credit_code: str) -> str:
    """SHA-256(seed (32 bytes) ‖ UTF-8 stratum key ‖ 0x00 ‖ ASCII credit code), lowercase hex: the smallest win."""
    return hashlib.sha256(seed + stratum.encode() + b"\x00" + credit_code.encode("ascii")).hexdigest()


def inspector_seed(seed: bytes) -> bytes:
    """The inspectors' seed: SHA-256(seed ‖ ASCII "inspectors")."""
    return hashlib.sha256(seed + b"inspectors").digest()


def inspector_ticket(seed: bytes, stratum: str, credit_code: str, inspector_id: str) -> str:
    """SHA-256(inspectors' seed ‖ UTF-8 stratum ‖ 0x00 ‖ credit code ‖ 0x00 ‖ UTF-8 inspector id), lowercase hex."""
    return hashlib.sha256(seed + stratum.encode() + b"\x00" + credit_code.encode("ascii") + b"\x00"
                          + inspector_id.encode()).hexdigest()
