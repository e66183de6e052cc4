"""The import-rule checker catches what it promises to, on a throw-away package that breaks each rule."""

import importlib
import sys
from pathlib import Path

import pytest

from platform_devstack.import_rules import check


def _package(root: Path, name: str, modules: dict[str, str]) -> None:
    for dotted, source in sorted(modules.items()):
        path = root / name / Path(*dotted.split("."))
        path.mkdir(parents=True, exist_ok=True)
        (path / "__init__.py").write_text(source, encoding="utf-8")
    for package in [root / name, *(root / name).rglob("*")]:
        if package.is_dir() and not (package / "__init__.py").exists():
            (package / "__init__.py").write_text("", encoding="utf-8")
    for loaded in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[loaded]  # the toy of the previous case, found at another path
    importlib.invalidate_caches()


@pytest.mark.parametrize(("modules", "broken"), [
    ({"domain": "import sqlalchemy\n"}, "domain is pure"),
    ({"domain": "from toy_service import adapters\n", "adapters": ""}, "domain is pure"),
    ({"domain": "import platform_db\n"}, "domain is pure"),
    ({"api": "from toy_service.adapters import tables\n", "adapters.tables": ""}, "api reaches storage"),
    ({"api": "from sqlalchemy import select\n"}, "api reaches storage"),
    ({"application": "from fastapi import Depends\n"}, "application knows nothing of the web"),
    ({"application": "import case_intake\n"}, "services never import each other"),
])
def test_a_broken_rule_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capfd: pytest.CaptureFixture[str], modules: dict[str, str],
                                   broken: str) -> None:
    _package(tmp_path, "toy_service", modules)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr("platform_devstack.import_rules.SERVICES", ("toy_service", "case_intake"))
    assert check("toy_service") is False
    assert f"toy_service: {broken}" in capfd.readouterr().out.split("Broken contracts")[1]


def test_a_package_that_keeps_the_rules_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _package(tmp_path, "toy_service", {"domain": "import dataclasses\n", "application": "from toy_service import domain\n",
                                       "adapters": "import sqlalchemy\n",
                                       "api": "from toy_service.application import x\n", "application.x": ""})
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr("platform_devstack.import_rules.SERVICES", ("toy_service",))
    assert check("toy_service") is True
