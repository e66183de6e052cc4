"""The project's rule reference (docs/rules.md) read as data: what each rule id a refusal names requires, its legal
source and the setting holding its local value, so a service can resolve its own `rule` ids (GET /rules/{id})."""

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

_ROW = re.compile(r'^\| <a id="(?P<id>[A-Z]+-\d+)"></a>[^|]*\| (?P<requires>[^|]+) \| (?P<source>[^|]+) \| '
                  r"(?P<setting>[^|]+) \|$")


@dataclass(frozen=True)
class Rule:
    id: str
    requires: str
    source: str
    setting: str
    section: str


@cache
def rules() -> dict[str, Rule]:
    """Every rule of the reference by id, in the reference's order; empty if the reference is not installed."""
    found: dict[str, Rule] = {}
    section = ""
    for line in _reference().splitlines():
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        elif match := _ROW.match(line.strip()):
            found[match["id"]] = Rule(match["id"], match["requires"].strip(), match["source"].strip(),
                                      match["setting"].strip(), section)
    return found


def _reference() -> str:
    packaged = resources.files("platform_errors") / "rules.md"  # in the wheel (hatch force-include)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[4] / "docs" / "rules.md"  # an editable install in the repository
    return checkout.read_text(encoding="utf-8") if checkout.is_file() else ""
