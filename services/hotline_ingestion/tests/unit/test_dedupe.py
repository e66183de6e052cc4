"""Repeat requests (重复件): same region, same party or address, similar content, inside the window."""

from datetime import datetime, timedelta, timezone

from hotline_ingestion.domain.dedupe import (
    DedupePolicy,
    MatchedOn,
    Request,
    address_key,
    find_parent,
    similarity,
)

CST = timezone(timedelta(hours=8))
AT = datetime(2026, 3, 2, 9, 0, tzinfo=CST)
POLICY = DedupePolicy()


def _req(id_: str, content: str, *, at: datetime = AT, party: str | None = "老李烧烤店", credit: str | None = None,
         address: str | None = None, region: str = "210681") -> Request:
    return Request(id_, f"NO-{id_}", at, region, party, credit, address_key(address), content)


FIRST = _req("a", "小区楼下烧烤店油烟扰民，晚上噪音很大", address="东港市新兴路 18 号")


def test_address_keys_ignore_spacing_punctuation_and_full_width_digits():
    assert address_key("东港市新兴路 18 号") == address_key("东港市新兴路１８号") == "东港市新兴路18号"
    assert address_key(None) is None and address_key(" ，") is None


def test_similarity_is_the_share_of_the_shorter_request_repeated():
    a, b = frozenset({"烧烤店", "油烟", "晚上"}), frozenset({"烧烤店", "油烟", "噪音", "扰民"})
    assert similarity(a, b) == 2 / 3
    assert similarity(a, frozenset()) == 0.0


def test_the_same_party_with_similar_content_in_the_window_is_a_repeat():
    again = _req("b", "楼下烧烤店油烟太大，晚上吵得睡不着", at=AT + timedelta(hours=20))
    match = find_parent(again, [FIRST], POLICY)
    assert match is not None and match.parent.id == "a" and match.matched_on == MatchedOn.party_name
    assert "NO-a" in match.explain()


def test_the_same_address_links_requests_naming_no_party():
    first = _req("a", "新兴路18号门前下水道堵塞污水外溢", party=None, address="新兴路18号")
    again = _req("b", "新兴路 18 号门前下水道又堵了，污水外溢", party=None, address="新兴路 18 号")
    match = find_parent(again, [first], POLICY)
    assert match is not None and match.matched_on == MatchedOn.address


def test_a_credit_code_outranks_the_name():
    code = "91210681MA0XXXXX1Q"
    first = _req("a", "烧烤店油烟扰民噪音很大", party="老李烧烤", credit=code)
    again = _req("b", "烧烤店油烟扰民", party="李记烧烤店", credit=code)
    assert find_parent(again, [first], POLICY).matched_on == MatchedOn.credit_code


def test_outside_the_window_another_region_or_dissimilar_content_is_a_new_matter():
    late = _req("b", "楼下烧烤店油烟太大，晚上吵得睡不着", at=AT + timedelta(days=8))
    assert find_parent(late, [FIRST], POLICY) is None
    elsewhere = _req("c", "楼下烧烤店油烟太大，晚上吵得睡不着", region="210682")
    assert find_parent(elsewhere, [FIRST], POLICY) is None
    other_matter = _req("d", "老李烧烤店拖欠员工工资三个月")
    assert find_parent(other_matter, [FIRST], POLICY) is None


def test_the_window_and_threshold_are_configuration():
    late = _req("b", "楼下烧烤店油烟太大，晚上吵得睡不着", at=AT + timedelta(days=8))
    assert find_parent(late, [FIRST], DedupePolicy(window_hours=24 * 10)) is not None
    again = _req("c", "楼下烧烤店油烟太大，晚上吵得睡不着")
    assert find_parent(again, [FIRST], DedupePolicy(min_similarity=0.95)) is None
    assert find_parent(again, [FIRST], DedupePolicy(enabled=False)) is None


def test_the_most_similar_candidate_wins_then_the_earliest():
    loose = _req("x", "烧烤店晚上营业", at=AT - timedelta(hours=2))
    close = _req("y", "楼下烧烤店油烟扰民晚上噪音大", at=AT + timedelta(hours=1))
    again = _req("z", "楼下烧烤店油烟扰民，晚上噪音大", at=AT + timedelta(hours=3))
    assert find_parent(again, [loose, close], POLICY).parent.id == "y"
    twin = _req("w", "楼下烧烤店油烟扰民晚上噪音大", at=AT)
    assert find_parent(again, [close, twin], POLICY).parent.id == "w"


def test_match_keys_are_what_find_parent_compares_on():
    from hotline_ingestion.domain.dedupe import match_keys

    request = _req("k", "内容", party="老李 烧烤店", credit="91210681MA0XXXXX1Q", address="新兴路 18 号")
    assert match_keys(request) == [("credit_code", "91210681MA0XXXXX1Q"), ("party_name", "老李烧烤店"),
                                   ("address", "新兴路18号")]
    assert match_keys(_req("n", "内容", party=None)) == []
