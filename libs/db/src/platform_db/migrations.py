"""Alembic glue: each service keeps its own history and runs it as its own step, never at import."""

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def alembic_config(migrations_dir: Path, url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_to_head(migrations_dir: Path, url: str) -> None:
    """Blocking; call from a thread inside an event loop (`asyncio.to_thread`)."""
    command.upgrade(alembic_config(migrations_dir, url), "head")


def head_revision(migrations_dir: Path) -> str | None:
    return ScriptDirectory(str(migrations_dir)).get_current_head()


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as conn:
        return await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())


async def schema_drift(engine: AsyncEngine, metadata: MetaData) -> list:
    """How the migrated database differs from the tables the code declares (alembic's autogenerate diff); [] when
    the migrations build exactly that schema. Server defaults are not compared."""
    from alembic.autogenerate import compare_metadata

    def differences(conn: Connection) -> list:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_server_default": False}), metadata)

    async with engine.connect() as conn:
        return await conn.run_sync(differences)


def run_alembic_env(context, target_metadata: MetaData) -> None:  # noqa: ANN001 - alembic's module proxy
    """The body of every service's migrations/env.py (online mode, async engine)."""
    url = context.config.get_main_option("sqlalchemy.url")

    def do_run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as conn:
            await conn.run_sync(do_run)
        await engine.dispose()

    asyncio.run(run())
