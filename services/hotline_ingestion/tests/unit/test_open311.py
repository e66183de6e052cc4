"""Open311 GeoReport v2 mapped onto work orders: reading requests, the 90-day window, views without the requester."""

from datetime import UTC, datetime, timedelta

import pytest

from hotline_ingestion.application import open311
from platform_errors import InvalidInput, NotFound

NOW = datetime(2025, 10, 1, 4, 0, tzinfo=UTC)
DEPARTMENT = {"code": "CG01", "name": "东港市城市管理局", "region_code": "210681", "sector": "城市管理",
              "responsibilities": ["占道经营", "油烟", "渣土"]}


def _problems(exc: pytest.ExceptionInfo) -> dict[str, str]:
    return {p.field: p.message for p in exc.value.errors}


def test_a_department_becomes_a_realtime_service_without_metadata():
    assert open311.service_of(DEPARTMENT) == {
        "service_code": "CG01", "service_name": "东港市城市管理局", "description": "占道经营；油烟；渣土",
        "metadata": False, "type": "realtime", "keywords": "占道经营,油烟,渣土", "group": "城市管理"}


def test_the_served_jurisdiction_or_none_is_accepted_and_another_does_not_exist():
    open311.check_jurisdiction(None, "dongang.gov.cn")
    open311.check_jurisdiction("", "dongang.gov.cn")
    open311.check_jurisdiction(" DONGANG.gov.cn ", "dongang.gov.cn")
    with pytest.raises(NotFound):
        open311.check_jurisdiction("sfgov.org", "dongang.gov.cn")


def test_the_spec_example_form_is_read_with_attributes_and_empty_values_count_as_absent():
    body = ("api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043"
            "&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&first_name=john"
            "&last_name=smith&phone=&description=A+large+sinkhole&attribute[request_type][]=%E4%B8%BE%E6%8A%A5"
            "&attribute[WHISDORN]=COISL001").encode()
    fields = open311.read_fields(body, "application/x-www-form-urlencoded; charset=utf-8")
    assert fields["address_string"] == "1234 5th street" and fields["attribute[request_type]"] == "举报"
    assert "phone" not in fields
    form = open311.read_request(fields)
    assert (form.lat, form.long, form.request_type, form.device_id) == (37.76524078, -122.4212043, "举报", "tt222111")


def test_a_json_object_is_read_like_the_form_with_attribute_as_an_object():
    body = '{"service_code": "CG01", "lat": 39.9, "long": 124.1, "attribute": {"request_type": "求助"}}'.encode()
    fields = open311.read_fields(body, "application/json")
    assert fields == {"service_code": "CG01", "lat": "39.9", "long": "124.1", "attribute[request_type]": "求助"}


@pytest.mark.parametrize("body, content_type", [
    (b"service_code=CG01&description=%FF%FE", "application/x-www-form-urlencoded"),  # percent-encoded non-UTF-8
    (b"service_code=CG01&description=\xff", "application/x-www-form-urlencoded"),  # raw non-UTF-8
    (b"service_code=CG01&description=a%00b", "application/x-www-form-urlencoded"),  # NUL
    (b"[1, 2]", "application/json"), (b"{not json", "application/json"), (b'{"lat": [1]}', "application/json"),
    (b"x", "multipart/form-data; boundary=x"), (b"a=1&" * 300, "application/x-www-form-urlencoded"),
])
def test_bodies_a_client_got_wrong_are_invalid_input_never_a_crash(body, content_type):
    with pytest.raises(InvalidInput):
        open311.read_fields(body, content_type)


def test_a_location_is_required_and_lat_long_come_as_a_valid_pair():
    with pytest.raises(InvalidInput) as none:
        open311.read_request({"service_code": "CG01"})
    assert "location" in _problems(none)
    with pytest.raises(InvalidInput) as half:
        open311.read_request({"service_code": "CG01", "lat": "39.9"})
    assert "long" in _problems(half)
    with pytest.raises(InvalidInput) as bad:
        open311.read_request({"service_code": "CG01", "lat": "95", "long": "nan"})
    assert set(_problems(bad)) == {"lat", "long"}
    with pytest.raises(InvalidInput) as address_id:
        open311.read_request({"service_code": "CG01", "address_id": "545483"})
    assert "address_id" in _problems(address_id)


def test_service_code_is_required_and_every_other_problem_is_reported_at_once():
    with pytest.raises(InvalidInput) as missing:
        open311.read_request({"address_string": "新兴路 18 号"})
    assert _problems(missing) == {"service_code": "required"}
    with pytest.raises(InvalidInput) as many:
        open311.read_request({"service_code": "CG01", "address_string": "新兴路 18 号", "description": "长" * 4001,
                              "media_url": "javascript:alert(1)", "phone": "call me",
                              "attribute[request_type]": "闲聊"})
    assert set(_problems(many)) == {"description", "media_url", "phone", "attribute[request_type]"}


def test_a_phone_written_with_spaces_and_brackets_is_normalised():
    form = open311.read_request({"service_code": "CG01", "address_string": "x", "phone": "(0415) 123 4567"})
    assert form.phone == "04151234567"


def test_chinese_names_are_written_family_name_first_others_given_name_first():
    assert open311.requester_name("三", "张") == "张三"
    assert open311.requester_name("john", "smith") == "john smith"
    assert open311.requester_name(None, "张") == "张"
    assert open311.requester_name(None, None) is None


def test_an_idempotency_key_always_gives_the_same_order_number_and_none_a_fresh_one():
    assert open311.order_no_for("retry-42") == open311.order_no_for(" retry-42 ")
    assert open311.order_no_for("retry-42") != open311.order_no_for("retry-43")
    assert open311.order_no_for(None) != open311.order_no_for(None)
    assert all(len(open311.order_no_for(k)) <= 64 and open311.order_no_for(k).startswith("OPEN311-")
               for k in (None, "k"))
    with pytest.raises(InvalidInput):
        open311.order_no_for("x" * 256)


def test_a_service_request_becomes_the_work_order_the_hotline_would_send():
    form = open311.read_request({"service_code": "CG01", "lat": "39.9", "long": "124.1", "device_id": "d1",
                                 "first_name": "三", "last_name": "张", "phone": "13812345678",
                                 "description": "人行道上有商贩占道经营", "media_url": "https://img.example/a/1.jpg"})
    order = open311.intake_for(form, DEPARTMENT, "OPEN311-abc", NOW)
    assert (order.channel, order.request_type, order.region_code, order.received_at) == ("APP", "投诉", "210681", NOW)
    assert (order.requester.name, order.requester.phone, order.requester.anonymous) == ("张三", "13812345678", False)
    assert order.attachments[0].model_dump() == {"file_name": "1.jpg", "media_type": "image/jpeg", "size_bytes": 0,
                                                 "url": "https://img.example/a/1.jpg", "sha256": None}
    web = open311.intake_for(open311.read_request({"service_code": "CG01", "address_string": "新兴路 18 号"}),
                             DEPARTMENT, "OPEN311-def", NOW)
    assert web.channel == "网站" and web.requester.anonymous and "东港市城市管理局" in web.content


def test_a_too_short_description_is_reported_under_its_georeport_name():
    form = open311.read_request({"service_code": "CG01", "address_string": "新兴路 18 号", "description": "脏"})
    with pytest.raises(InvalidInput) as exc:
        open311.intake_for(form, DEPARTMENT, "OPEN311-abc", NOW)
    assert list(_problems(exc)) == ["description"]


def test_the_default_window_is_the_last_90_days_and_a_longer_span_is_refused():
    assert open311.window(None, None, NOW) == (NOW - timedelta(days=90), NOW)
    start = NOW - timedelta(days=10)
    assert open311.window(start, None, NOW) == (start, start + timedelta(days=90))
    assert open311.window(None, NOW, NOW) == (NOW - timedelta(days=90), NOW)
    with pytest.raises(InvalidInput):
        open311.window(NOW - timedelta(days=91), NOW, NOW)
    with pytest.raises(InvalidInput):
        open311.window(NOW, NOW - timedelta(seconds=1), NOW)


def test_ids_override_every_other_argument_and_lists_may_be_comma_delimited_or_repeated():
    assert open311.read_query("a, b,,a", ["X"], "nonsense", None, ["bogus"], NOW) == open311.RequestsQuery(
        ids=("a", "b"))
    query = open311.read_query(None, ["CG01,CG02", "CG03"], "2025-09-01T00:00:00Z", "2025-09-30", ["closed"], NOW)
    assert query.service_codes == ("CG01", "CG02", "CG03") and query.closed is True
    assert query.start == datetime(2025, 9, 1, tzinfo=UTC)
    assert query.end == datetime(2025, 9, 29, 16, 0, tzinfo=UTC)  # a date is that day in Beijing time
    assert open311.read_query(None, [], None, None, ["open,closed"], NOW).closed is None


@pytest.mark.parametrize("start, statuses", [("2025-09-01T00:00:00", []), ("yesterday", []), (None, ["pending"])])
def test_naive_or_unreadable_dates_and_unknown_statuses_are_invalid_input(start, statuses):
    with pytest.raises(InvalidInput):
        open311.read_query(None, [], start, None, statuses, NOW)


@pytest.mark.parametrize("status, expected", [
    ("受理", "open"), ("派单", "open"), ("退单", "open"), ("回复", "open"),
    ("办结", "closed"), ("回访", "closed"), ("评价", "closed"), ("不予受理", "closed"), ("已合并", "closed"),
])
def test_work_order_statuses_map_to_open_or_closed(status, expected):
    assert open311.open311_status(status) == expected


def _row(**overrides) -> dict:
    return {"id": "wo-1", "status": "派单", "content": "占道经营，电话13812345678", "address": "新兴路 18 号",
            "received_at": NOW, "updated_at": NOW + timedelta(hours=1), "due_at": NOW + timedelta(days=7),
            "due_provisional": False,
            "latitude": 39.9, "longitude": 124.1, "attachments": [{"url": "https://img.example/1.jpg"}],
            "not_accepted_reason": None, "proper_channel": None, "lead_unit": "CG01", "service_code": "CG01",
            "service_name": "东港市城市管理局", "agency_name": "东港市城市管理局", "last_reason": "请尽快处理"} | overrides


def test_a_work_order_is_shown_with_exactly_the_spec_fields_in_beijing_time():
    view = open311.request_view(_row())
    assert list(view) == ["service_request_id", "status", "status_notes", "service_name", "service_code",
                          "description", "agency_responsible", "service_notice", "requested_datetime",
                          "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long",
                          "media_url"]
    assert view["requested_datetime"] == "2025-10-01T12:00:00+08:00"
    assert view["expected_datetime"] == "2025-10-08T12:00:00+08:00"
    assert view["description"] == "占道经营，电话138****5678"
    assert (view["status"], view["status_notes"], view["media_url"]) == ("open", "请尽快处理",
                                                                         "https://img.example/1.jpg")
    assert view["service_notice"].startswith("已受理")


def test_g1_a_provisional_expected_datetime_says_so_in_the_service_notice():
    view = open311.request_view(_row(due_provisional=True))
    assert view["expected_datetime"] == "2025-10-08T12:00:00+08:00"
    assert "暂定" in view["service_notice"] and "节假日安排尚未公布" in view["service_notice"]
    assert "暂定" not in open311.request_view(_row())["service_notice"]


def test_h8_a_refused_order_is_closed_and_names_the_proper_channel():
    view = open311.request_view(_row(status="不予受理", due_at=None, not_accepted_reason="属于应当通过诉讼解决的事项",
                                     proper_channel="向人民法院提起诉讼", lead_unit=None, agency_name=None))
    assert view["status"] == "closed"
    assert view["status_notes"] == "属于应当通过诉讼解决的事项；向人民法院提起诉讼"
    assert view["service_notice"] == "不予受理：属于应当通过诉讼解决的事项。请向人民法院提起诉讼。"
    assert view["agency_responsible"] is None and view["expected_datetime"] is None
