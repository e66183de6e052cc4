"""The unit of work against the real PostgreSQL: one transaction for Core statements, plain SQL and the outbox."""

from datetime import date

import asyncpg
import pytest
from sqlalchemy import Column, String, Table, func, insert, select

import platform_db.engine
from platform_db import UnitOfWork, add_messaging_tables, build_engine, make_metadata
from platform_events.contracts.case_intake import CaseFiled
from platform_settings import DatabaseSettings

metadata = make_metadata()
outbox, inbox, _ = add_messaging_tables(metadata)
note = Table("note", metadata, Column("id", String(40), primary_key=True))


@pytest.fixture(scope="module")
async def engine(local_stack):
    engine = build_engine(DatabaseSettings(url=local_stack.database_url("platform_db_uow"), pool_size=2))
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


def _uow(engine) -> UnitOfWork:
    return UnitOfWork(engine, source="/services/test", outbox=outbox, inbox=inbox)


def _event(case_id: str) -> CaseFiled:
    return CaseFiled(case_id=case_id, matter_code="M-1", department_code="D-1", filed_on=date(2026, 3, 2))


async def _count(engine, table: Table, prefix: str) -> int:
    column = table.c.id if table is note else table.c.message_key
    async with engine.connect() as conn:
        return (await conn.execute(select(func.count()).where(column.like(f"{prefix}%")))).scalar_one()


async def _terminate(engine, backend: int) -> None:
    """What a database restart does to one pooled connection (from a connection outside the pool)."""
    admin = await asyncpg.connect(engine.url.set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", backend)
    finally:
        await admin.close()


async def test_core_statements_plain_sql_and_the_outbox_commit_together(engine):
    async with _uow(engine) as uow:
        await uow.session.execute(insert(note).values(id="a-core"))
        await uow.driver.execute("INSERT INTO note (id) VALUES ($1)", "a-sql")
        uow.publish(_event("a-1"), subject="a-1")
        await uow.commit()
    assert await _count(engine, note, "a-") == 2
    assert await _count(engine, outbox, "a-") == 1


async def test_an_error_before_commit_leaves_nothing_behind(engine):
    with pytest.raises(RuntimeError):
        async with _uow(engine) as uow:
            await uow.session.execute(insert(note).values(id="b-core"))
            await uow.driver.execute("INSERT INTO note (id) VALUES ($1)", "b-sql")
            uow.publish(_event("b-1"), subject="b-1")
            raise RuntimeError("the use case failed")
    assert await _count(engine, note, "b-") == 0
    assert await _count(engine, outbox, "b-") == 0


async def test_a_unit_of_work_left_without_commit_is_rolled_back(engine):
    async with _uow(engine) as uow:
        await uow.driver.execute("INSERT INTO note (id) VALUES ($1)", "c-sql")
        uow.publish(_event("c-1"), subject="c-1")
    assert await _count(engine, note, "c-") == 0
    assert await _count(engine, outbox, "c-") == 0


async def test_a_failing_outbox_write_rolls_back_the_state_change(engine):
    with pytest.raises(Exception, match="too long"):
        async with _uow(engine) as uow:
            await uow.driver.execute("INSERT INTO note (id) VALUES ($1)", "d-sql")
            uow.publish(_event("d-1"), subject="d-" + "x" * 300)  # longer than the outbox's message_key column
            await uow.commit()
    assert await _count(engine, note, "d-") == 0
    assert await _count(engine, outbox, "d-") == 0


async def test_the_inbox_says_first_time_once_per_group_and_event(engine):
    async with _uow(engine) as uow:
        assert await uow.first_time("group-a", "e-1", "case.filed.v1")
        assert not await uow.first_time("group-a", "e-1", "case.filed.v1")
        assert await uow.first_time("group-b", "e-1", "case.filed.v1")
        await uow.commit()


async def test_a_pooled_connection_the_server_dropped_is_replaced_without_an_error(engine):
    async with _uow(engine) as uow:  # leaves its connection in the pool
        backend = await uow.driver.fetchval("SELECT pg_backend_pid()")
    await _terminate(engine, backend)
    for n in range(3):  # pool_size=2: every pooled connection is handed out at least once
        async with _uow(engine) as uow:
            await uow.driver.execute("INSERT INTO note (id) VALUES ($1)", f"f-{n}")
            assert await uow.driver.fetchval("SELECT pg_backend_pid()") != backend
            await uow.commit()
    assert await _count(engine, note, "f-") == 3


async def test_a_read_on_an_idle_connection_the_server_dropped_reconnects_without_an_error(engine, monkeypatch):
    monkeypatch.setattr(platform_db.engine, "PING_AFTER_IDLE_S", 0.0)  # every checked-in connection counts as idle
    async with engine.connect() as conn:
        backend = (await conn.execute(select(func.pg_backend_pid()))).scalar_one()
    await _terminate(engine, backend)
    async with engine.connect() as conn:
        assert (await conn.execute(select(func.pg_backend_pid()))).scalar_one() != backend
