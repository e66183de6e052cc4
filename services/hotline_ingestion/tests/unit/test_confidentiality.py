"""What reads show of a requester (rules K-7, H-4): one masking rule for the phone field and for free text."""

from hotline_ingestion.domain.confidentiality import mask_number, masked_requester, redact_numbers


def test_k7_phone_and_id_numbers_typed_into_free_text_are_masked():
    text = "我是业主，电话13812345678，座机0415-1234567，身份证210681199001011234，2025-09-30 18 号楼"
    assert redact_numbers(text) == (
        "我是业主，电话138****5678，座机0415-***4567，身份证210***********1234，2025-09-30 18 号楼")


def test_h4_the_requester_phone_is_masked_and_the_name_hidden_when_confidential():
    assert masked_requester({"name": "张先生", "phone": "13812345678"}) == {"name": "张先生", "phone": "138****5678"}
    hidden = masked_requester({"name": "李女士", "phone": "0411-88886666", "keep_confidential": True})
    assert hidden["name"] == "李**" and hidden["phone"] == "0411-****6666"


def test_k7_even_a_short_number_shows_no_more_than_its_last_four_digits():
    assert mask_number("12345") == "*2345" and mask_number("1234") == "****"
