"""The platform's one vocabulary of refusals: each kind has one HTTP status everywhere, a Chinese and an English
title, and carries the rule id when a legal rule refused. Nothing here knows HTTP beyond that number, so pure
domain modules raise these without importing a web framework."""

from dataclasses import dataclass

__all__ = ["Conflict", "DomainError", "FieldProblem", "Text", "InvalidInput", "InvalidTransition", "NotFound",
           "NotPermitted", "RuleViolation", "Unavailable", "problem_kinds"]


#: a human-readable text: one string, or the same in Chinese and English (`("记录不存在", "no such record")`)
Text = str | tuple[str, str]


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


class DomainError(Exception):
    """Base of refusals; a kind sets `status`, `slug` (its stable code) and its titles; a service subclasses a kind
    to name a narrower refusal and inherits the kind's status."""

    status = 422
    slug = "refused"
    title = "请求被拒绝"
    title_en = "Request refused"

    def __init__(self, detail: Text, *, rule: str | None = None, errors: list[FieldProblem] | None = None,
                 **extra: object) -> None:
        super().__init__(detail if isinstance(detail, str) else detail[0])
        self.detail = detail  # answered in the caller's language: Chinese, or English on Accept-Language: en
        self.rule = rule
        self.errors = errors or []
        self.extra = extra


class NotFound(DomainError):
    """No such record, or one the caller's data scope does not reach (never told apart, so nothing leaks)."""

    status = 404
    slug = "not-found"
    title = "记录不存在"
    title_en = "Not found"


class InvalidInput(DomainError):
    """A field is malformed or contradicts another; `errors` names each field and why."""

    status = 422
    slug = "invalid-input"
    title = "输入无效"
    title_en = "Invalid input"


class RuleViolation(DomainError):
    """A legal rule refused the action; `rule` carries its id in docs/rules.md and nothing was written."""

    status = 422
    slug = "rule-violation"
    title = "违反规则，操作被拒绝"
    title_en = "Refused by a legal rule"


class Conflict(DomainError):
    """The request contradicts the resource's current state (e.g. editing a published version)."""

    status = 409
    slug = "conflict"
    title = "与当前状态冲突"
    title_en = "Conflict with the current state"


class InvalidTransition(Conflict):
    """The step is not allowed in the record's current status or stage; `allowed` or `missing` says what is, and
    `rule` names the rule that orders the steps where one does."""

    slug = "invalid-transition"
    title = "当前状态下不允许此操作"
    title_en = "Step not allowed in the current state"


class NotPermitted(DomainError):
    """The verified caller may not do this (e.g. act as another unit, conclude a round assigned to someone else);
    the rule id says which rule decides who may act."""

    status = 403
    slug = "not-permitted"
    title = "无权进行此操作"
    title_en = "Not permitted for this caller"


class Unavailable(DomainError):
    """A service or system this step depends on did not answer; nothing was written, the call may be retried."""

    status = 503
    slug = "dependency-unavailable"
    title = "依赖的服务暂不可用"
    title_en = "Dependency unavailable"


def problem_kinds() -> list[type[DomainError]]:
    """Every kind of refusal defined so far (the platform's and the services' own), base first: the catalog a
    service serves at /problems and documents in OpenAPI."""
    seen: list[type[DomainError]] = [DomainError]
    for kind in seen:
        seen.extend(sub for sub in kind.__subclasses__() if sub not in seen)
    return seen
