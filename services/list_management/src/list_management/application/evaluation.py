"""Evaluate a case's facts against the lists in force on its date (advisory; the caller records its choice)."""

from datetime import date
from decimal import Decimal

from list_management.adapters.repository import Repository
from list_management.application import access
from list_management.domain.errors import NotFound
from list_management.domain.evaluation import Evaluation, evaluate
from list_management.domain.facts import Circumstance
from platform_db import UnitOfWorkFactory
from platform_identity import Caller

#: Kinds a department is bound by when any department of its region publishes them (the county catalog, L-5).
REGIONAL_KINDS = ("review_matter_list",)


async def evaluate_case(uows: UnitOfWorkFactory, caller: Caller, *, matter_code: str, facts: set[Circumstance],
                        on: date, party_type: str, proposed_fine_cny: Decimal | None) -> tuple[Evaluation, dict]:
    """The matter must be one of the caller's region (the catalog is read there, application/access.py)."""
    async with uows() as uow:
        repo = Repository(uow.session)
        found = await repo.matter(matter_code)
        department = await repo.department(found[0].department_code) if found else None
        if department is None or not access.reads_reference(caller, department.region_code):
            raise NotFound((f"执法事项 {matter_code} 不在执法事项目录中",
                            f"matter {matter_code} is not in the catalog"))
        matter, _active = found
        lists = await repo.in_force(on, department_code=matter.department_code, kinds_regional=REGIONAL_KINDS)
    result = evaluate(matter_code=matter_code, facts=facts, lists=lists, party_type=party_type,
                      proposed_fine_cny=proposed_fine_cny)
    return result, matter.model_dump(mode="json")
