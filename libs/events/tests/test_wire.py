"""One convention on the wire: instants in +08:00, 行政区划 codes of 6, 9 or 12 digits."""

from datetime import UTC, datetime

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from platform_events import Instant, RegionCode, RegionPrefix


class Answer(BaseModel):
    at: Instant
    region_code: RegionCode | None = None
    region: RegionPrefix | None = None


def test_an_instant_is_written_in_china_standard_time_whatever_zone_it_came_in():
    stored = Answer(at=datetime(2026, 12, 3, 5, 8, tzinfo=UTC))
    assert stored.model_dump(mode="json")["at"] == "2026-12-03T13:08:00+08:00"
    assert Answer(at="2026-12-03T21:08:00.250+16:00").model_dump(mode="json")["at"] == "2026-12-03T13:08:00.250000+08:00"
    assert stored.at.tzinfo is UTC  # only the written form changes, never the value


def test_a_naive_instant_is_refused():
    with pytest.raises(ValidationError):
        Answer(at="2026-12-03T13:08:00")


@pytest.mark.parametrize("code", ["210681", "210681001", "210681001002"])
def test_region_codes_of_6_9_and_12_digits_are_accepted(code):
    assert Answer(at=datetime.now(UTC), region_code=code).region_code == code


@pytest.mark.parametrize("code", ["21068", "2106810", "2106810010", "21068100100212", "21068a"])
def test_other_region_codes_are_refused(code):
    with pytest.raises(ValidationError):
        Answer(at=datetime.now(UTC), region_code=code)


@pytest.mark.parametrize(("prefix", "ok"), [("21", True), ("2106", True), ("210681", True), ("210681001", True),
                                            ("210681001002", True), ("210", False), ("2106810", False)])
def test_a_region_filter_takes_a_province_city_county_township_or_village_prefix(prefix, ok):
    if ok:
        assert Answer(at=datetime.now(UTC), region=prefix).region == prefix
    else:
        with pytest.raises(ValidationError):
            Answer(at=datetime.now(UTC), region=prefix)


def test_coded_values_travel_as_codes_and_publish_their_labels():
    from platform_events import CodedEnum

    class CertificateStatus(CodedEnum):
        valid = "valid", "有效", "valid"
        revoked = "revoked", "已吊销"

    class Status(CodedEnum):
        accepted = "受理", "受理", "accepted"
        dispatched = "派单"

    class Shown(BaseModel):
        certificate: CertificateStatus
        status: Status

    shown = Shown(certificate="revoked", status="受理")
    assert shown.model_dump(mode="json") == {"certificate": "revoked", "status": "受理"}
    assert shown.certificate is CertificateStatus.revoked and shown.certificate == "revoked"
    assert (CertificateStatus.revoked.label, Status.dispatched.label, Status.accepted.label_en) == (
        "已吊销", "派单", "accepted")
    defs = Shown.model_json_schema()["$defs"]
    assert defs["CertificateStatus"]["enum"] == ["valid", "revoked"]
    assert defs["CertificateStatus"]["x-enum-labels"]["revoked"] == {"zh": "已吊销", "en": "revoked"}
    assert defs["Status"]["x-enum-labels"]["派单"] == {"zh": "派单", "en": "派单"}


@pytest.mark.parametrize("number", ["0.5", "0", "1e3", 0, 1764740000, 0.5])
def test_a_number_is_never_read_as_unix_time_for_a_moment_or_a_date(number):
    from platform_events.wire import Day

    for kind in (Instant, Day):
        with pytest.raises(ValidationError, match="ISO 8601"):
            TypeAdapter(kind).validate_python(number)
    assert TypeAdapter(Day).validate_python("2026-12-03").isoformat() == "2026-12-03"
