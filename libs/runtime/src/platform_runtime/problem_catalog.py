"""What a refusal points to, served by every service itself so an integrator on an intranet with no way out can
look it up: the catalog its `type` URI resolves to (`/problems/{slug}`: what the kind means, its one status) and the
rule reference its `rule` id resolves to (`/rules/{id}`: what the rule requires, its source, its local setting)."""

import inspect
from http import HTTPStatus

from fastapi import APIRouter
from pydantic import BaseModel, Field

from platform_errors import NotFound, problem_kinds
from platform_errors.rules import rules
from platform_http import EDGE_PROBLEMS, TYPE_BASE, localized


class ProblemType(BaseModel):
    type: str = Field(description="The `type` member of every problem of this kind", examples=["/problems/not-found"])
    slug: str = Field(description="Stable code of the kind")
    status: int = Field(description="The HTTP status this kind always has")
    title: str = Field(description="Title in the caller's language (Chinese unless `Accept-Language: en`)")
    description: str = ""


class ProblemTypes(BaseModel):
    """The whole catalog in one page (the platform's one list shape; `next_cursor` is null)."""

    items: list[ProblemType]
    next_cursor: None = None


class RuleRead(BaseModel):
    id: str = Field(examples=["P-20"])
    requires: str = Field(description="What the rule requires, in the project's words")
    source: str = Field(description="Its legal source")
    setting: str = Field(description="The setting holding its local value, with the default (— when the law fixes it)")
    section: str = Field(description="The subject it is listed under in docs/rules.md")


class Rules(BaseModel):
    """The whole rule reference in one page (`next_cursor` is null)."""

    items: list[RuleRead]
    next_cursor: None = None


def catalog() -> dict[str, ProblemType]:
    """Every kind of problem this process can answer: the edge's own, then each DomainError kind defined."""
    found = {slug: ProblemType(type=TYPE_BASE + slug, slug=slug, status=status, title=localized((zh, en)))
             for slug, (status, zh, en) in EDGE_PROBLEMS.items()}
    for kind in problem_kinds():
        found.setdefault(kind.slug, ProblemType(
            type=TYPE_BASE + kind.slug, slug=kind.slug, status=kind.status,
            title=localized((kind.title, kind.title_en)), description=inspect.cleandoc(kind.__doc__ or "")))
    return found


def _http_status(slug: str) -> ProblemType | None:
    """`http-404`, `http-405` …: a plain HTTP error (unknown path, method not allowed), titled by its status."""
    code = slug.removeprefix("http-")
    if not (slug.startswith("http-") and code.isdigit() and code in {str(s.value) for s in HTTPStatus}):
        return None
    return ProblemType(type=TYPE_BASE + slug, slug=slug, status=int(code), title=HTTPStatus(int(code)).phrase)


def problem_catalog_router() -> APIRouter:
    router = APIRouter(tags=["problems"])

    @router.get("/problems", summary="Every kind of problem+json answer, with its one status")
    async def list_problem_types() -> ProblemTypes:
        return ProblemTypes(items=sorted(catalog().values(), key=lambda p: (p.status, p.slug)))

    @router.get("/problems/{slug}", summary="What one kind of problem means (the target of its `type` URI)")
    async def get_problem_type(slug: str) -> ProblemType:
        found = catalog().get(slug) or _http_status(slug)
        if found is None:
            raise NotFound((f"没有问题类型 {slug!r}", f"no problem type {slug!r}"))
        return found

    @router.get("/rules", summary="The rule reference: every rule id a refusal or a check may name")
    async def list_rules() -> Rules:
        return Rules(items=[RuleRead(**vars(rule)) for rule in rules().values()])

    @router.get("/rules/{rule_id}", summary="One rule: what it requires, its source and its local setting (the target "
                                            "of a problem's `rule`)")
    async def get_rule(rule_id: str) -> RuleRead:
        found = rules().get(rule_id)
        if found is None:
            raise NotFound((f"规则参考中没有规则 {rule_id!r}", f"no rule {rule_id!r} in the reference"))
        return RuleRead(**vars(found))

    return router
