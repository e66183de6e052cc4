"""The platform's import rules hold for this service (domain pure, api without storage, no other service)."""

from platform_devstack.import_rules import check


def test_inspection_scheduling_keeps_the_platform_import_rules() -> None:
    assert check("inspection_scheduling")
