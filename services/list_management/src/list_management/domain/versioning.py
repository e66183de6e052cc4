"""One lifecycle for every list: draft → published (effective from/to) → superseded; published is immutable."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from list_management.domain.errors import Conflict
from platform_events import CodedEnum


class Status(CodedEnum):
    draft = "draft", "草稿"
    published = "published", "已发布"
    superseded = "superseded", "已被新版本替代"


class FilingStatus(CodedEnum):
    """报备: filing a published list with the higher level (policy 001, DOMAIN.md §3)."""

    not_filed = "not_filed", "未报备"
    filed = "filed", "已报备"
    accepted = "accepted", "备案通过"
    returned = "returned", "备案退回"


_FILING_MOVES = {
    FilingStatus.not_filed: {FilingStatus.filed},
    FilingStatus.filed: {FilingStatus.accepted, FilingStatus.returned},
    FilingStatus.returned: {FilingStatus.filed},
    FilingStatus.accepted: set(),
}


@dataclass(frozen=True)
class ListVersion:
    id: str
    kind: str
    series_key: str
    version: int
    department_code: str
    title: str
    body: dict
    status: Status = Status.draft
    effective_from: date | None = None
    effective_to: date | None = None
    published_at: datetime | None = None
    filing_status: FilingStatus = FilingStatus.not_filed
    filing_note: str = ""
    changes: list[str] = field(default_factory=list, compare=False)

    def edit(self, *, title: str, body: dict) -> "ListVersion":
        if self.status != Status.draft:
            raise Conflict((f"{self.series_key} 的第 {self.version} 版状态为 {self.status}，已发布的版本不可修改",
                            f"version {self.version} of {self.series_key} is {self.status}; "
                            "published versions are immutable"))
        return replace(self, title=title, body=body)

    def publish(self, *, effective_from: date, effective_to: date | None, now: datetime,
                predecessor: "ListVersion | None") -> "ListVersion":
        if self.status != Status.draft:
            raise Conflict((f"只有草稿可以发布，此版本状态为 {self.status}",
                            f"only a draft can be published; this version is {self.status}"))
        if effective_to is not None and effective_to < effective_from:
            raise Conflict(("失效日期（effective_to）早于生效日期（effective_from）",
                            "effective_to is before effective_from"))
        if predecessor is not None and predecessor.effective_from is not None and effective_from <= predecessor.effective_from:
            raise Conflict((
                f"新版本的生效日期须晚于第 {predecessor.version} 版的生效日期（{predecessor.effective_from}）",
                f"a new version must take effect after version {predecessor.version} "
                f"(effective from {predecessor.effective_from})",
            ))
        return replace(self, status=Status.published, effective_from=effective_from,
                       effective_to=effective_to, published_at=now)

    def superseded_by(self, successor_from: date) -> "ListVersion":
        """The predecessor stays in force until the day before its successor takes effect."""
        ends = successor_from - timedelta(days=1)
        if self.effective_to is not None and self.effective_to < ends:
            ends = self.effective_to
        return replace(self, status=Status.superseded, effective_to=ends)

    def file(self, to: FilingStatus, note: str) -> "ListVersion":
        if self.status == Status.draft:
            raise Conflict(("草稿不能报备，请先发布", "a draft is not filed (报备); publish it first"))
        if to not in _FILING_MOVES[self.filing_status]:
            moves = sorted(_FILING_MOVES[self.filing_status])
            allowed, allowed_zh = ", ".join(moves) or "none", "、".join(moves) or "无"
            raise Conflict((f"报备状态 {self.filing_status} 不能变更为 {to}，可变更为：{allowed_zh}",
                            f"filing status {self.filing_status} cannot become {to}; allowed: {allowed}"))
        return replace(self, filing_status=to, filing_note=note)

    def in_force_on(self, day: date) -> bool:
        if self.status == Status.draft or self.effective_from is None:
            return False
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def series_key(department_code: str, body: dict) -> str:
    """A list series stays the same across versions: department + kind (+ list type or matter)."""
    kind = body["kind"]
    if kind == "leniency_list":
        return f"{department_code}/{kind}/{body['list_type']}"
    if kind == "benchmark":
        return f"{department_code}/{kind}/{body['matter_code']}"
    return f"{department_code}/{kind}"
