"""What reads show of a requester (rules K-7, H-4): who called only to cleared callers; numbers in free text masked."""

from hotline_ingestion.domain.confidentiality import identifies, mask_number, redact_numbers, requester_for


def test_k7_phone_and_id_numbers_typed_into_free_text_are_masked():
    text = "我是业主，电话13812345678，座机0415-1234567，身份证210681199001011234，2025-09-30 18 号楼"
    assert redact_numbers(text) == (
        "我是业主，电话138****5678，座机0415-***4567，身份证210***********1234，2025-09-30 18 号楼")


def test_h4_k7_only_a_cleared_caller_sees_who_called():
    stored = {"name": "李女士", "phone": "0411-88886666", "anonymous": False, "keep_confidential": True}
    assert requester_for(stored, cleared=True) == stored
    assert requester_for(stored, cleared=False) == {"anonymous": False, "keep_confidential": True}
    assert identifies(stored) and not identifies({"name": None, "phone": None, "anonymous": True})


def test_k7_even_a_short_number_shows_no_more_than_its_last_four_digits():
    assert mask_number("12345") == "*2345" and mask_number("1234") == "****"
