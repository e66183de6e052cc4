"""DEVELOPERS.md, non-negotiable 5: every rule the code applies has a test named after its id.

A rule id (DOMAIN.md: P-20, CR-5, …) cited in a service's source, or in the calendar library every clock
counts with, must appear in the name of a test of that same package: P-20 as `test_p20_…`, several as
`test_l1_l5_…`. The event contracts in libs/events cite ids only to document fields; they apply none.
"""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = sorted(p for p in (REPO / "services").iterdir() if (p / "src").is_dir()) + [REPO / "libs" / "calendar"]
RULE_ID = re.compile(r"\b([A-Z]{1,2})-(\d{1,2})\b")
TEST_NAME = re.compile(r"^\s*(?:async\s+)?def (test_\w+)", re.MULTILINE)
ID_IN_NAME = re.compile(r"(?<=_)([a-z]{1,2})(\d{1,2})(?=_)")


def cited(package: Path) -> set[str]:
    return {f"{letters}-{number}" for f in (package / "src").rglob("*.py")
            for letters, number in RULE_ID.findall(f.read_text(encoding="utf-8"))}


def named_in_tests(package: Path) -> set[str]:
    names = [n for f in (package / "tests").rglob("test_*.py") for n in TEST_NAME.findall(f.read_text(encoding="utf-8"))]
    return {f"{letters.upper()}-{number}" for n in names for letters, number in ID_IN_NAME.findall(f"_{n[5:]}_")}


def test_the_guard_reads_ids_from_code_and_test_names() -> None:
    assert {"L-1", "L-5"} <= {f"{a.upper()}-{b}" for a, b in ID_IN_NAME.findall("_l1_l5_review_grounds_")}
    assert RULE_ID.findall("rule_ids=(\"S-1\", \"G-1\") and CR-5") == [("S", "1"), ("G", "1"), ("CR", "5")]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_every_rule_id_cited_in_the_source_has_a_test_named_after_it(package: Path) -> None:
    ids = cited(package)
    assert ids, f"{package.name} cites no rule id: is the guard reading the right folder?"
    assert sorted(ids - named_in_tests(package)) == []
