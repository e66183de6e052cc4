"""The holiday calendar's admin routes (DOMAIN §1.2): a year's State Council notice loaded without a package upgrade.

Mounted by every service that counts deadlines. A notice is validated (a 422 names each field), written to the
notices directory every service reads (`<SERVICE>_CALENDAR__NOTICES_DIR`, the same volume for all), used at once by
this process; every service's deadline watcher rereads the directory each round and recomputes its provisional clocks.
"""

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Body, Path
from pydantic import BaseModel, Field

from platform_errors import Conflict, FieldProblem, InvalidInput
from platform_identity import Caller
from platform_logging import get_logger
from platform_runtime.dependencies import RuntimeDep, require

log = get_logger(__name__)


class NoticeCalendar(Protocol):
    """platform_calendar.WorkCalendar as far as these routes need it (this lib does not depend on it)."""

    @property
    def version(self) -> str: ...

    def load_notice(self, data: dict) -> Any: ...  # noqa: ANN401 - a HolidayNotice

    def notices(self) -> list[Any]: ...


class NoticeIn(BaseModel):
    """《国务院办公厅关于YYYY年部分节假日安排的通知》 as data."""

    source: str = Field(description="通知标题", examples=["国务院办公厅关于2027年部分节假日安排的通知"])
    document_number: str = Field(description="文号", examples=["国办发明电〔2026〕N号"])
    published_on: date | None = Field(None, description="发布日期")
    rest_days: list[str] = Field(description="放假日（含假期内的周末），ISO 日期", examples=[["2027-01-01"]])
    working_days: list[str] = Field(default_factory=list, description="调休上班日（周六或周日）")


class NoticeOut(BaseModel):
    year: int
    source: str
    document_number: str
    published_on: date | None
    rest_days: list[date]
    working_days: list[date]


class Notices(BaseModel):
    calendar_version: str = Field(description="recorded with every deadline computed on this data")
    items: list[NoticeOut]


def calendar_router(calendar_of: Callable[[Any], NoticeCalendar]) -> APIRouter:
    """`calendar_of(runtime)`: the service's WorkCalendar."""
    router = APIRouter(tags=["calendar"])

    @router.get("/calendar/notices", response_model=Notices, summary="The holiday notices in use (节假日安排)")
    async def list_notices(runtime: RuntimeDep, caller: Annotated[Caller, require("calendar:admin")]) -> Notices:
        calendar = calendar_of(runtime)
        return Notices(calendar_version=calendar.version, items=[_out(n) for n in calendar.notices()])

    @router.put("/calendar/notices/{year}", response_model=Notices,
                summary="Load a year's 节假日安排 notice; every service recomputes its provisional deadlines")
    async def load_notice(year: Annotated[int, Path(ge=2000, le=2100)], body: Annotated[NoticeIn, Body()],
                          runtime: RuntimeDep, caller: Annotated[Caller, require("calendar:admin")]) -> Notices:
        calendar = calendar_of(runtime)
        try:
            notice = calendar.load_notice({"year": year, **body.model_dump(mode="json")})
        except ValueError as exc:  # platform_calendar.InvalidNotice: each field and why
            problems = [FieldProblem(e["field"], e["message"]) for e in getattr(exc, "errors", [])]
            raise InvalidInput((f"{year} 年节假日安排通知未被接受：{exc}", f"the {year} notice is refused: {exc}"),
                               errors=problems) from exc
        except OSError as exc:  # a read-only mount (Helm's ConfigMap): the deployment is where notices are loaded
            log.warning("holiday_notice_not_writable", year=year, error=str(exc))
            raise Conflict((f"此处无法写入节假日安排目录（{type(exc).__name__}）：请通过部署配置（Helm 值 "
                            f"global.holidayNotices）加载 {year} 年的通知，各服务均从该处读取",
                            f"the notices directory cannot be written here ({type(exc).__name__}): load the {year} "
                            "notice through the deployment (Helm value global.holidayNotices), which every service "
                            "reads"), state="read-only") from exc
        log.info("holiday_notice_loaded", year=year, document_number=notice.document_number,
                 calendar_version=calendar.version, by=caller.actor)
        return Notices(calendar_version=calendar.version, items=[_out(n) for n in calendar.notices()])

    return router


def _out(notice: Any) -> NoticeOut:  # noqa: ANN401 - a HolidayNotice
    return NoticeOut(year=notice.year, source=notice.source, document_number=notice.document_number,
                     published_on=notice.published_on, rest_days=sorted(notice.rest_days),
                     working_days=sorted(notice.working_days))
