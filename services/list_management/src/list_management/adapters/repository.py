"""Repositories over the unit of work's session: load and save aggregates; they never commit."""

from datetime import date

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from list_management.adapters import tables as t
from list_management.domain.catalog import Department, Matter, Officer
from list_management.domain.versioning import FilingStatus, ListVersion, Status

_AUDIT = ("created_at", "updated_at", "created_by", "updated_by")


class Repository:
    def __init__(self, session: AsyncSession, actor: str = "system") -> None:
        self.session = session
        self.actor = actor

    # -- catalog -----------------------------------------------------------------------------------
    async def department(self, code: str) -> Department | None:
        row = (await self.session.execute(select(t.department).where(t.department.c.code == code))).mappings().first()
        return Department.model_validate(_strip(row)) if row else None

    async def department_codes(self, codes: set[str]) -> set[str]:
        stmt = select(t.department.c.code).where(t.department.c.code.in_(codes))
        return set((await self.session.execute(stmt)).scalars())

    async def department_regions(self, codes: set[str]) -> dict[str, str]:
        stmt = select(t.department.c.code, t.department.c.region_code).where(t.department.c.code.in_(codes))
        return {code: region for code, region in (await self.session.execute(stmt)).all()}

    async def departments_of(self, matter_codes: set[str], person_nos: set[str]) -> dict[tuple[str, str], str]:
        """The department each existing matter and officer belongs to now: {("matters"|"officers", key): code}."""
        m, o = t.matter.c, t.officer.c
        matters = select(m.code, m.department_code).where(m.code.in_(matter_codes))
        officers = select(o.person_no, o.department_code).where(o.person_no.in_(person_nos))
        found = {("matters", k): v for k, v in (await self.session.execute(matters)).all()}
        return found | {("officers", k): v for k, v in (await self.session.execute(officers)).all()}

    async def save_department(self, d: Department) -> None:
        await self._upsert(t.department, "code", d.model_dump(mode="json"))

    async def matter(self, code: str) -> tuple[Matter, bool] | None:
        row = (await self.session.execute(select(t.matter).where(t.matter.c.code == code))).mappings().first()
        if not row:
            return None
        return Matter.model_validate(_strip(row, "active", "retired_at")), row["active"]

    async def matter_codes(self, codes: set[str]) -> set[str]:
        stmt = select(t.matter.c.code).where(t.matter.c.code.in_(codes))
        return set((await self.session.execute(stmt)).scalars())

    async def save_matter(self, m: Matter, *, active: bool = True) -> None:
        values = m.model_dump(mode="json") | {"active": active, "retired_at": None if active else func.now()}
        await self._upsert(t.matter, "code", values)

    async def officer(self, person_no: str) -> Officer | None:
        row = (await self.session.execute(select(t.officer).where(t.officer.c.person_no == person_no))).mappings().first()
        return Officer.model_validate(_strip(row)) if row else None

    async def certificate_holder(self, certificate_no: str) -> str | None:
        stmt = select(t.officer.c.person_no).where(t.officer.c.certificate_no == certificate_no)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def save_officer(self, o: Officer) -> None:
        await self._upsert(t.officer, "person_no", o.model_dump(mode="python"))

    async def record_certificate_change(self, person_no: str, previous: str, status: str, on: date, reason: str) -> None:
        await self.session.execute(
            t.certificate_status_change.insert().values(
                person_no=person_no, previous_status=previous, status=status, effective_on=on,
                reason=reason, recorded_by=self.actor,
            )
        )

    async def record_usage(self, matter_code: str, case_id: str, used_on: date, event_id: str) -> bool:
        stmt = (
            pg_insert(t.matter_usage)
            .values(matter_code=matter_code, case_id=case_id, used_on=used_on, source_event_id=event_id)
            .on_conflict_do_nothing()
        )
        return (await self.session.execute(stmt)).rowcount == 1

    # -- versioned lists ---------------------------------------------------------------------------
    async def list_version(self, list_id: str, *, lock: bool = False) -> ListVersion | None:
        stmt = select(t.list_version).where(t.list_version.c.id == list_id)
        row = (await self.session.execute(stmt.with_for_update() if lock else stmt)).mappings().first()
        return _version(row) if row else None

    async def next_version_no(self, series: str) -> int:
        stmt = select(func.coalesce(func.max(t.list_version.c.version), 0)).where(t.list_version.c.series_key == series)
        return int((await self.session.execute(stmt)).scalar_one()) + 1

    async def latest_published(self, series: str) -> ListVersion | None:
        stmt = (
            select(t.list_version)
            .where(t.list_version.c.series_key == series, t.list_version.c.status != Status.draft)
            .order_by(t.list_version.c.version.desc())
            .limit(1)
            .with_for_update()
        )
        row = (await self.session.execute(stmt)).mappings().first()
        return _version(row) if row else None

    async def in_force(self, on: date, *, department_code: str, kinds_regional: tuple[str, ...]) -> list[ListVersion]:
        """The department's own versions in force on `on`, and those of `kinds_regional` published by any
        department of its region (a county's 重大执法决定法制审核目录 binds every agency of the county, L-5)."""
        lv, d = t.list_version.c, t.department.c
        region = select(d.region_code).where(d.code == department_code).scalar_subquery()
        stmt = select(t.list_version).where(
            lv.status != Status.draft,
            lv.effective_from <= on,
            or_(lv.effective_to.is_(None), lv.effective_to >= on),
            or_(lv.department_code == department_code,
                and_(lv.kind.in_(kinds_regional), lv.department_code.in_(select(d.code).where(d.region_code == region)))),
        ).order_by(lv.department_code != department_code, lv.series_key, lv.version)
        return [_version(r) for r in (await self.session.execute(stmt)).mappings()]

    async def save_list_version(self, v: ListVersion, *, new: bool = False) -> None:
        values = {
            "id": v.id, "kind": v.kind, "series_key": v.series_key, "version": v.version,
            "department_code": v.department_code, "title": v.title, "status": v.status.value,
            "effective_from": v.effective_from, "effective_to": v.effective_to, "body": v.body,
            "published_at": v.published_at, "filing_status": v.filing_status.value, "filing_note": v.filing_note,
            "updated_by": self.actor, "updated_at": func.now(),
        }
        if new:
            await self.session.execute(t.list_version.insert().values(**values, created_by=self.actor))
        else:
            await self.session.execute(update(t.list_version).where(t.list_version.c.id == v.id).values(**values))

    # -- idempotency -------------------------------------------------------------------------------
    async def idempotent_resource(self, scope: str, key: str) -> str | None:
        stmt = select(t.idempotency_key.c.resource_id).where(
            and_(t.idempotency_key.c.scope == scope, t.idempotency_key.c.key == key)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def remember_idempotency(self, scope: str, key: str, resource_id: str) -> None:
        await self.session.execute(t.idempotency_key.insert().values(scope=scope, key=key, resource_id=resource_id))

    async def _upsert(self, table, key: str, values: dict) -> None:  # noqa: ANN001 - a Table
        stmt = pg_insert(table).values(**values, created_by=self.actor, updated_by=self.actor)
        changes = {c: stmt.excluded[c] for c in values if c != key} | {"updated_at": func.now(), "updated_by": self.actor}
        await self.session.execute(stmt.on_conflict_do_update(index_elements=[key], set_=changes))


def _strip(row, *extra: str) -> dict:  # noqa: ANN001 - a row mapping
    return {k: v for k, v in row.items() if k not in _AUDIT and k not in extra}


def _version(row) -> ListVersion:  # noqa: ANN001 - a row mapping
    return ListVersion(
        id=row["id"], kind=row["kind"], series_key=row["series_key"], version=row["version"],
        department_code=row["department_code"], title=row["title"], body=row["body"], status=Status(row["status"]),
        effective_from=row["effective_from"], effective_to=row["effective_to"], published_at=row["published_at"],
        filing_status=FilingStatus(row["filing_status"]), filing_note=row["filing_note"],
    )
