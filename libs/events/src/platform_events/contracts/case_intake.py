"""Events case_intake publishes (the service is not built yet; list_management already consumes this one)."""

from datetime import date
from typing import ClassVar

from pydantic import Field

from platform_events.contract import Classification, IntegrationEvent

CASE_TOPIC = "case_intake.case"


class CaseFiled(IntegrationEvent):
    """A case was filed (立案) on a catalog matter; list_management counts it as use of the matter."""

    event_type: ClassVar[str] = "case.filed.v1"
    topic: ClassVar[str] = CASE_TOPIC
    classification: ClassVar[Classification] = Classification.internal

    case_id: str = Field(description="案件标识")
    matter_code: str = Field(description="执法事项编码")
    department_code: str = Field(description="办案机关编码")
    filed_on: date = Field(description="立案日期")
