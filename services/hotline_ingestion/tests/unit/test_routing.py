"""Routing suggestions and enforcement signals for 12345 work orders (rules H-9, H-12, H-13)."""

import pytest

from hotline_ingestion.domain.routing import (
    Department,
    Matter,
    RoutingRule,
    SignalKind,
    enforcement_signal,
    suggest_departments,
)
from hotline_ingestion.domain.vocabulary import RequestType

DONGGANG = "210681"
YUANBAO = "210602"

DEPARTMENTS = [
    Department(
        "DG-SCJG",
        "东港市市场监督管理局",
        DONGGANG,
        "市场监管",
        ["食品", "过期", "价格", "明码标价", "营业执照"],
    ),
    Department(
        "DG-STHJ", "丹东市生态环境局东港分局", DONGGANG, "生态环境", ["排污", "污水", "异味", "工业噪声"]
    ),
    Department(
        "DG-ZHZF",
        "东港市综合行政执法局",
        DONGGANG,
        "城市管理",
        ["违建", "占道经营", "油烟", "露天烧烤", "施工噪声"],
    ),
    Department("DG-ZJJ", "东港市住房和城乡建设局", DONGGANG, "住房城乡建设", ["建筑工地", "扬尘", "物业"]),
    Department("DG-JTYS", "东港市交通运输局", DONGGANG, "交通运输", ["黑车", "非法营运", "驾校"]),
    Department("DG-SFJ", "东港市司法局", DONGGANG, "司法行政", ["行政执法监督", "执法投诉", "法律援助"]),
    Department("DD-SFJ", "丹东市司法局", "210600", "司法行政", ["行政执法监督"]),
]

MATTERS = [
    Matter(
        "DG-SCJG-CF-002",
        "对未按规定期限公示或者报送年度报告的处罚",
        "DG-SCJG",
        ["年报", "经营异常名录"],
        "处罚",
    ),
    Matter(
        "DG-SCJG-CF-004",
        "对未取得食品经营许可从事食品经营活动的处罚",
        "DG-SCJG",
        ["食品经营许可", "食品"],
        "处罚",
    ),
    Matter("DG-SCJG-CF-005", "对经营超过保质期的食品的处罚", "DG-SCJG", ["过期食品", "保质期"], "处罚"),
    Matter("DG-SCJG-JC-001", "食品经营者监督检查", "DG-SCJG", ["食品", "日常检查"], "检查"),
    Matter("DG-SCJG-XK-001", "食品经营许可", "DG-SCJG", ["食品经营许可"], "许可"),
    Matter(
        "DG-STHJ-CF-003", "对超过水污染物排放标准排放水污染物的处罚", "DG-STHJ", ["超标排放", "污水"], "处罚"
    ),
    Matter("DG-STHJ-CF-010", "对超过噪声排放标准排放工业噪声的处罚", "DG-STHJ", ["工业噪声", "噪声"], "处罚"),
    Matter(
        "DG-ZHZF-CF-003",
        "对餐饮服务业经营者超过排放标准排放油烟的处罚",
        "DG-ZHZF",
        ["餐饮油烟", "油烟净化"],
        "处罚",
    ),
    Matter(
        "DG-ZHZF-CF-004", "对在禁止的时段和区域内露天烧烤食品的处罚", "DG-ZHZF", ["露天烧烤", "烧烤"], "处罚"
    ),
    Matter(
        "DG-ZHZF-CF-011",
        "对超过噪声排放标准排放建筑施工噪声的处罚",
        "DG-ZHZF",
        ["施工噪声", "夜间施工"],
        "处罚",
    ),
    Matter("DG-ZHZF-QZ-001", "对逾期不拆除的违法建设强制拆除", "DG-ZHZF", ["强制拆除"], "强制"),
]


def suggest(content, request_type=RequestType.complaint, region=DONGGANG, rules=(), **kw):
    return suggest_departments(content, request_type, region, DEPARTMENTS, MATTERS, rules, **kw)


def test_h9_barbecue_smoke_and_noise_goes_to_comprehensive_enforcement():
    top = suggest("小区楼下烧烤店油烟扰民，晚上噪音很大")[0]
    assert top.department_code == "DG-ZHZF"
    assert top.matched_rule == "catalog:DG-ZHZF-CF-004"
    assert top.matter_code == "DG-ZHZF-CF-004"
    assert top.matched_terms == ["烧烤"]


def test_h9_expired_food_goes_to_market_regulation_with_the_most_specific_matter():
    [top] = suggest("超市卖过期食品")
    assert (top.department_code, top.matter_code) == ("DG-SCJG", "DG-SCJG-CF-005")
    assert top.matched_terms == ["过期食品"]  # "食品" inside it is not counted twice


def test_h9_night_construction_noise_names_a_lead_unit_and_a_co_unit():
    suggestions = suggest("工地夜间施工噪声，吵得睡不着")
    assert [s.department_code for s in suggestions] == ["DG-ZHZF", "DG-STHJ"]
    assert suggestions[0].matched_terms == ["夜间施工", "施工噪声"]
    assert suggestions[0].score > suggestions[1].score


def test_h9_responsibility_keyword_routes_when_no_matter_matches():
    [top] = suggest("路边有黑车拉客")
    assert (top.department_code, top.matched_rule, top.matter_code) == (
        "DG-JTYS",
        "responsibility:DG-JTYS",
        None,
    )


def test_h9_two_character_keyword_across_a_word_boundary_counts_less():
    # jieba reads 去年/报名, so "年报" (annual report) is only a weak substring hit
    weak = suggest("去年报名的培训班不退钱", request_type=RequestType.consultation)[0]
    strong = suggest("公司没有按时报送年报", request_type=RequestType.consultation)[0]
    assert weak.score < strong.score


@pytest.mark.parametrize("content", ["", "   ", "谢谢你们，今天天气不错"])
def test_h9_empty_or_unmatched_content_returns_no_suggestion(content):
    assert suggest(content) == []


def test_local_rule_takes_precedence_over_catalog_evidence():
    street = RoutingRule("R-LOCAL-001", ["油烟"], "DG-JD-XC", region_prefix="2106")
    suggestions = suggest("饭店油烟太大，熏得开不了窗", rules=[street])
    assert suggestions[0].department_code == "DG-JD-XC"
    assert suggestions[0].matched_rule == "R-LOCAL-001"


def test_local_rule_names_itself_and_keeps_the_department_matter():
    rule = RoutingRule("R-LOCAL-002", ["烧烤店"], "DG-ZHZF")
    [top] = suggest("烧烤店把桌子摆到人行道上", rules=[rule])
    assert (top.matched_rule, top.matter_code) == ("R-LOCAL-002", "DG-ZHZF-CF-004")


def test_local_rule_outside_its_region_prefix_is_ignored():
    rule = RoutingRule("R-LOCAL-003", ["油烟"], "DG-JD-XC", region_prefix="3301")
    assert "R-LOCAL-003" not in {s.matched_rule for s in suggest("饭店油烟太大", rules=[rule])}


def test_local_rule_filtered_by_request_type():
    rule = RoutingRule("R-LOCAL-004", ["油烟"], "DG-JD-XC", request_types={RequestType.suggestion})
    assert (
        suggest("饭店油烟太大", request_type=RequestType.complaint, rules=[rule])[0].department_code
        == "DG-ZHZF"
    )
    assert (
        suggest("饭店油烟太大", request_type=RequestType.suggestion, rules=[rule])[0].department_code
        == "DG-JD-XC"
    )


def test_rule_weight_scales_the_score():
    light = RoutingRule("R-LOCAL-005", ["油烟"], "DG-JD-XC", weight=0.1)
    assert suggest("饭店油烟太大", rules=[light])[0].department_code == "DG-ZHZF"


def test_department_of_the_order_region_wins_the_region_bonus():
    other = Department("YB-SCJG", "元宝区市场监督管理局", YUANBAO, "市场监管", ["过期", "食品"])
    departments = [other, *DEPARTMENTS]
    here = suggest_departments("商店卖过期的食品", RequestType.complaint, YUANBAO, departments)
    there = suggest_departments("商店卖过期的食品", RequestType.complaint, DONGGANG, departments)
    assert here[0].department_code == "YB-SCJG"
    assert there[0].department_code == "DG-SCJG"
    assert here[0].score == there[0].score


def test_order_is_deterministic_and_independent_of_input_order():
    twin = Department("DG-AAA", "同名职责部门", DONGGANG, "城市管理", ["油烟"])
    forward = suggest_departments("饭店油烟太大", RequestType.complaint, DONGGANG, [*DEPARTMENTS, twin])
    backward = suggest_departments(
        "饭店油烟太大", RequestType.complaint, DONGGANG, [twin, *reversed(DEPARTMENTS)]
    )
    assert forward == backward
    assert [s.department_code for s in forward] == ["DG-AAA", "DG-ZHZF"]  # equal scores: by code


def test_top_n_limits_the_suggestions():
    content = "超市卖过期食品，饭店油烟扰民，工地夜间施工噪声，还有黑车"
    assert len(suggest(content)) == 4
    assert len(suggest(content, top_n=2)) == 2


def test_h13_s1_k5_report_matching_a_penalty_matter_is_a_violation_lead():
    signal = enforcement_signal("举报某超市销售过期食品", RequestType.report, MATTERS)
    assert signal is not None
    assert signal.kind is SignalKind.violation_report
    assert (signal.matter_code, signal.department_code) == ("DG-SCJG-CF-005", "DG-SCJG")
    assert signal.rules == ("S-1", "K-5", "H-13")


def test_h13_s1_k1_complaint_matching_an_inspection_matter_is_a_lead():
    signal = enforcement_signal("这家店的食品让人不放心，希望日常检查", RequestType.complaint, MATTERS)
    assert signal is not None
    assert (signal.kind, signal.rules) == (SignalKind.violation_report, ("S-1", "K-1", "H-13"))
    assert signal.matter_code == "DG-SCJG-JC-001"


def test_h12_m3_complaint_about_enforcement_conduct_goes_to_the_justice_bureau():
    signal = enforcement_signal(
        "城管执法人员态度粗暴，乱罚款，还吃拿卡要", RequestType.complaint, MATTERS, DEPARTMENTS, DONGGANG
    )
    assert signal is not None
    assert signal.kind is SignalKind.conduct_complaint
    assert signal.rules == ("H-12", "M-3", "M-2")
    assert signal.matched_terms == ["乱罚款", "吃拿卡要"]
    assert signal.department_code == "DG-SFJ"


def test_h12_conduct_outranks_the_matter_the_complaint_mentions():
    signal = enforcement_signal(
        "投诉监管局对超市卖过期食品不作为", RequestType.complaint, MATTERS, DEPARTMENTS, DONGGANG
    )
    assert signal is not None and signal.kind is SignalKind.conduct_complaint


def test_m2_conduct_complaint_falls_back_to_the_city_justice_bureau():
    signal = enforcement_signal("执法人员推诿扯皮", RequestType.complaint, MATTERS, DEPARTMENTS, YUANBAO)
    assert signal is not None and signal.department_code == "DD-SFJ"


@pytest.mark.parametrize(
    ("content", "request_type"),
    [
        ("超市卖过期食品怎么处理", RequestType.consultation),  # neither a complaint nor a report
        ("违建什么时候强制拆除", RequestType.report),  # a coercive matter is no lead
        ("楼道灯坏了没人修", RequestType.complaint),  # nothing in the catalog
        ("", RequestType.report),
    ],
)
def test_h13_no_signal_without_a_complaint_or_report_naming_a_penalty_or_inspection_matter(
    content, request_type
):
    assert enforcement_signal(content, request_type, MATTERS, DEPARTMENTS, DONGGANG) is None
