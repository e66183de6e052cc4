"""What reads show of a requester (rules K-7, H-4): who called only to cleared callers; numbers in free text masked."""

from hotline_ingestion.domain.confidentiality import identifies, redact_numbers, requester_for


def test_k7_phone_and_id_numbers_typed_into_free_text_are_masked():
    """An ID number shows its first three and last four characters, the platform's one format
    (platform_events.personal), and only one whose GB 11643 check character holds is an ID number."""
    text = "我是业主，电话13812345678，座机0415-1234567，身份证21068119900101123X，2025-09-30 18 号楼"
    assert redact_numbers(text) == (
        "我是业主，电话138****5678，座机0415-***4567，身份证210***********123X，2025-09-30 18 号楼")


def test_k7_h4_bank_cards_and_spaced_mobiles_are_masked_order_numbers_amounts_and_dates_are_not():
    text = "退款打到6222021234567894，或打 +86 139 1234 5678；工单12345-20261203-000123，罚款¥20000，20261203 处理"
    assert redact_numbers(text) == (
        "退款打到************7894，或打 +86 139 **** 5678；工单12345-20261203-000123，罚款¥20000，20261203 处理")
    assert redact_numbers("随机串123456789012345678") == "随机串123456789012345678"  # fails the ID checksum
    assert redact_numbers(None) is None and redact_numbers("") == ""


def test_h4_k7_only_a_cleared_caller_sees_who_called():
    stored = {"name": "李女士", "phone": "0411-88886666", "anonymous": False, "keep_confidential": True}
    assert requester_for(stored, cleared=True) == stored
    assert requester_for(stored, cleared=False) == {"anonymous": False, "keep_confidential": True}
    assert identifies(stored) and not identifies({"name": None, "phone": None, "anonymous": True})

