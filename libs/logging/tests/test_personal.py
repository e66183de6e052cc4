"""Issue 12 item 6: personal numbers in free text are found by kind and masked (rules K-7, H-4, P-31); numbers that
are not personal, and runs whose checksum fails, are left alone."""

import pytest

from platform_logging.personal import find_personal, is_bank_card, is_resident_id, redact

VALID_ID = "11010519491231002X"  # GB 11643's own example: check character X
VALID_ID_DIGIT = "110101199003074514"  # check digit 4
VALID_CARD = "6222021234567894"  # Luhn holds
VALID_CARD_19 = "6217001234567890122"


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_personal(text)]


def test_k7_resident_id_numbers_are_verified_by_the_gb11643_checksum():
    assert is_resident_id(VALID_ID) and is_resident_id(VALID_ID.lower()) and is_resident_id(VALID_ID_DIGIT)
    assert not is_resident_id("110105194912310021")  # one check character off
    assert not is_resident_id("110101199003074515")
    assert not is_resident_id("11010519491231002")  # 17 characters


def test_k7_bank_card_numbers_are_verified_by_luhn():
    assert is_bank_card(VALID_CARD) and is_bank_card(VALID_CARD_19) and is_bank_card("6222 0212 3456 7894")
    assert not is_bank_card("6222021234567895")
    assert not is_bank_card("622202123456789")  # 15 digits


def test_k7_numbers_embedded_in_chinese_text_are_found_with_their_kind():
    text = (f"我叫张三，手机13812345678，座机0411-84567890，身份证号{VALID_ID}，"
            f"退款请打到卡{VALID_CARD}上，谢谢")
    assert _kinds(text) == [("mobile", "13812345678"), ("landline", "0411-84567890"),
                            ("id_number", VALID_ID), ("bank_card", VALID_CARD)]
    assert redact(text) == ("我叫张三，手机138****5678，座机0411-****7890，身份证号**************002X，"
                            "退款请打到卡************7894上，谢谢")


@pytest.mark.parametrize(("typed", "masked"), [
    ("+86 138 1234 5678", "+86 138 **** 5678"),
    ("+8613812345678", "+86138****5678"),
    ("86-139-1234-5678", "86-139-****-5678"),
    ("(+86)13712345678", "(+86)137****5678"),
    ("138-1234-5678", "138-****-5678"),
    ("010 12345678", "010 ****5678"),
    ("02012345678", "020****5678"),
    ("6222 0212 3456 7894", "**** **** **** 7894"),
    (VALID_CARD_19, "***************0122"),
    (VALID_ID_DIGIT, "**************4514"),
])
def test_k7_a_mobile_keeps_its_first_three_digits_everything_else_only_its_last_four(typed, masked):
    assert redact(f"电话：{typed}。") == f"电话：{masked}。"


@pytest.mark.parametrize("text", [
    "工单号WO20261203000123已受理",  # an order number (letters touch the digits)
    "12345-20261203-000123 号工单",  # a hotline reference number
    "罚款金额¥20000，没收违法所得¥135000",
    "处罚日期20261203，决定书编号2026120300011",
    "随机数字123456789012345678不是身份证",  # 18 digits, GB 11643 check fails
    "流水号110105194912310021",  # an ID-shaped run with a wrong check character
    "卡号6222021234567895",  # 16 digits, Luhn fails
    "2026-12-03 18:30，18 号楼 3 单元 502 室",
    "12号楼的1380户",  # short runs
    "138123456789",  # twelve digits: not a mobile, no area code, no card
])
def test_k7_numbers_that_are_not_personal_are_left_alone(text):
    assert find_personal(text) == [] and redact(text) == text


def test_k7_a_longer_reading_wins_where_two_overlap():
    """An ID number that also passes Luhn is one ID number, not a card plus a phone inside it."""
    assert [f.kind for f in find_personal(f"证件{VALID_ID_DIGIT}")] == ["id_number"]
    assert redact(None) is None and redact("") == ""
