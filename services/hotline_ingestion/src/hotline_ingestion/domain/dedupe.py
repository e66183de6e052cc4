"""Repeat requests (重复件): the same matter reported again is linked to the first order, its parent.

Two orders are about the same matter when they are in the same 行政区划 within the configured window, name the
same reported party (统一社会信用代码, else name) or the same address, and their contents are similar enough. The
law sets no rule here; every number is configuration (`HOTLINE_INGESTION_DEDUPE__*`) with the defaults below.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, PositiveInt

from hotline_ingestion.domain.routing import words
from hotline_ingestion.domain.vocabulary import Status
from platform_events import CodedEnum

#: A parent still being handled; once replied or closed, a new request is a new order (the matter recurred).
OPEN_FOR_MERGE = frozenset({Status.accepted, Status.dispatched, Status.signed, Status.handling, Status.returned})
_NOT_ADDRESS = re.compile(r"[\W_]+")


class DedupePolicy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = True
    window_hours: PositiveInt = Field(168, description="how far apart two requests may be received (default 7 days)")
    min_similarity: float = Field(0.5, gt=0, le=1, description="share of the shorter request's words in the other")


class MatchedOn(CodedEnum):
    credit_code = "统一社会信用代码"
    party_name = "被反映对象"
    address = "事发地址"


@dataclass(frozen=True)
class Request:
    """What dedupe compares: one order, stored or arriving."""

    id: str
    order_no: str
    received_at: datetime
    region_code: str
    party_name: str | None
    credit_code: str | None
    address_key: str | None
    content: str

    @cached_property
    def words(self) -> frozenset[str]:
        """Segmented only when a party or address already matched: most orders never need it."""
        return content_words(words(self.content))


@dataclass(frozen=True)
class Match:
    parent: Request
    similarity: float
    matched_on: MatchedOn

    def explain(self) -> str:
        return (f"重复诉求：与工单 {self.parent.order_no} 的{self.matched_on.value}相同，"
                f"内容相似度 {self.similarity:.2f}")


def address_key(address: str | None) -> str | None:
    """An address as a comparable key: full-width folded, spaces and punctuation dropped ("新兴路 18 号" = "新兴路18号")."""
    if not address:
        return None
    key = _NOT_ADDRESS.sub("", unicodedata.normalize("NFKC", address).lower())
    return key[:500] or None


def content_words(words: Iterable[str]) -> frozenset[str]:
    """The words that carry meaning: two characters or more, or digits (house numbers); no punctuation."""
    return frozenset(w for w in words if (len(w) > 1 or w.isdigit()) and not _NOT_ADDRESS.fullmatch(w))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: how much of the shorter request the longer one repeats (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _matched_on(new: Request, old: Request) -> MatchedOn | None:
    if new.credit_code and new.credit_code == old.credit_code:
        return MatchedOn.credit_code
    if new.party_name and old.party_name and _fold(new.party_name) == _fold(old.party_name):
        return MatchedOn.party_name
    if new.address_key and new.address_key == old.address_key:
        return MatchedOn.address
    return None


def match_keys(request: Request) -> list[tuple[str, str]]:
    """The keys two requests must share to be compared at all: an index over them avoids comparing every pair."""
    keys = []
    if request.credit_code:
        keys.append(("credit_code", request.credit_code))
    if request.party_name:
        keys.append(("party_name", _fold(request.party_name)))
    if request.address_key:
        keys.append(("address", request.address_key))
    return keys


def find_parent(new: Request, candidates: Iterable[Request], policy: DedupePolicy) -> Match | None:
    """The most similar earlier open request about the same party or place, or None (then `new` is a parent)."""
    if not policy.enabled:
        return None
    window = timedelta(hours=policy.window_hours)
    best: Match | None = None
    for old in candidates:
        if old.id == new.id or old.region_code != new.region_code or abs(new.received_at - old.received_at) > window:
            continue
        on = _matched_on(new, old)
        if on is None:
            continue
        score = round(similarity(new.words, old.words), 3)
        if score < policy.min_similarity:
            continue
        if best is None or (score, -old.received_at.timestamp()) > (best.similarity,
                                                                   -best.parent.received_at.timestamp()):
            best = Match(old, score, on)
    return best


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKC", name).replace(" ", "").lower()
