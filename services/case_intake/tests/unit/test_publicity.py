"""Penalty-decision publicity: clocks, eligibility and redaction (DOMAIN §1.3, §5.1, §9.2)."""

import json
from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from case_intake.domain.model import Decision, Party, PenaltyItem
from case_intake.domain.publicity import (
    REDACTION_VERSION,
    TRADE_SECRET_PLACEHOLDER,
    PublicityPolicy,
    PublicitySummary,
    RedactionCategory,
    masked_name,
    online_until,
    publicity_due,
    publishable,
    summary,
    withdrawal_due,
)
from case_intake.domain.vocabulary import Outcome, PartyType, PenaltyKind, Procedure
from platform_calendar import WorkCalendar

CALENDAR = WorkCalendar(unknown_year="provisional")
POLICY = PublicityPolicy()
AGENCY = "杭州市西湖区市场监督管理局"
WITNESS_ID = "330106198512240019"
WITNESS_MOBILE = "139 8765 4321"
WITNESS_LANDLINE = "0411-82345678"
CARD = "6222 0212 3456 7894"  # Luhn holds
SECRET = "该产品配方中甲组分与乙组分之比为 3:2"


def fine(amount: str) -> PenaltyItem:
    return PenaltyItem(kind=PenaltyKind.fine, amount_cny=Decimal(amount))


def decision(*penalties: PenaltyItem, outcome: Outcome = Outcome.penalty, facts: str = "当事人销售过期食品。",
             legal_basis: str = "《中华人民共和国食品安全法》第一百二十四条第一款", **extra) -> Decision:
    return Decision(decided_on=date(2025, 9, 30), decision_no="杭西市监处罚〔2025〕88号", outcome=outcome,
                    penalties=list(penalties or [fine("5000.00")]), facts=facts, legal_basis=legal_basis,
                    agency=AGENCY, **extra)


PERSON = Party(type=PartyType.natural_person, name="张三丰", id_number="110101199003071234",
               phone="13812345678", address="杭州市西湖区文三路 100 号 2 幢 301 室")
COMPANY = Party(type=PartyType.legal_person, name="杭州某某食品有限公司", credit_code="91330106MA2GL1234X",
                id_number="110101197001011230", phone="0571-88886666", address="杭州市西湖区天目山路 1 号",
                legal_representative="李四")
PERSON_FACTS = (f"经查，当事人张三丰（身份证号 {PERSON.id_number}，电话 {PERSON.phone}）在杭州市西湖区文三路 100 号 "
                f"2 幢 301 室销售过期食品，证人王五（身份证 {WITNESS_ID}，手机 +86 {WITNESS_MOBILE}，座机 {WITNESS_LANDLINE}）在场，"
                f"货款转入银行卡 {CARD}。"
                f"当事人称{SECRET}。")


def test_t3_t4_a_penalty_decision_is_published_within_7_working_days_across_national_day_2025():
    # 2025-10-01 … 10-08 are rest days; Saturday 10-11 is a 调休 working day. Counting after 09-30:
    # 10-09 (1), 10-10 (2), Sat 10-11 (3), 10-13 (4), 10-14 (5), 10-15 (6), 10-16 (7).
    clock = publicity_due(date(2025, 9, 30), CALENDAR, POLICY)
    assert clock.due.due == date(2025, 10, 16)
    assert clock.due.provisional is False
    assert clock.governing.working_days == 7 and clock.governing.rule_ids == ("T-3", "T-4")
    assert {"T-3", "T-4", "T-10", "G-1"} <= set(clock.rule_ids)


def test_t10_the_twenty_working_day_clock_governs_only_when_it_is_the_shortest():
    # 7 WD end 10-16; then 10-17 (8), 10-20…24 (9–13), 10-27…31 (14–18), 11-03 (19), 11-04 (20).
    clock = publicity_due(date(2025, 9, 30), CALENDAR, PublicityPolicy(decision_deadline_wd=25))
    assert clock.governing.rule_ids == ("T-10",)
    assert clock.due.due == date(2025, 11, 4)
    assert [option.working_days for option in clock.considered] == [25, 20]


def test_p27_t11_withdrawal_is_due_3_working_days_after_the_change_across_national_day():
    # Changed on 09-29: 09-30 (1), holiday 10-01 … 10-08, 10-09 (2), 10-10 (3).
    assert withdrawal_due(date(2025, 9, 29), CALENDAR, POLICY).due == date(2025, 10, 10)
    # Changed on 09-30: 10-09 (1), 10-10 (2), and the 调休 Saturday 10-11 (3) counts.
    due = withdrawal_due(date(2025, 9, 30), CALENDAR, POLICY)
    assert due.due == date(2025, 10, 11)
    assert due.rule_ids == ("P-27", "T-11", "G-1")


def test_t8_a_general_procedure_penalty_decision_is_published():
    warning_and_fine = decision(PenaltyItem(kind=PenaltyKind.warning), fine("5000"))
    result = publishable(warning_and_fine, Procedure.general, POLICY)
    assert result.publish is True
    assert "T-8" in result.rule_ids


def test_t8_a_warning_only_decision_is_not_published():
    result = publishable(decision(PenaltyItem(kind=PenaltyKind.warning)), Procedure.general, POLICY)
    assert result.publish is False
    assert result.rule_ids == ("T-8",)
    assert "警告" in result.reason


def test_t8_a_warning_only_decision_is_published_when_configured():
    result = publishable(decision(PenaltyItem(kind=PenaltyKind.warning)), Procedure.general,
                         PublicityPolicy(publish_warnings=True))
    assert result.publish is True
    assert "publicity.publish_warnings" in result.reason


def test_t8_a_simple_procedure_penalty_is_not_published():
    result = publishable(decision(fine("200")), Procedure.simple, POLICY)
    assert result.publish is False
    assert result.rule_ids == ("T-8",)


def test_p27_a_no_penalty_decision_is_not_published():
    result = publishable(decision(outcome=Outcome.no_penalty), Procedure.general, POLICY)
    assert result.publish is False
    assert "P-27" in result.rule_ids


def test_p27_t11_a_revoked_decision_is_not_published():
    revoked = decision(changed="撤销", changed_on=date(2025, 10, 20), changed_reason="复议决定撤销")
    result = publishable(revoked, Procedure.general, POLICY)
    assert result.publish is False
    assert result.rule_ids == ("P-27", "T-11")


def test_t7_a_natural_person_stays_online_2_years_an_organisation_5():
    person = online_until(date(2025, 10, 16), PartyType.natural_person, CALENDAR, POLICY)
    assert person.due == date(2027, 10, 16)
    due = online_until(date(2025, 10, 16), PartyType.individual_business, CALENDAR, POLICY)
    assert due.due == date(2030, 10, 16)
    assert due.rule_ids[0] == "T-7"


def test_t12_the_summary_carries_every_field_of_the_9_2_abstract():
    result = summary(decision(fine("5000.00"), PenaltyItem(kind=PenaltyKind.confiscate_gains,
                                                           amount_cny=Decimal("1200.50"))),
                     COMPANY, agency=AGENCY, violation_type="经营超过保质期的食品")
    assert result.decision_no == "杭西市监处罚〔2025〕88号"  # 行政处罚决定书文号
    assert result.party.name == "杭州某某食品有限公司"  # 当事人基本情况
    assert result.violation_type == "经营超过保质期的食品"  # 违法行为类型
    assert result.penalty_content == "罚款5000.00元；没收违法所得1200.50元"  # 行政处罚内容
    assert (result.agency, result.decided_on) == (AGENCY, date(2025, 9, 30))  # 行政机关名称和日期
    assert result.facts and result.legal_basis  # the redacted 决定书 text published with it
    schema = PublicitySummary.model_json_schema()["properties"]
    assert schema["decision_no"]["description"] == "行政处罚决定书文号"
    assert schema["party"]["description"] == "当事人基本情况"


def test_t12_amounts_stay_exact_decimals_in_json():
    dumped = json.loads(summary(decision(fine("12345.67")), COMPANY, agency=AGENCY,
                                violation_type="其他").model_dump_json())
    assert dumped["penalties"][0]["amount_cny"] == "12345.67"
    assert dumped["penalty_content"] == "罚款12345.67元"


def test_p31_the_party_id_number_and_phone_never_appear():
    for party in (PERSON, COMPANY):
        facts = f"当事人证件号 {party.id_number}，联系电话 {party.phone}。"
        dumped = summary(decision(facts=facts), party, agency=AGENCY, violation_type="其他").model_dump_json()
        assert party.id_number not in dumped and party.phone not in dumped
        assert "id_number" not in dumped and '"phone"' not in dumped


def test_p31_a_natural_persons_address_is_left_out_and_name_shown_as_surname():
    result = summary(decision(facts=PERSON_FACTS), PERSON, agency=AGENCY, violation_type="其他")
    assert result.party.name == "张**"
    assert result.party.address is None and result.party.credit_code is None
    assert "张三丰" not in result.facts and "张**" in result.facts
    assert PERSON.address not in result.facts


def test_p31_a_compound_surname_is_kept_whole():
    assert masked_name("欧阳娜娜") == "欧阳**"
    assert masked_name("王五") == "王**"


def test_p31_organisations_and_individual_businesses_keep_their_registered_name():
    company = summary(decision(), COMPANY, agency=AGENCY, violation_type="其他").party
    assert (company.name, company.credit_code, company.legal_representative) == (
        "杭州某某食品有限公司", "91330106MA2GL1234X", "李四")
    shop = Party(type=PartyType.individual_business, name="西湖区张记小吃店", credit_code="92330106MA2H00001Q")
    published = summary(decision(), shop, agency=AGENCY, violation_type="其他").party
    assert (published.name, published.credit_code) == ("西湖区张记小吃店", "92330106MA2H00001Q")


def test_p31_t12_trade_secret_passages_are_replaced():
    result = summary(decision(facts=PERSON_FACTS, trade_secret_passages=[SECRET]), PERSON, agency=AGENCY,
                     violation_type="其他")
    assert SECRET not in result.facts
    assert TRADE_SECRET_PLACEHOLDER in result.facts


def test_p31_id_and_mobile_numbers_typed_in_the_facts_are_masked():
    result = summary(decision(facts=PERSON_FACTS), PERSON, agency=AGENCY, violation_type="其他")
    assert WITNESS_ID not in result.facts and WITNESS_MOBILE not in result.facts
    assert "*" * 18 in result.facts and "*" * 11 in result.facts
    assert "王五" in result.facts  # a witness's name is not the party's; only numbers are caught in free text


def test_p31_a_landline_or_bank_card_in_the_facts_is_hidden_in_the_published_summary():
    facts = ("证人李某（座机 0411-82345678，家中电话 010 6512 3456，单位电话（0571）8888 6666）证实，"
             "当事人通过银行卡 6222021234567894、6217 0010 0000 0000 011 收取货款。")
    result = summary(decision(PenaltyItem(kind=PenaltyKind.confiscate_gains, amount_cny=Decimal("1200.50"),
                                          detail="违法所得自卡号 6217001234567890122 追缴"),
                              facts=facts, legal_basis="《食品安全法》第一百二十四条；举报电话 025-8765 4321"),
                     COMPANY, agency=AGENCY, violation_type="其他")
    assert result.facts == ("证人李某（座机 ************，家中电话 ***********，单位电话************）证实，"
                            "当事人通过银行卡 ****************、******************* 收取货款。")
    assert result.legal_basis == "《食品安全法》第一百二十四条；举报电话 ***********"
    assert result.penalties[0].detail == "违法所得自卡号 ******************* 追缴"
    assert result.penalty_content == "没收违法所得1200.50元（违法所得自卡号 ******************* 追缴）"
    assert {RedactionCategory.landline_in_text, RedactionCategory.bank_card_in_text} <= set(result.redacted)
    assert (RedactionCategory.landline_in_text.label, RedactionCategory.bank_card_in_text.label) == (
        "文中固定电话号码", "文中银行卡号")


def test_p31_t12_licence_numbers_amounts_dates_and_document_numbers_are_not_taken_for_landlines_or_cards():
    """The detector takes any 0-led run of ten to twelve digits for a landline and any Luhn-valid run of 16-19 for a
    card; the summary holds landlines to the numbering plan and leaves a valid 统一社会信用代码 alone."""
    facts = ("东市监罚〔2026〕12号、东市监罚〔2026〕0001234567号；食品经营许可证 JY13301060012345，注册号 "
             "330106000123456，统一社会信用代码 912106810000000175（Luhn 也成立的全数字代码）；批号 0123456789，"
             "发票代码 033001800204 发票号码 00123456；2026年12月03日、2026-12-03、20261203；罚款 20000 元，"
             "罚没款 ¥135000.50，货值 0.0123456789 万元；交易单号 2026120312345678901。")
    result = summary(decision(facts=facts, legal_basis=facts), COMPANY, agency=AGENCY, violation_type="其他")
    assert result.facts == facts and result.legal_basis == facts
    assert result.redacted == (RedactionCategory.id_number, RedactionCategory.phone)


def test_t6_p31_a_credit_code_in_the_text_is_public_and_not_taken_for_an_id_number_or_a_card():
    facts = f"当事人统一社会信用代码 {COMPANY.credit_code}，罚没款 20000 元。"
    result = summary(decision(facts=facts), COMPANY, agency=AGENCY, violation_type="其他")
    assert COMPANY.credit_code in result.facts and "20000" in result.facts
    luhn_too = "912106810000000175"  # all digits, valid by GB 32100 and by Luhn: still a credit code, still public
    shown = summary(decision(facts=f"统一社会信用代码 {luhn_too}"), COMPANY, agency=AGENCY, violation_type="其他")
    assert luhn_too in shown.facts


def test_p31_the_summary_records_the_version_and_categories_never_the_values():
    result = summary(decision(facts=PERSON_FACTS, trade_secret_passages=[SECRET]), PERSON, agency=AGENCY,
                     violation_type="其他")
    assert result.redaction_version == REDACTION_VERSION
    assert set(result.redacted) == set(RedactionCategory)
    dumped = result.model_dump_json()
    for value in (PERSON.id_number, PERSON.phone, PERSON.address, PERSON.name, SECRET, WITNESS_ID, WITNESS_LANDLINE,
                  CARD, "82345678", "7894"):
        assert value not in dumped


def test_p31_an_organisation_summary_records_only_what_was_hidden():
    result = summary(decision(), COMPANY, agency=AGENCY, violation_type="其他")
    assert result.redacted == (RedactionCategory.id_number, RedactionCategory.phone)


def test_t12_the_agency_defaults_to_the_deciding_agency():
    assert summary(decision(), COMPANY, violation_type="其他").agency == AGENCY


def test_t3_the_publicity_policy_refuses_unknown_keys_and_is_frozen():
    with pytest.raises(ValidationError):
        PublicityPolicy(decision_deadline=7)
    with pytest.raises(ValidationError):
        POLICY.publish_warnings = True
