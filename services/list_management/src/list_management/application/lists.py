"""Use cases for versioned lists: draft, edit, publish (superseding the predecessor), file (报备)."""

import uuid
from datetime import UTC, date, datetime

from pydantic import TypeAdapter

from list_management.adapters.event_mapping import filing_event, list_published_event
from list_management.adapters.repository import Repository
from list_management.application import access
from list_management.domain.discretion import check_benchmark
from list_management.domain.documents import BenchmarkBody, ListBody
from list_management.domain.errors import FieldProblem, InvalidInput
from list_management.domain.versioning import FilingStatus, ListVersion, series_key
from platform_db import UnitOfWork, UnitOfWorkFactory
from platform_identity import Caller

BODY = TypeAdapter(ListBody)


async def create_draft(uows: UnitOfWorkFactory, *, department_code: str, title: str, body: dict, caller: Caller,
                       min_steps: int, idempotency_key: str | None = None) -> tuple[ListVersion, bool]:
    """A key is the caller's own: another client's repeat of it makes its own draft, never sees this one."""
    scope = f"list_version:{caller.client_id}"[:100]
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        if idempotency_key and (known := await repo.idempotent_resource(scope, idempotency_key)):
            return await _load(repo, caller, known), False
        version = await draft_in(repo, caller, department_code=department_code, title=title, body=body,
                                 min_steps=min_steps)
        if idempotency_key:
            await repo.remember_idempotency(scope, idempotency_key, version.id)
        await uow.commit()
    return version, True


async def draft_in(repo: Repository, caller: Caller, *, department_code: str, title: str, body: dict,
                   min_steps: int) -> ListVersion:
    clean = await _validated_body(repo, caller, department_code, body, min_steps)
    series = series_key(department_code, clean)
    version = ListVersion(
        id=str(uuid.uuid4()), kind=clean["kind"], series_key=series, version=await repo.next_version_no(series),
        department_code=department_code, title=title, body=clean,
    )
    await repo.save_list_version(version, new=True)
    return version


async def edit_draft(uows: UnitOfWorkFactory, list_id: str, *, title: str, body: dict, caller: Caller,
                     min_steps: int) -> ListVersion:
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        current = await _to_change(repo, caller, list_id)
        clean = await _validated_body(repo, caller, current.department_code, body, min_steps)
        if series_key(current.department_code, clean) != current.series_key:
            raise InvalidInput(("清单内容属于另一清单系列，请另行新建草稿",
                                "the body belongs to another list series; create a new draft instead"),
                               errors=[FieldProblem("body", "kind/list_type/matter_code 不可更改")])
        edited = current.edit(title=title, body=clean)
        await repo.save_list_version(edited)
        await uow.commit()
    return edited


async def publish(uows: UnitOfWorkFactory, list_id: str, *, effective_from: date, effective_to: date | None,
                  caller: Caller) -> ListVersion:
    """Publish a draft; the version before it ends the day before this one takes effect (as-of queries)."""
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        published = await publish_in(uow, repo, await _to_change(repo, caller, list_id), effective_from, effective_to)
        await uow.commit()
    return published


async def publish_in(uow: UnitOfWork, repo: Repository, draft: ListVersion, effective_from: date,
                     effective_to: date | None) -> ListVersion:
    predecessor = await repo.latest_published(draft.series_key)
    published = draft.publish(effective_from=effective_from, effective_to=effective_to,
                              now=datetime.now(UTC), predecessor=predecessor)
    if predecessor is not None:
        await repo.save_list_version(predecessor.superseded_by(effective_from))
    await repo.save_list_version(published)
    uow.publish(list_published_event(published, predecessor.version if predecessor else None),
                subject=published.series_key)
    return published


async def change_filing(uows: UnitOfWorkFactory, list_id: str, *, to: FilingStatus, note: str,
                        caller: Caller) -> ListVersion:
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        filed = (await _to_change(repo, caller, list_id)).file(to, note)
        await repo.save_list_version(filed)
        uow.publish(filing_event(filed), subject=filed.series_key)
        await uow.commit()
    return filed


async def _load(repo: Repository, caller: Caller, list_id: str) -> ListVersion:
    """The version, locked; one the caller may not see does not exist (a draft of another agency, another region)."""
    found = await repo.list_version(list_id, lock=True)
    department = await repo.department(found.department_code) if found else None
    access.found(department is not None and access.reads_list(caller, department.code, department.region_code,
                                                              found.status),
                 (f"清单版本 {list_id}", f"list version {list_id}"))
    return found


async def _to_change(repo: Repository, caller: Caller, list_id: str) -> ListVersion:
    """A department edits, publishes and files only its own lists (or a region-wide caller those of its region)."""
    found = await _load(repo, caller, list_id)
    access.may_change(caller, found.department_code, (await repo.department(found.department_code)).region_code,
                      (f"清单版本 {list_id}", f"list version {list_id}"))
    return found


async def _validated_body(repo: Repository, caller: Caller, department_code: str, body: dict, min_steps: int) -> dict:
    parsed = BODY.validate_python(body)
    department = await repo.department(department_code)
    if department is None or not access.reads_reference(caller, department.region_code):
        raise InvalidInput(("执法主体不存在", "unknown department"),
                           errors=[FieldProblem("department_code", f"{department_code} 不存在")])
    access.may_change(caller, department_code, department.region_code,
                      (f"执法主体 {department_code} 的清单", f"a list of {department_code}"))
    if isinstance(parsed, BenchmarkBody):
        check_benchmark(parsed, min_steps=min_steps)  # rules D-1, D-2, D-7
    wanted = _matter_codes(parsed)
    missing = wanted - await repo.matter_codes(wanted) if wanted else set()
    if missing:
        raise InvalidInput(("清单引用了执法事项目录中不存在的执法事项",
                            "the list cites matters that are not in the catalog"),
                           errors=[FieldProblem("body", f"未知事项编码 {c}") for c in sorted(missing)])
    return parsed.model_dump(mode="json")


def _matter_codes(body) -> set[str]:  # noqa: ANN001 - any list body
    codes: set[str] = set()
    for attr in ("entries", "points", "matters", "items"):
        codes |= {e.matter_code for e in getattr(body, attr, []) if getattr(e, "matter_code", None)}
    for attr in ("matter_code",):
        if getattr(body, attr, None):
            codes.add(getattr(body, attr))
    return codes | set(getattr(body, "matter_codes", []))
