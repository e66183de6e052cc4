"""DEVELOPERS.md, non-negotiable 5: every rule the code applies has a test named after its id.

A rule id (P-20, CR-5, …) cited in a service's source, or in the calendar library every clock
counts with, must appear in the name of a test of that same package: P-20 as `test_p20_…`, several as
`test_l1_l5_…`. The event contracts in libs/events cite ids only to document fields; they apply none.

Every id cited in code or named in a README has a row, with its own anchor, in the project's rule reference
(docs/rules.md), and no README links to a file outside the repository.
"""

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = sorted(p for p in (REPO / "services").iterdir() if (p / "src").is_dir()) + [REPO / "libs" / "calendar"]
RULE_ID = re.compile(r"\b([A-Z]{1,2})-(\d{1,2})\b")
TEST_NAME = re.compile(r"^\s*(?:async\s+)?def (test_\w+)", re.MULTILINE)
ID_IN_NAME = re.compile(r"(?<=_)([a-z]{1,2})(\d{1,2})(?=_)")
REFERENCE = REPO / "docs" / "rules.md"
ANCHORED_ID = re.compile(r'<a id="([A-Z]{1,2}-\d{1,2})"></a>([A-Z]{1,2}-\d{1,2})')
READMES = [REPO / "README.md", *sorted(REPO.glob("services/*/README.md")), *sorted(REPO.glob("libs/*/README.md")),
           REPO / "deploy" / "README.md", REPO / "bench" / "README.md"]
INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")
LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


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


def cited_in_code() -> set[str]:
    """The guard's ids, plus those the shared libraries' sources name (e.g. event contracts documenting a field)."""
    libraries = {f"{letters}-{number}" for f in (REPO / "libs").glob("*/src/**/*.py")
                 for letters, number in RULE_ID.findall(f.read_text(encoding="utf-8"))}
    return libraries.union(*(cited(package) for package in PACKAGES))


def reference_rows() -> list[tuple[int, str]]:
    """(line number, first cell) of every table row of the reference, header rows left out."""
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    return [(n, line.split("|")[1].strip()) for n, line in enumerate(lines, 1)
            if line.startswith("| ") and line.split("|")[1].strip() != "Id"]


def documented() -> set[str]:
    return {match.group(1) for _, cell in reference_rows() if (match := ANCHORED_ID.fullmatch(cell))}


def leaves_repository(document: Path, target: str) -> bool:
    """Whether a Markdown link target in `document` points outside the repository (a URL on the web does not)."""
    if SCHEME.match(target):
        return target.lower().startswith("file:")
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return False
    if path.startswith("/"):
        return True
    return not Path(os.path.normpath(document.parent / path)).is_relative_to(REPO)


def test_the_reference_guard_reads_anchors_and_links() -> None:
    assert ANCHORED_ID.fullmatch('<a id="CR-5"></a>CR-5').groups() == ("CR-5", "CR-5")
    readme = REPO / "services" / "list_management" / "README.md"
    assert leaves_repository(readme, "../../../shared/DOMAIN.md")
    assert leaves_repository(readme, "/etc/passwd") and leaves_repository(readme, "file:///tmp/x.md")
    assert not leaves_repository(readme, "../../docs/rules.md#P-1")
    assert not leaves_repository(readme, "#configuration") and not leaves_repository(readme, "https://gb688.cn/")


def test_every_rule_id_cited_in_code_has_a_row_in_the_rule_reference() -> None:
    assert sorted(cited_in_code() - documented(), key=_id_order) == []


def test_every_rule_id_named_in_a_readme_has_a_row_in_the_rule_reference() -> None:
    named = {f"{letters}-{number}" for readme in READMES
             for letters, number in RULE_ID.findall(readme.read_text(encoding="utf-8"))}
    assert sorted(named - documented(), key=_id_order) == []


def test_every_row_of_the_rule_reference_has_its_own_anchor() -> None:
    rows = reference_rows()
    assert len(rows) > 50, "docs/rules.md has almost no rows: is the guard reading its tables?"
    unanchored = [f"docs/rules.md:{n}: {cell}" for n, cell in rows
                  if not ((match := ANCHORED_ID.fullmatch(cell)) and match.group(1) == match.group(2))]
    assert unanchored == []
    anchors = re.findall(r'<a id="([^"]+)"></a>', REFERENCE.read_text(encoding="utf-8"))
    assert sorted({a for a in anchors if anchors.count(a) > 1}) == []


@pytest.mark.parametrize("document", [*READMES, *sorted((REPO / "docs").glob("*.md"))],
                         ids=lambda p: str(p.relative_to(REPO)))
def test_no_readme_links_outside_the_repository(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    targets = [(m.start(1), m.group(1)) for pattern in (INLINE_LINK, LINK_DEFINITION) for m in pattern.finditer(text)]
    outside = [f"{document.relative_to(REPO)}:{text.count(chr(10), 0, at) + 1}: {target}"
               for at, target in sorted(targets) if leaves_repository(document, target)]
    assert outside == []


def _id_order(rule_id: str) -> tuple[str, int]:
    letters, number = rule_id.split("-")
    return letters, int(number)
