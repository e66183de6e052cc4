"""The full-process record (全过程记录, P-13) as a hash chain: every act of a case, each linked to the one before.

Each link's hash covers the previous hash and the act's canonical content, so rewriting, removing or reordering any
stored act — by the API (which cannot) or directly in the database — breaks the chain at that act, and the
verifier names it. The chain's head is also kept on the case and carried by every event about it, so a chain
rewritten from the first link onward still disagrees with the anchors held outside this database.

Who acted is part of what a link's hash covers: the verified subject of the access token (`actor`: the officer, or
the client itself for a system), the OAuth client it came through (`client`) and, for a system acting for a person
(RFC 8693), that system (`acting_client`). Links written before tokens were verified carry no client; their canonical
form is the one they were hashed with (no `client` keys), so old chains still verify — and blanking the client of a
newer link changes its canonical form, which the verifier reports like any other alteration.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import orjson

GENESIS = "0" * 64


def plain(value: Any) -> Any:  # noqa: ANN401 - any JSON-able value, made plain for hashing
    """JSON-safe primitives exactly as the database gives them back: no floats, dates and money as text."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        return stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def stamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Actor:
    """Who did an act, as verified: the token's subject, its client, and the system acting for the person."""

    subject: str
    client: str | None = None  # None only on links written before access tokens were verified
    acting_client: str | None = None


def canonical(seq: int, act: str, actor: Actor | str, at: datetime, content: Mapping) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the same bytes for the same act, whoever computes them."""
    who = actor if isinstance(actor, Actor) else Actor(actor)
    body = {"seq": seq, "act": act, "actor": who.subject, "at": stamp(at), "content": plain(content)}
    if who.client is not None:  # a link with a verified client; older links keep the form they were hashed in
        body |= {"client": who.client, "acting_client": who.acting_client}
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS)


def link_hash(previous: str, seq: int, act: str, actor: Actor | str, at: datetime, content: Mapping) -> str:
    return hashlib.sha256(previous.encode() + canonical(seq, act, actor, at, content)).hexdigest()


@dataclass(frozen=True)
class StoredLink:
    id: int
    seq: int
    act: str
    actor: str
    at: datetime
    content: Mapping
    prev_hash: str
    hash: str
    client: str | None = None
    acting_client: str | None = None

    @property
    def who(self) -> Actor:
        return Actor(self.actor, self.client, self.acting_client)


@dataclass(frozen=True)
class Break:
    seq: int
    record_id: int | None
    reason: str


@dataclass(frozen=True)
class Verification:
    intact: bool
    links: int
    head: str
    first_break: Break | None


def verify(links: Sequence[StoredLink], *, head_seq: int, head_hash: str) -> Verification:
    """Recompute the chain in order; report the first link whose content, order or predecessor does not agree."""
    previous, expected_seq = GENESIS, 1
    for link in sorted(links, key=lambda record: record.seq):
        broken = None
        if link.seq != expected_seq:
            broken = Break(expected_seq, None, f"link {expected_seq} is missing (link {link.seq} follows {previous[:12]}…)")
        elif link.prev_hash != previous:
            broken = Break(link.seq, link.id, "its previous-hash does not match the link before it")
        elif link_hash(previous, link.seq, link.act, link.who, link.at, link.content) != link.hash:
            broken = Break(link.seq, link.id, "its content no longer matches its hash (altered after it was recorded)")
        if broken:
            return Verification(False, len(links), previous, broken)
        previous, expected_seq = link.hash, link.seq + 1
    if (expected_seq - 1, previous) != (head_seq, head_hash):
        reason = f"the case's head is link {head_seq}, but the chain ends at link {expected_seq - 1}"
        return Verification(False, len(links), previous, Break(expected_seq, None, reason))
    return Verification(True, len(links), previous, None)
