"""Everything list_management publishes, mapped from domain objects to the public contracts in one place."""

from list_management.domain.catalog import Department, Matter, Officer
from list_management.domain.versioning import ListVersion
from platform_events import IntegrationEvent
from platform_events.contracts import list_management as contract

PUBLISHED = contract.PUBLISHED


def department_event(d: Department, *, new: bool) -> IntegrationEvent:
    cls = contract.DepartmentRegistered if new else contract.DepartmentUpdated
    return cls(**d.model_dump(mode="json"))


def officer_event(o: Officer, *, new: bool) -> IntegrationEvent:
    cls = contract.PersonnelRegistered if new else contract.PersonnelUpdated
    return cls(**o.model_dump(mode="json"))


def matter_event(m: Matter, *, new: bool, active: bool = True) -> IntegrationEvent:
    if not active:
        return contract.MatterRetired(**m.model_dump(mode="json"), active=False)
    cls = contract.MatterRegistered if new else contract.MatterUpdated
    return cls(**m.model_dump(mode="json"), active=True)


def list_published_event(v: ListVersion, supersedes: int | None) -> IntegrationEvent:
    cls = contract.LIST_PUBLISHED_BY_KIND[v.kind]
    return cls(
        list_id=v.id, kind=v.kind, series_key=v.series_key, version=v.version, department_code=v.department_code,
        title=v.title, effective_from=v.effective_from, effective_to=v.effective_to, published_at=v.published_at,
        supersedes_version=supersedes, body=v.body,
    )


def filing_event(v: ListVersion) -> IntegrationEvent:
    return contract.ListFilingStatusChanged(
        list_id=v.id, series_key=v.series_key, version=v.version, filing_status=v.filing_status.value,
        note=v.filing_note,
    )
