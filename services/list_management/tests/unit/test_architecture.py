"""Dependencies point inward (STYLE.md): the domain imports no I/O, the application no web framework."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "list_management"
IO = {"sqlalchemy", "asyncpg", "aiokafka", "fastapi", "starlette", "httpx", "uvicorn",
      "platform_db", "platform_http", "platform_messaging"}
WEB = {"fastapi", "starlette", "uvicorn", "platform_http", "list_management.api"}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _offending(folder: str, forbidden: set[str]) -> dict[str, set[str]]:
    bad = {}
    for path in (PACKAGE / folder).rglob("*.py"):
        hits = {m for m in _imports(path) if any(m == f or m.startswith(f + ".") for f in forbidden)}
        if hits:
            bad[path.name] = hits
    return bad


@pytest.mark.parametrize("folder,forbidden", [("domain", IO), ("application", WEB)])
def test_inner_layers_do_not_import_outer_ones(folder, forbidden):
    assert _offending(folder, forbidden) == {}
