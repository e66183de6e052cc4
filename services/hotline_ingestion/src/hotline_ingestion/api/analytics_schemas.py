"""What the 行政提示 analytics routes answer (policy 000 item 7): hotspots of demand and how lead units answer it."""

from typing import Literal

from pydantic import ConfigDict, Field

from hotline_ingestion.domain.vocabulary import RequestType
from platform_events import Instant
from platform_runtime.api_schemas import Read


class Window(Read):
    """The window counted and the one of the same length just before it, which every change compares with."""

    received_from: Instant = Field(description="来电时间起（含）")
    received_to: Instant = Field(description="来电时间止（不含）")
    previous_from: Instant = Field(description="上一窗口起")
    previous_to: Instant = Field(description="上一窗口止（= 本窗口起）")


class Filters(Read):
    region_code: str | None = Field(description="行政区划代码前缀（2、4、6、9 或 12 位）")
    request_type: RequestType | None = Field(description="诉求类型")


class Bucket(Read):
    """One matter, region or local day/week/month; repeats and refusals are not counted as demand."""

    key: str = Field(description="事项编码（未分类为 unclassified）、行政区划代码，或本地日期")
    label: str = Field(description="事项名称、区划代码或日期")
    count: int = Field(description="本窗口工单数（不含重复诉求和不予受理）")
    complaints_reports: int = Field(description="其中投诉和举报")
    repeat_requests: int = Field(description="并入的重复诉求")
    previous_count: int = Field(description="上一窗口工单数")
    department_code: str | None = Field(None, description="事项所属部门（按事项统计时）")
    department_name: str | None = Field(None, description="部门名称（按事项统计时）")
    share: float | None = Field(description="占本窗口总数的比例")
    change: float | None = Field(description="较上一窗口的变化率；上一窗口为 0 时为 null")


_HOTSPOTS_EXAMPLE = {
    "dimension": "matter", "granularity": None,
    "window": {"received_from": "2026-11-03T00:00:00+08:00", "received_to": "2026-12-03T00:00:00+08:00",
               "previous_from": "2026-10-04T00:00:00+08:00", "previous_to": "2026-11-03T00:00:00+08:00"},
    "filters": {"region_code": "210681", "request_type": None}, "total": 1264, "previous_total": 1180,
    "change": 0.0712, "repeat_requests": 87, "not_accepted": 23,
    "buckets": [{"key": "DG-ZHZF-CF-017", "label": "对餐饮服务业油烟排放不符合规定的处罚", "count": 142,
                 "complaints_reports": 131, "repeat_requests": 19, "previous_count": 96, "department_code": "DG-ZHZF",
                 "department_name": "东港市综合行政执法局", "share": 0.1123, "change": 0.4792}],
    "generated_at": "2026-12-03T10:00:02+08:00",
}


class Hotspots(Read):
    """The busiest buckets first, each against the previous window (热点)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_HOTSPOTS_EXAMPLE]})

    dimension: Literal["matter", "region", "time"] = Field(description="事项 / 区划 / 时段")
    granularity: Literal["day", "week", "month"] | None = Field(description="时段的粒度（按时段统计时）")
    window: Window
    filters: Filters
    total: int = Field(description="本窗口工单数（不含重复诉求和不予受理）")
    previous_total: int = Field(description="上一窗口工单数")
    change: float | None = Field(description="较上一窗口的变化率")
    repeat_requests: int = Field(description="本窗口并入的重复诉求")
    not_accepted: int = Field(description="本窗口不予受理 (H-8)")
    buckets: list[Bucket]
    generated_at: Instant


class DepartmentFigures(Read):
    """One lead unit (主办): its orders in the window; 退单 count for the unit that returned them."""

    department_code: str = Field(description="主办单位（退单行：退单的单位）")
    department_name: str | None = Field(description="单位名称（目录副本中没有时为 null）")
    volume: int = Field(description="主办工单数")
    closed: int = Field(description="已办结")
    overdue: int = Field(description="超期 (H-7)")
    returns: int = Field(description="退单 (H-9)")
    rehandles: int = Field(description="重办 (H-10)")
    supervised: int = Field(description="被督办的工单 (H-10)")
    satisfied: int = Field(description="满意")
    basically_satisfied: int = Field(description="基本满意")
    dissatisfied: int = Field(description="不满意")
    evaluated: int = Field(description="已评价")
    overdue_rate: float | None = Field(description="超期率")
    satisfaction_rate: float | None = Field(description="满意率（满意与基本满意 / 已评价）")


_DEPARTMENTS_EXAMPLE = {
    "window": _HOTSPOTS_EXAMPLE["window"], "filters": {"region_code": "210681", "request_type": "投诉"},
    "departments": [{"department_code": "DG-ZHZF", "department_name": "东港市综合行政执法局", "volume": 318,
                     "closed": 290, "overdue": 12, "returns": 4, "rehandles": 3, "supervised": 15, "satisfied": 201,
                     "basically_satisfied": 52, "dissatisfied": 17, "evaluated": 270, "overdue_rate": 0.0377,
                     "satisfaction_rate": 0.937}],
    "generated_at": "2026-12-03T10:00:02+08:00",
}


class DepartmentAnswers(Read):
    """Per lead unit: volume, closed, overdue, satisfaction, returns, 重办 and 督办, busiest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [_DEPARTMENTS_EXAMPLE]})

    window: Window
    filters: Filters
    departments: list[DepartmentFigures]
    generated_at: Instant
