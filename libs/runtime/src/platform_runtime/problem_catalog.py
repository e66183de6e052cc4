"""The catalog a problem's `type` URI resolves to (`/problems/{slug}`), served by every service itself, so an
integrator on an intranet with no way out can look up what any refusal means and which status it always has."""

import inspect
from http import HTTPStatus

from fastapi import APIRouter
from pydantic import BaseModel, Field

from platform_errors import NotFound, problem_kinds
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
            raise NotFound(f"no problem type {slug!r}")
        return found

    return router
