"""LocalCopy: another service's records kept as rows of one's own, from whole-state events, on the real PostgreSQL."""

import uuid
from typing import ClassVar

import pytest
from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table

from platform_db import UnitOfWork, add_messaging_tables, build_engine, make_metadata
from platform_events import IntegrationEvent, new_envelope
from platform_messaging.local_copy import LocalCopy
from platform_settings import DatabaseSettings


class PlaceUpdated(IntegrationEvent):
    event_type: ClassVar[str] = "place.updated.v1"
    topic: ClassVar[str] = "owner.place"

    code: str
    name: str
    active: bool = True
    version: int = 1
    tags: list[str] = []


class PlaceRetired(PlaceUpdated):
    event_type: ClassVar[str] = "place.retired.v1"


METADATA = make_metadata()
OUTBOX, INBOX, _ = add_messaging_tables(METADATA)
PLACE_COPY = Table("place_copy", METADATA, Column("code", String(40), primary_key=True),
                   Column("name", String(100), nullable=False), Column("active", Boolean, nullable=False),
                   Column("version", Integer, nullable=False), Column("first_tag", String(40)),
                   Column("source_event_id", String(64), nullable=False))
PLACES = LocalCopy(PLACE_COPY, "code", PlaceUpdated, retired_by=(PlaceRetired,), newer_only="version",
                   derived={"first_tag": lambda place: place.tags[0] if place.tags else None})


@pytest.fixture(scope="module")
async def engine(local_stack):
    engine = build_engine(DatabaseSettings(url=local_stack.database_url("messaging_local_copy"), pool_size=2))
    async with engine.begin() as conn:
        await conn.run_sync(METADATA.create_all)
    yield engine
    await engine.dispose()


async def _apply(engine, event: IntegrationEvent) -> str:
    env = new_envelope(event, source="/services/owner", subject=event.code)
    async with UnitOfWork(engine, source="/services/copier", outbox=OUTBOX, inbox=INBOX) as uow:
        await PLACES.apply(uow, env)
        await uow.commit()
    return env.id


async def _get(engine, code: str) -> dict | None:
    async with engine.connect() as conn:
        return await PLACES.get(conn, code)


async def test_each_event_replaces_the_row_with_the_record_s_whole_new_state(engine):
    code = uuid.uuid4().hex[:8]
    assert await _get(engine, code) is None  # nothing arrived about it yet
    await _apply(engine, PlaceUpdated(code=code, name="旧名", tags=["食品"]))
    last = await _apply(engine, PlaceUpdated(code=code, name="新名", version=2))
    assert await _get(engine, code) == {"code": code, "name": "新名", "active": True, "version": 2,
                                        "first_tag": None, "source_event_id": last}


async def test_a_retiring_event_keeps_the_row_and_marks_it_inactive(engine):
    code = uuid.uuid4().hex[:8]
    await _apply(engine, PlaceUpdated(code=code, name="某地"))
    await _apply(engine, PlaceRetired(code=code, name="某地", version=2))  # its data still says active
    assert (await _get(engine, code))["active"] is False


async def test_an_older_version_arriving_late_changes_nothing(engine):
    code = uuid.uuid4().hex[:8]
    newest = await _apply(engine, PlaceUpdated(code=code, name="第三版", version=3))
    await _apply(engine, PlaceUpdated(code=code, name="第二版", version=2))
    row = await _get(engine, code)
    assert (row["name"], row["version"], row["source_event_id"]) == ("第三版", 3, newest)


def test_a_copy_whose_key_or_derived_column_is_not_in_the_table_is_refused_when_declared():
    table = Table("bare", MetaData(), Column("code", String(40), primary_key=True),
                  Column("source_event_id", String(64)))
    with pytest.raises(ValueError, match="no column 'slug'"):
        LocalCopy(table, "slug", PlaceUpdated)
    with pytest.raises(ValueError, match="no column 'label'"):
        LocalCopy(table, "code", PlaceUpdated, derived={"label": lambda place: place.name})
