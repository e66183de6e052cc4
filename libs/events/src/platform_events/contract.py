"""Base class of every integration event: a versioned, additive-only pydantic model."""

from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Classification(StrEnum):
    """ce_dataclassification: confidential data (personal phone numbers …) never rides a public event."""

    public = "public"
    internal = "internal"
    confidential = "confidential"


class IntegrationEvent(BaseModel):
    """Subclasses set `event_type` (dotted, past tense, versioned), `topic` and `classification`."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    topic: ClassVar[str]
    classification: ClassVar[Classification] = Classification.internal
    summary: ClassVar[str] = ""
