"""A deadline clock as every service's API shows it (platform_db.clocks.shown), one model for every OpenAPI document."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from platform_db.clocks import ClockState
from platform_events import Instant


class ClockExtension(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: int = Field(description="延长天数（按该期限的计算单位）")
    approved_by: str = Field(description="批准人")
    approved_on: date = Field(description="批准日期")
    rule: str = Field(description="规则编号, e.g. L-6")
    reason: str | None = Field(None, description="延长理由")


class ClockHistoryEntry(BaseModel):
    """What moved or ended the clock, and when; a schedule change carries the new due date."""

    model_config = ConfigDict(extra="forbid")

    at: Instant
    note: str = Field(description="started / paused / resumed / extended … / recomputed … / finished / stopped")
    due_on: date | None = None
    due_at: Instant | None = None
    provisional: bool | None = None
    calendar_version: str | None = None


class ClockRead(BaseModel):
    """A deadline clock (期限): its state, due date and time, provisional flag, rules, extensions and history."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "kind": "review", "state": "approaching", "due_on": "2026-12-07", "due_at": "2026-12-08T00:00:00+08:00",
        "provisional": False, "calendar_version": "chinese-calendar 1.11.0", "rule_ids": ["L-6"], "paused_since": None,
        "extensions": [], "history": [{"at": "2026-11-30T09:12:40+08:00", "note": "started", "due_on": "2026-12-07",
                                       "due_at": "2026-12-08T00:00:00+08:00", "provisional": False,
                                       "calendar_version": "chinese-calendar 1.11.0"}]}]})

    kind: str = Field(description="期限种类（各服务自定，如 review 审核期限）")
    state: ClockState = Field(description="running / approaching（临期）/ breached（超期）/ paused / stopped / met")
    due_on: date | None = Field(description="期限届满日（按日计算的期限）")
    due_at: Instant = Field(description="in time up to this instant (24:00 of the last day)")
    provisional: bool = Field(description="暂定：计算用到尚未公布节假日安排的年份，公布后重算")
    calendar_version: str | None = Field(description="计算所用的节假日安排版本")
    rule_ids: list[str] = Field(description="规则编号")
    paused_since: Instant | None = Field(description="中止计时起")
    extensions: list[ClockExtension] = Field(description="经批准的延长")
    history: list[ClockHistoryEntry] = Field(description="期限的变化记录")
