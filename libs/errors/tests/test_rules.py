"""The rule reference read as data: every row of docs/rules.md, with what the rule requires and where it comes from."""

from pathlib import Path

from platform_errors.rules import rules

REFERENCE = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def test_every_row_of_the_reference_is_read():
    assert len(rules()) == REFERENCE.read_text(encoding="utf-8").count('<a id="')


def test_a_rule_says_what_it_requires_its_source_and_its_setting():
    p20 = rules()["P-20"]
    assert "90" in p20.requires and "行政处罚法" in p20.source and p20.setting
    assert rules()["H-2"].section  # the heading it is listed under
