from datetime import UTC, date, datetime

import pytest

from list_management.domain.catalog import CertificateStatus, Officer, certificate_valid_on, status_on
from list_management.domain.errors import Conflict
from list_management.domain.versioning import FilingStatus, ListVersion, Status, series_key

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def _draft(version: int = 1) -> ListVersion:
    return ListVersion(id=f"v{version}", kind="benchmark", series_key="D/benchmark/M", version=version,
                       department_code="D", title="基准", body={"kind": "benchmark"})


def test_a_successor_ends_its_predecessor_the_day_before_it_takes_effect():
    v1 = _draft(1).publish(effective_from=date(2025, 1, 1), effective_to=None, now=NOW, predecessor=None)
    v2 = _draft(2).publish(effective_from=date(2025, 3, 1), effective_to=None, now=NOW, predecessor=v1)
    old = v1.superseded_by(v2.effective_from)
    assert (old.status, old.effective_to) == (Status.superseded, date(2025, 2, 28))
    assert old.in_force_on(date(2025, 2, 28)) and not old.in_force_on(date(2025, 3, 1))
    assert v2.in_force_on(date(2025, 3, 1))


def test_a_published_version_cannot_be_edited():
    v1 = _draft().publish(effective_from=date(2025, 1, 1), effective_to=None, now=NOW, predecessor=None)
    with pytest.raises(Conflict):
        v1.edit(title="改标题", body={})


def test_filing_cannot_skip_from_not_filed_to_accepted():
    v1 = _draft().publish(effective_from=date(2025, 1, 1), effective_to=None, now=NOW, predecessor=None)
    with pytest.raises(Conflict, match="可变更为：filed"):
        v1.file(FilingStatus.accepted, "")
    assert v1.file(FilingStatus.filed, "报备").filing_status == FilingStatus.filed


def test_series_keys_separate_the_four_lists_and_benchmarks_per_matter():
    assert series_key("D", {"kind": "leniency_list", "list_type": "不予处罚"}) == "D/leniency_list/不予处罚"
    assert series_key("D", {"kind": "benchmark", "matter_code": "M1"}) == "D/benchmark/M1"


def test_p1_certificate_status_on_a_past_date_comes_from_its_history():
    changes = [(date(2025, 6, 1), "valid", "suspended"), (date(2025, 9, 1), "suspended", "valid")]
    assert status_on(CertificateStatus.valid, changes, date(2025, 5, 31)) == CertificateStatus.valid
    assert status_on(CertificateStatus.valid, changes, date(2025, 7, 1)) == CertificateStatus.suspended
    assert status_on(CertificateStatus.valid, changes, date(2025, 9, 1)) == CertificateStatus.valid


def test_p1_an_expired_certificate_does_not_count_and_e1_auxiliaries_never_do():
    officer = Officer(person_no="P1", name="张三", department_code="D", certificate_no="C1",
                      valid_from=date(2020, 1, 1), valid_to=date(2024, 12, 31))
    assert certificate_valid_on(officer, date(2024, 12, 31)) and not certificate_valid_on(officer, date(2025, 1, 1))
    auxiliary = officer.model_copy(update={"auxiliary": True})
    assert not certificate_valid_on(auxiliary, date(2024, 6, 1))
