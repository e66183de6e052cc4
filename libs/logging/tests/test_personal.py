"""Issue 12 item 6: personal numbers in free text are found by kind and masked (rules K-7, H-4, P-31); numbers that
are not personal, and runs whose checksum fails, are left alone."""

import pytest

from platform_logging.personal import (
    find_personal,
    find_unmasked,
    is_bank_card,
    is_credit_code,
    is_landline,
    is_resident_id,
    mask_address,
    mask_document,
    mask_id_number,
    mask_phone,
    redact,
)

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
    assert redact(text) == ("我叫张三，手机138****5678，座机0411-****7890，身份证号110***********002X，"
                            "退款请打到卡************7894上，谢谢")


@pytest.mark.parametrize(("typed", "masked"), [
    ("+86 138 1234 5678", "+86 138 **** 5678"),
    ("+8613812345678", "+86138****5678"),
    ("86-139-1234-5678", "86-139-****-5678"),
    ("(+86)13712345678", "(+86)137****5678"),
    ("138-1234-5678", "138-****-5678"),
    ("010 12345678", "010 ****5678"),
    ("02012345678", "020****5678"),
    ("010 6512 3456", "010 **** 3456"),  # a landline in groups, its area code set apart: the area code shows
    ("0411-8234-5678", "0411-****-5678"),
    ("(0411)82345678", "(0411)****5678"),
    ("（0571）8888 6666", "（0571）**** 6666"),
    ("6222 0212 3456 7894", "**** **** **** 7894"),
    (VALID_CARD_19, "***************0122"),
    (VALID_ID_DIGIT, "110***********4514"),
])
def test_k7_a_mobile_and_an_id_number_keep_their_first_three_digits_and_last_four_a_card_only_its_last_four(typed, masked):
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


def test_t6_is_credit_code_holds_a_code_to_its_gb_32100_check_character():
    """A 统一社会信用代码 is public (T-6); the check keeps a Luhn-valid all-digit one from being taken for a card."""
    for code in ("91330106MA2GL1234X", "914403001922038216", "92330106MA2H00001Q"):
        assert is_credit_code(code) == is_credit_code(code.lower())
    assert is_credit_code("912106810000000175") and is_bank_card("912106810000000175")  # all digits, Luhn holds too
    assert is_credit_code("914403001922038216")
    assert not is_credit_code("914403001922038217")  # one digit off: the check character no longer holds
    assert not is_credit_code("91440300192203821")  # 17 characters
    assert not is_credit_code("9144030019220382I6")  # I is not of the alphabet


def test_p31_is_landline_holds_a_number_to_the_numbering_plan():
    """find_personal errs towards hiding any 0-led run of landline shape; is_landline is the stricter test for text
    that must stay as written (a published summary)."""
    for number in ("0411-82345678", "010 6512 3456", "(0571)8888 6666", "02087654321", "0415-2345678"):
        assert is_landline(number), number
    for number in ("0001234567", "0123456789", "033001800204", "010 12345678", "0415-1234567", "021234567894"):
        assert not is_landline(number), number  # area code 00x/01x but 010, or a subscriber number led by 0 or 1


def test_k7_a_longer_reading_wins_where_two_overlap():
    """An ID number that also passes Luhn is one ID number, not a card plus a phone inside it."""
    assert [f.kind for f in find_personal(f"证件{VALID_ID_DIGIT}")] == ["id_number"]
    assert redact(None) is None and redact("") == ""


@pytest.mark.parametrize(("stored", "shown"), [
    (VALID_ID, "110***********002X"),  # the same form `redact` gives an ID number in text
    ("110101490101001", "110********1001"),  # a 15-digit ID number of the first generation
    ("E12345678", "*****5678"),  # a passport: no region to keep
    ("1234567", "*******"),
])
def test_k7_p31_an_id_number_field_keeps_its_first_three_and_last_four_characters_a_short_one_less(stored, shown):
    assert mask_id_number(stored) == shown


@pytest.mark.parametrize(("stored", "shown"), [
    ("13900002222", "139****2222"),
    ("+86 139 0000 2222", "+86 139 **** 2222"),
    ("0411-88886666", "0411-****6666"),
    ("12345678", "****5678"),  # neither a mobile nor a landline: the last four only
    ("95598", "*****"),  # seven digits or fewer: nothing
])
def test_k7_p31_a_phone_field_is_masked_as_text_masks_it(stored, shown):
    assert mask_phone(stored) == shown == (redact(stored) if find_personal(stored) else shown)


@pytest.mark.parametrize(("address", "shown"), [
    ("辽宁省丹东市东港市新兴路 18 号 3 单元 502 室", "辽宁省丹东市东港市****"),
    ("东港市新兴路18号", "东港市****"),
    ("北京市朝阳区幸福小区3号楼", "北京市朝阳区****"),  # a compound named …小区 is not a district
    ("广西壮族自治区南宁市青秀区民族大道100号", "广西壮族自治区南宁市青秀区****"),
    ("东港市新兴路市场5号", "东港市****"),  # a street name followed by 市场 is not a city
    ("新兴路 18 号", "****"),
    ("辽宁省丹东市", "辽宁省丹东市"),  # nothing below the divisions to hide
])
def test_p31_a_natural_persons_address_keeps_province_city_and_county_only(address, shown):
    assert mask_address(address) == shown


def test_k7_p31_a_document_is_masked_by_field_and_by_text_identifiers_stay_and_dropped_keys_go():
    document = {"party": {"type": "自然人", "id_number": VALID_ID, "phone": "13900002222",
                          "address": "东港市新兴路18号"},
                "company": {"type": "法人", "address": "东港市新兴路18号"},
                "facts": f"当事人留电话13900002222，卡{VALID_CARD}", "case_no": "东市监罚〔2026〕13900002222号",
                "evidence": [{"id": "13900002222", "title": "证人证言，证人手机13712345678"}],
                "reporter": {"name": "李某"}, "fine_cny": 20000}
    shown = mask_document(document, drop=frozenset({"reporter"}), organisation=lambda d: d.get("type") == "法人")
    assert shown == {"party": {"type": "自然人", "id_number": "110***********002X", "phone": "139****2222",
                               "address": "东港市****"},
                     "company": {"type": "法人", "address": "东港市新兴路18号"},
                     "facts": "当事人留电话139****2222，卡************7894", "case_no": "东市监罚〔2026〕13900002222号",
                     "evidence": [{"id": "13900002222", "title": "证人证言，证人手机137****5678"}], "fine_cny": 20000}


def test_k7_find_unmasked_names_the_known_numbers_a_dump_still_shows_however_they_are_typed():
    dump = f'{{"content": "回电 139 0000 2222"}}\n2026-12-03 party={VALID_ID.lower()} card=************7894'
    assert find_unmasked(dump, ["13900002222", VALID_ID, VALID_CARD, "13712345678", ""]) == ["13900002222", VALID_ID]
    assert find_unmasked(redact(dump), ["13900002222", VALID_ID, VALID_CARD]) == []  # masked forms are no hit
