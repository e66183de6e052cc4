"""What the draw routes take and answer: a draw's commitment with its parties, reveals, the draw as read (by its
departments and by the public), the verification report and the per-entity "why"."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from inspection_scheduling.application.draws import CommitDraw, Party
from platform_events.wire import SupportedDate

HEX64 = r"^[0-9a-f]{64}$"


class PartyCommitment(BaseModel):
    party: str = Field(min_length=1, max_length=100, description="抽取参与方 (e.g. 发起部门, 司法局)")
    commitment: str = Field(pattern=HEX64, description="SHA-256 of the party's secret, lowercase hex (承诺值)")
    department_code: str = Field(min_length=1, max_length=40, description="the party's department: only its "
                                                                          "callers reveal its secret")
    person: str | None = Field(None, max_length=100, description="the person who may also reveal it")


class DrawCreate(BaseModel):
    task_id: str = Field(min_length=1, max_length=36, description="计划任务 of a published plan (E-13)")
    parties: list[PartyCommitment] = Field(max_length=10, description="at least two parties (R-4)")
    drawn_on: SupportedDate | None = Field(None, description="抽取日期 (default today in Asia/Shanghai), within the task window")
    redraw_of: str | None = Field(None, max_length=36, description="重新抽取: the task's latest draw")
    redraw_reason: str | None = Field(None, max_length=2000, description="重新抽取的理由")

    def command(self) -> CommitDraw:
        return CommitDraw(self.task_id, tuple(Party(**p.model_dump()) for p in self.parties), self.drawn_on,
                          self.redraw_of, self.redraw_reason)


class RevealCreate(BaseModel):
    party: str = Field(min_length=1, max_length=100)
    secret: str = Field(min_length=1, max_length=512, description="the secret committed to (≥ 32 characters)")


class PublicValueCreate(BaseModel):
    value: str = Field(min_length=1, max_length=500, description="公开值 entered at the ceremony (e.g. an index close)")


class PublicPartyRead(BaseModel):
    party: str
    commitment: str
    department_code: str
    revealed_at: datetime | None
    secret: str | None = Field(description="shown once the draw is complete")


class PartyRead(PublicPartyRead):
    person: str | None
    revealed_by: str | None


class DrawSummary(BaseModel):
    id: str
    plan_id: str
    task_id: str
    region_code: str
    department_code: str = Field(description="发起部门, which draws")
    status: str = Field(description="committed | completed | abandoned")
    redraw_of: str | None
    redraw_reason: str | None
    drawn_on: date
    commitment: str = Field(description="承诺值: SHA-256 of the frozen inputs (R-4)")
    public_value: str | None
    proof_sha256: str | None
    selected: int | None
    committed_at: datetime
    completed_at: datetime | None
    roster_rows: int
    roster_sha256: str


class DrawPage(BaseModel):
    items: list[DrawSummary]
    next_cursor: str | None


class DrawRead(DrawSummary):
    parties: list[PartyRead]
    strata: list[dict[str, Any]] = Field(description="matter × 区划 × credit class, each with its count (R-6)")
    exclusions: list[dict[str, Any]] = Field(description="left out, each with its reason and rule")
    inspectors_per_object: int
    visits: int = Field(description="visits holding a task of this draw")
    unscheduled: list[dict[str, Any]] = Field(description="selected, not scheduled: a cap filled since the freeze")
    created_by: str


class PublicDrawRead(DrawSummary):
    parties: list[PublicPartyRead]
    strata: list[dict[str, Any]]
    exclusions: list[dict[str, Any]]
    inspectors_per_object: int
    visits: int
    unscheduled: list[dict[str, Any]]
    frozen: dict[str, Any] | None = Field(description="the frozen document the commitment is over, until the proof "
                                                      "(…/proof) replaces it")


class DifferenceRead(BaseModel):
    input: str = Field(description="roster | stratum | reveal | commitment | exclusions | inspectors | seed | "
                                   "selection | assignment | inspector_skips | proof | derivation")
    key: str | None
    detail: str


class VerificationRead(BaseModel):
    ok: bool
    byte_identical: bool = Field(description="the proof re-derived has exactly the published bytes")
    proof_sha256: str | None
    differences: list[DifferenceRead]


class ExplanationRead(BaseModel):
    credit_code: str
    outcome: str = Field(description="drawn | not_drawn | excluded | not_on_roster")
    rule: str | None
    detail: str
    stratum: str | None = None
    rank: int | None = None
    of: int | None = None
    count: int | None = None
    ticket: str | None = None
    inspectors: list[str] = Field(default_factory=list)


class WhyRead(BaseModel):
    draw_id: str
    credit_code: str
    answers: list[ExplanationRead]


class DrawProof(BaseModel):
    """The proof (README: encodings): served as its canonical bytes, exactly as stored; the fields in brief."""

    model_config = {"extra": "allow"}
    scheme: str
    commitment: str
    seed: str
    selected: list[dict[str, Any]]
    assignments: list[dict[str, Any]]


class RosterLine(BaseModel):
    """One line of the roster CSV `credit_code,stratum` (the answer is text/csv)."""

    credit_code: str
    stratum: str


#: the proof and roster answers: exact bytes / CSV, documented by their models
PROOF_ANSWER = {200: {"model": DrawProof, "description": "the proof's canonical bytes, exactly as stored"}}
ROSTER_ANSWER = {200: {"model": RosterLine, "description": "CSV `credit_code,stratum`, one line per roster row",
                       "content": {"text/csv": {"schema": {"type": "string"}}}}}


class HeldProof(BaseModel):
    """A proof and roster a citizen holds, to be checked here as the offline verifier would."""

    proof: str | dict[str, Any] = Field(description="the proof file's text (byte identity is judged on it) or object")
    roster: str | list[dict[str, str]] = Field(description="CSV `credit_code,stratum` or [{credit_code, stratum}]")
    commitment: str | None = Field(None, pattern=HEX64, description="the commitment published before the ceremony")


class PublicTaskRead(BaseModel):
    id: str
    seq: int
    title: str
    inspection_type: str
    departments: list[str]
    matter_codes: list[str]
    region_codes: list[str]
    industries: list[str]
    entity_kinds: list[str]
    ratio_by_class: dict[str, float]
    window_from: date
    window_to: date


class PublicPlanSummary(BaseModel):
    id: str
    kind: str
    title: str
    year: int
    initiating_department: str
    cooperating_departments: list[str]
    region_code: str
    published_at: datetime | None


class PublicPlanPage(BaseModel):
    items: list[PublicPlanSummary]
    next_cursor: str | None


class PublicPlanRead(PublicPlanSummary):
    tasks: list[PublicTaskRead]
    draws: list[dict[str, Any]] = Field(description="the plan's draws: id, task_id, status, commitment")
