"""The shapes every service's answers share: a read model that refuses fields it does not declare (so a column a
query starts returning without its model fails the tests instead of silently vanishing), and the one list page."""

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Read(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(Read, Generic[T]):
    """One page of a list (README, Conventions: `limit`, `cursor` → `next_cursor`)."""

    items: list[T]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")
