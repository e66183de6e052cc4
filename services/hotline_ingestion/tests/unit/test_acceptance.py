"""Matters the hotline refuses, with the reason and the proper channel (H-8)."""

from hotline_ingestion.domain.acceptance import DEFAULT_RULES, NonAcceptanceRule, non_acceptance_reason


def test_h8_the_default_table_has_every_weifang_category():
    assert [rule.category for rule in DEFAULT_RULES] == [
        "诉讼", "仲裁", "纪检监察", "行政复议", "信息公开", "已进入信访程序", "涉密或个人隐私", "已办结事项",
    ]
    assert all(rule.keywords and rule.reason and rule.channel for rule in DEFAULT_RULES)


def test_h8_a_lawsuit_is_refused_and_sent_to_the_peoples_court():
    refusal = non_acceptance_reason("邻居欠款不还，我想起诉他，法院怎么立案？")
    assert refusal is not None
    assert (refusal.category, refusal.channel, refusal.rule_ids) == ("诉讼", "向人民法院提起诉讼", ("H-8",))
    assert refusal.matched == ("起诉",)


def test_h8_a_discipline_matter_goes_to_the_discipline_inspection_organs():
    refusal = non_acceptance_reason("举报某局科长收受贿赂、违纪吃请")
    assert refusal is not None and refusal.category == "纪检监察"
    assert refusal.channel == "向纪检监察机关反映" and refusal.matched == ("违纪", "受贿")


def test_h8_an_administrative_review_goes_to_the_review_organ():
    refusal = non_acceptance_reason("对罚款决定不服，要申请行政复议")
    assert refusal is not None and refusal.channel == "向行政复议机关申请行政复议"


def test_h8_a_petition_already_in_the_xinfang_procedure_is_refused():
    refusal = non_acceptance_reason("这件事我去年已经到信访局反映过")
    assert refusal is not None and refusal.category == "已进入信访程序"


def test_h8_an_ordinary_complaint_is_accepted():
    assert non_acceptance_reason("小区门口餐馆油烟扰民，晚上十点还在露天烧烤") is None
    assert non_acceptance_reason("超市销售过期食品，要求投诉处理") is None


def test_h8_the_first_matching_category_in_table_order_wins():
    refusal = non_acceptance_reason("劳动仲裁裁决后我又向法院起诉了")
    assert refusal is not None and refusal.category == "诉讼"


def test_h8_a_region_configures_its_own_table():
    local = [NonAcceptanceRule("民事纠纷", ("欠款",), "属于民事纠纷", "向人民调解委员会申请调解")]
    refusal = non_acceptance_reason("邻居欠款不还", local)
    assert refusal is not None and refusal.channel == "向人民调解委员会申请调解"
    assert non_acceptance_reason("我想起诉他", local) is None
