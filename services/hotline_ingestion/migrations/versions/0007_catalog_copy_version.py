"""A version of the local catalog copy that changes with every write to it, so readers cache the decoded copy.

Revision ID: 0007
Revises: 0006

A statement-level trigger on both copy tables sets a new random version on any insert, update, delete or
truncate, whoever writes (the consumer, a migration, an operator): reading one row tells a process whether its
cached catalog is still the copy in the database. Random, not a counter, so two databases never share a version.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COPIES = ("matter_copy", "department_copy")


def upgrade() -> None:
    op.create_table(
        "catalog_copy_state",
        sa.Column("version", sa.String(length=36), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_catalog_copy_state")),
    )
    op.execute("INSERT INTO catalog_copy_state (version) VALUES (gen_random_uuid()::text)")
    op.execute("""
        CREATE FUNCTION catalog_copy_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE catalog_copy_state SET version = gen_random_uuid()::text, changed_at = now();
            RETURN NULL;
        END $$""")
    for table in COPIES:
        op.execute(f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
                   " FOR EACH STATEMENT EXECUTE FUNCTION catalog_copy_changed()")


def downgrade() -> None:
    for table in COPIES:
        op.execute(f"DROP TRIGGER {table}_changed ON {table}")
    op.execute("DROP FUNCTION catalog_copy_changed()")
    op.drop_table("catalog_copy_state")
