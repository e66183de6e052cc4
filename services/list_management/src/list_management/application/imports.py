"""Bulk import for departments moving from spreadsheets: validated row by row, all-or-nothing per file."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, ValidationError

from list_management.adapters.event_mapping import department_event, matter_event, officer_event
from list_management.adapters.repository import Repository
from list_management.application.lists import BODY, draft_in, publish_in
from list_management.domain.catalog import Department, Matter, Officer
from list_management.domain.errors import DomainError, FieldProblem, InvalidInput
from list_management.domain.versioning import series_key
from platform_db import UnitOfWork, UnitOfWorkFactory

ENTITIES: dict[str, type[BaseModel]] = {"departments": Department, "matters": Matter, "officers": Officer}
LIST_FIELDS = {"responsibilities", "keywords", "enforcement_areas"}  # "|"-separated in CSV cells


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    lists_published: int = 0
    lists_unchanged: int = 0


def parse_csv(entity: str, text: str) -> list[dict]:
    if entity not in ENTITIES:
        raise InvalidInput(f"CSV import covers {', '.join(ENTITIES)}", errors=[FieldProblem("entity", entity)])
    rows = []
    for raw in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
        row = {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in raw.items() if k}
        rows.append({k: _cell(k, v) for k, v in row.items() if v not in ("", None)})
    return rows


def _cell(name: str, value: str) -> object:
    if name in LIST_FIELDS:
        return [p.strip() for p in value.replace("；", "|").split("|") if p.strip()]
    if value.lower() in ("true", "false", "是", "否"):
        return value.lower() in ("true", "是")
    return value


async def import_bundle(uows: UnitOfWorkFactory, bundle: dict, *, actor: str, min_steps: int) -> ImportReport:
    """`bundle` = {departments?, matters?, officers?, lists?}; any error anywhere writes nothing."""
    errors: list[FieldProblem] = []
    models = {name: _validate_rows(name, bundle.get(name) or [], errors) for name in ENTITIES}
    if errors:
        raise InvalidInput(f"{len(errors)} problem(s) in the file; nothing was imported", errors=errors)
    report = ImportReport()
    async with uows() as uow:
        repo = Repository(uow.session, actor)
        for name in ENTITIES:  # departments first: matters and officers refer to them
            for index, row in enumerate(models[name]):
                await _upsert(uow, repo, name, index, row, report)
        for i, item in enumerate(bundle.get("lists") or []):
            await _import_list(uow, repo, i, item, min_steps, errors, report)
        if errors:
            raise InvalidInput(f"{len(errors)} problem(s) in the file; nothing was imported", errors=errors)
        await uow.commit()
    return report


def _validate_rows(name: str, rows: list[dict], errors: list[FieldProblem]) -> list[BaseModel]:
    model, valid = ENTITIES[name], []
    for i, row in enumerate(rows):
        try:
            valid.append(model.model_validate(row))
        except ValidationError as exc:
            errors += [FieldProblem(f"{name}[{i}].{'.'.join(map(str, e['loc']))}", e["msg"]) for e in exc.errors()]
    return valid


async def _upsert(uow: UnitOfWork, repo: Repository, name: str, index: int, row: BaseModel,
                  report: ImportReport) -> None:
    load, save, event = {
        "departments": (repo.department, repo.save_department, department_event),
        "matters": (repo.matter, repo.save_matter, matter_event),
        "officers": (repo.officer, repo.save_officer, officer_event),
    }[name]
    key = getattr(row, "code", None) or row.person_no
    department = getattr(row, "department_code", None)
    if name != "departments" and not await repo.department_codes({department}):
        raise InvalidInput("a row refers to an unknown department; nothing was imported",
                           errors=[FieldProblem(f"{name}[{index}].department_code", f"{department} 不存在")])
    existing = await load(key)
    if isinstance(existing, tuple):
        existing = existing[0]
    if existing == row:
        report.unchanged[name] = report.unchanged.get(name, 0) + 1
        return
    await save(row)
    uow.publish(event(row, new=existing is None), subject=key)
    bucket = report.created if existing is None else report.updated
    bucket[name] = bucket.get(name, 0) + 1


async def _import_list(uow: UnitOfWork, repo: Repository, i: int, item: dict, min_steps: int,
                       errors: list[FieldProblem], report: ImportReport) -> None:
    try:
        if await _already_published(repo, item):
            report.lists_unchanged += 1
            return
        draft = await draft_in(repo, department_code=item.get("department_code", ""), title=item.get("title", ""),
                               body=item.get("body") or {}, min_steps=min_steps)
        if item.get("effective_from"):
            await publish_in(uow, repo, draft, date.fromisoformat(item["effective_from"]), None)
            report.lists_published += 1
    except ValidationError as exc:
        errors += [FieldProblem(f"lists[{i}].body.{'.'.join(map(str, e['loc']))}", e["msg"]) for e in exc.errors()]
    except DomainError as exc:
        rule = f" (rule {exc.rule})" if exc.rule else ""
        errors += [FieldProblem(f"lists[{i}].{p.field}", p.message + rule) for p in exc.errors] or [
            FieldProblem(f"lists[{i}]", exc.detail + rule)
        ]
    except ValueError as exc:
        errors.append(FieldProblem(f"lists[{i}].effective_from", str(exc)))


async def _already_published(repo: Repository, item: dict) -> bool:
    """Re-importing the same file must not pile up versions: an identical published version is 'unchanged'."""
    body, department = item.get("body") or {}, item.get("department_code", "")
    if not item.get("effective_from") or "kind" not in body:
        return False
    try:
        latest = await repo.latest_published(series_key(department, BODY.validate_python(body).model_dump(mode="json")))
    except (ValidationError, KeyError):
        return False
    return (latest is not None and str(latest.effective_from) == item["effective_from"]
            and latest.title == item.get("title") and latest.body == BODY.validate_python(body).model_dump(mode="json"))
