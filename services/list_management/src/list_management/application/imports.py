"""Bulk import for departments moving from spreadsheets: validated row by row, all-or-nothing per file."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel, TypeAdapter, ValidationError

from list_management.adapters.event_mapping import department_event, matter_event, officer_event
from list_management.adapters.repository import Repository
from list_management.application.lists import BODY, draft_in, publish_in
from list_management.domain.catalog import Department, Matter, Officer
from list_management.domain.errors import DomainError, FieldProblem, InvalidInput, NotPermitted
from list_management.domain.versioning import series_key
from platform_db import UnitOfWork, UnitOfWorkFactory
from platform_events.wire import SupportedDate
from platform_identity import Caller

ENTITIES: dict[str, type[BaseModel]] = {"departments": Department, "matters": Matter, "officers": Officer}
_EFFECTIVE_FROM: TypeAdapter[date] = TypeAdapter(SupportedDate)
LIST_FIELDS = {"responsibilities", "keywords", "enforcement_areas"}  # "|"-separated in CSV cells


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    lists_published: int = 0
    lists_unchanged: int = 0


def _problems(errors: list[FieldProblem]) -> tuple[str, str]:
    return f"文件中有 {len(errors)} 处问题，未导入任何数据", f"{len(errors)} problem(s) in the file; nothing was imported"


def parse_csv(entity: str, text: str) -> list[dict]:
    if entity not in ENTITIES:
        raise InvalidInput((f"CSV 导入仅适用于：{'、'.join(ENTITIES)}", f"CSV import covers {', '.join(ENTITIES)}"),
                           errors=[FieldProblem("entity", entity)])
    rows = []
    for raw in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
        row = {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in raw.items() if k}
        rows.append({k: _cell(k, v) for k, v in row.items() if v not in ("", None)})
    if not rows:  # a header alone (or text that is no CSV) imports nothing: the caller sent the wrong file
        raise InvalidInput(("CSV 文件没有数据行", "the CSV file has no rows under its header"),
                           errors=[FieldProblem("body", "no data rows")])
    return rows


def _cell(name: str, value: str) -> object:
    if name in LIST_FIELDS:
        return [p.strip() for p in value.replace("；", "|").split("|") if p.strip()]
    if value.lower() in ("true", "false", "是", "否"):
        return value.lower() in ("true", "是")
    return value


async def import_bundle(uows: UnitOfWorkFactory, bundle: dict, *, caller: Caller, min_steps: int) -> ImportReport:
    """`bundle` = {departments?, matters?, officers?, lists?}; any error anywhere writes nothing, and one pass names
    every problem of the file: bad cells, rows citing a department neither in the file nor in the catalog, and the
    lists' own problems. A row for an agency the caller may not change (application/access.py) refuses the file
    with 403, naming every such row."""
    errors: list[FieldProblem] = []
    models = {name: _validate_rows(name, bundle.get(name) or [], errors) for name in ENTITIES}
    report = ImportReport()
    async with uows() as uow:
        repo = Repository(uow.session, caller.actor)
        unknown, known = await _unknown_departments(repo, models, bundle.get("departments") or [])
        errors += unknown
        refused = await _refused_rows(repo, caller, models, bundle.get("lists") or [])
        if refused and not errors:
            raise NotPermitted((f"有 {len(refused)} 行属于调用方无权变更的执法主体，未导入任何数据",
                                f"{len(refused)} row(s) are for agencies this caller may not change; nothing was "
                                "imported"), errors=refused)
        if refused:  # the caller may not change some of it: nothing is tried, the file's problems are named
            raise InvalidInput(_problems(errors), errors=errors)
        for name in ENTITIES:  # departments first: matters and officers refer to them
            for _, row in models[name]:
                if name == "departments" or row.department_code in known:  # the others are named in `errors`
                    await _upsert(uow, repo, name, row, report)
        for i, item in enumerate(bundle.get("lists") or []):
            await _import_list(uow, repo, caller, i, item, min_steps, errors, report)
        if errors:
            raise InvalidInput(_problems(errors), errors=errors)
        await uow.commit()
    return report


def _validate_rows(name: str, rows: list[dict], errors: list[FieldProblem]) -> list[tuple[int, BaseModel]]:
    """The valid rows with their index in the file (a bad row is named in `errors` and left out)."""
    model, valid = ENTITIES[name], []
    for i, row in enumerate(rows):
        try:
            valid.append((i, model.model_validate(row)))
        except ValidationError as exc:
            errors += [FieldProblem(f"{name}[{i}].{'.'.join(map(str, e['loc']))}", e["msg"]) for e in exc.errors()]
    return valid


async def _unknown_departments(repo: Repository, models: dict[str, list],
                               departments: list) -> tuple[list[FieldProblem], set[str]]:
    """(every matter or officer row citing a department neither in the file nor already in the catalog, the
    departments a row may be written for: the file's valid ones and the catalog's). A department row with a bad
    cell of its own is named for that cell alone, not again for each row citing it."""
    in_file = {str(d.get("code")) for d in departments if isinstance(d, dict) and d.get("code")}
    cited = {row.department_code for name in ("matters", "officers") for _, row in models[name]}
    catalog = await repo.department_codes(cited) if cited else set()
    unknown = [FieldProblem(f"{name}[{i}].department_code", f"{row.department_code} 不存在 (unknown department)")
               for name in ("matters", "officers") for i, row in models[name]
               if row.department_code not in in_file | catalog]
    return unknown, {d.code for _, d in models["departments"]} | catalog


async def _refused_rows(repo: Repository, caller: Caller, models: dict[str, list], lists: list[dict]) -> list[FieldProblem]:
    """Every row naming an agency the caller may not change — the row's own, and the one a matter or officer
    moves away from — in the region the file or the catalog gives it."""
    current = await repo.departments_of({m.code for _, m in models["matters"]},
                                        {o.person_no for _, o in models["officers"]})
    claims = list(_claims(models, lists, current))
    catalog = await repo.department_regions({agency for _, agency in claims})
    in_file = {d.code: d.region_code for _, d in models["departments"]}
    refused = []
    for where, agency in claims:
        regions = {catalog.get(agency), in_file.get(agency)} - {None} or {None}
        if not all(caller.sees(agency, region) for region in regions):
            refused.append(FieldProblem(where, f"{agency} 非调用方所属执法主体 (the caller does not act for it)"))
    return refused


def _claims(models: dict[str, list], lists: list[dict], current: dict[tuple[str, str], str]) -> Iterator[tuple[str, str]]:
    """(row field, agency) for every agency a row would change."""
    for i, d in models["departments"]:
        yield f"departments[{i}].code", d.code
    for name, key in (("matters", "code"), ("officers", "person_no")):
        for i, row in models[name]:
            yield f"{name}[{i}].department_code", row.department_code
            before = current.get((name, getattr(row, key)))
            if before is not None and before != row.department_code:
                yield f"{name}[{i}].{key}", before
    for i, item in enumerate(lists):
        yield f"lists[{i}].department_code", str(item.get("department_code", ""))


async def _upsert(uow: UnitOfWork, repo: Repository, name: str, row: BaseModel, report: ImportReport) -> None:
    load, save, event = {
        "departments": (repo.department, repo.save_department, department_event),
        "matters": (repo.matter, repo.save_matter, matter_event),
        "officers": (repo.officer, repo.save_officer, officer_event),
    }[name]
    key = getattr(row, "code", None) or row.person_no  # its department is known (_unknown_departments)
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


async def _import_list(uow: UnitOfWork, repo: Repository, caller: Caller, i: int, item: dict, min_steps: int,
                       errors: list[FieldProblem], report: ImportReport) -> None:
    effective_from = None
    if item.get("effective_from"):  # a date the calendar cannot count from is named, the list's other problems too
        try:
            effective_from = _EFFECTIVE_FROM.validate_python(item["effective_from"])
        except ValidationError as exc:
            errors += [FieldProblem(f"lists[{i}].effective_from", e["msg"]) for e in exc.errors()]
    try:
        if effective_from and await _already_published(repo, item):
            report.lists_unchanged += 1
            return
        draft = await draft_in(repo, caller, department_code=item.get("department_code", ""), title=item.get("title", ""),
                               body=item.get("body") or {}, min_steps=min_steps)
        if effective_from:
            await publish_in(uow, repo, draft, effective_from, None)
            report.lists_published += 1
    except ValidationError as exc:
        errors += [FieldProblem(f"lists[{i}].body.{'.'.join(map(str, e['loc']))}", e["msg"]) for e in exc.errors()]
    except DomainError as exc:
        rule = f" (rule {exc.rule})" if exc.rule else ""
        errors += [FieldProblem(f"lists[{i}].{p.field}", p.message + rule) for p in exc.errors] or [
            FieldProblem(f"lists[{i}]", str(exc) + rule)
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
