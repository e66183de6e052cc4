"""The import rules every service keeps (STYLE: dependencies point inward), checked by import-linter.

Written once here and applied to each service by a one-line test, so the services cannot drift apart:
- `domain` is pure: nothing of its own service outside `domain`, no I/O library, directly or through a lib;
- `api` reaches storage only through `application`: it never imports `adapters`, SQLAlchemy or a driver;
- `application` never imports `api` or the web framework;
- services never import each other (they talk through events and HTTP contracts).
"""

import importlib.util
import tempfile
from pathlib import Path

from importlinter import configuration
from importlinter.application.use_cases import lint_imports

SERVICES = ("case_intake", "hotline_ingestion", "inspection_scheduling", "gateway", "legality_review",
            "list_management")
IO_LIBRARIES = ("sqlalchemy", "asyncpg", "aiokafka", "httpx", "fastapi", "starlette", "uvicorn")
STORAGE = ("sqlalchemy", "asyncpg", "aiokafka")
#: the libs that do I/O; a domain may use only the pure ones (errors, calendar, events' contracts)
IO_LIBS = ("platform_db", "platform_messaging", "platform_runtime", "platform_http", "platform_devstack")
LAYERS = ("domain", "application", "adapters", "api", "consumers", "bootstrap")


def contracts(service: str, installed: tuple[str, ...]) -> str:
    """The import-linter configuration (INI) of `service`; `installed` names the modules present (services and
    the service's own layers): import-linter refuses to name a module that does not exist."""
    own = [f"{service}.{layer}" for layer in LAYERS[1:]]
    others = [name for name in installed if name in SERVICES and name != service]
    sections = [section for section in [
        ("domain", "domain is pure", [f"{service}.domain"], [*own, *IO_LIBRARIES, *IO_LIBS], False),
        ("api", "api reaches storage only through application", [f"{service}.api"],
         [f"{service}.adapters", *STORAGE], True),
        ("application", "application knows nothing of the web", [f"{service}.application"],
         [f"{service}.api", "fastapi", "starlette"], True),
    ] if section[2][0] in installed]
    if others:
        sections.append(("independent", "services never import each other", [service], others, True))
    lines = ["[importlinter]", f"root_packages =\n    {service}", "include_external_packages = True"]
    for key, name, sources, named, direct_only in sections:
        forbidden = [m for m in named if not m.startswith(f"{service}.") or m in installed]
        lines += [f"\n[importlinter:contract:{key}]", f"name = {service}: {name}", "type = forbidden",
                  "source_modules =\n    " + "\n    ".join(sources),
                  "forbidden_modules =\n    " + "\n    ".join(forbidden),
                  f"allow_indirect_imports = {direct_only}"]
    return "\n".join(lines) + "\n"


def check(service: str) -> bool:
    """True when `service` keeps every rule; import-linter prints the broken chains otherwise."""
    configuration.configure()  # import-linter's readers and printer, as its command line sets them
    candidates = (*SERVICES, *(f"{service}.{layer}" for layer in LAYERS))
    installed = tuple(name for name in candidates if _importable(name))
    with tempfile.TemporaryDirectory() as workdir:
        config = Path(workdir) / ".importlinter"
        config.write_text(contracts(service, installed), encoding="utf-8")
        return lint_imports(config_filename=str(config), cache_dir=None, no_logo=True)


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # a layer of a service that is not installed
        return False
