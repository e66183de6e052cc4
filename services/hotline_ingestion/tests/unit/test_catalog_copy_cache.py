"""The decoded catalog copy is re-read only when its version changed, and its version at most every refresh_s."""

from hotline_ingestion.application.catalog_copy import CatalogCopy


class CopyTables:
    """The two copy tables and their version row, as the unit of work's driver answers for them."""

    def __init__(self) -> None:
        self.version, self.version_reads, self.row_reads = "v1", 0, 0
        self.matters = [{"code": "M-1", "name": "油烟", "department_code": "D-1", "keywords": ["油烟"],
                         "matter_type": "处罚"}]

    async def fetchval(self, sql: str) -> str:
        self.version_reads += 1
        return self.version

    async def fetch(self, sql: str) -> list[dict]:
        self.row_reads += 1
        return self.matters if "matter_copy" in sql else []


async def test_the_copy_is_decoded_again_only_when_its_version_changed():
    db, copy = CopyTables(), CatalogCopy(refresh_s=0)
    first, _ = await copy.read(db)
    again, _ = await copy.read(db)
    db.version = "v2"
    db.matters = db.matters + [dict(db.matters[0], code="M-2")]
    changed, _ = await copy.read(db)
    assert [m.code for m in first] == [m.code for m in again] == ["M-1"] and first[0] is again[0]
    assert [m.code for m in changed] == ["M-1", "M-2"]
    assert (db.version_reads, db.row_reads) == (3, 4)


async def test_within_refresh_s_the_version_is_not_read_unless_asked_for_fresh():
    db, copy = CopyTables(), CatalogCopy(refresh_s=60)
    await copy.read(db)
    await copy.read(db)
    assert db.version_reads == 1
    await copy.read(db, fresh=True)
    assert db.version_reads == 2
