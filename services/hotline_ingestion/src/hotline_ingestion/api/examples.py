"""Examples the OpenAPI document shows for the main answers: one 东港市 12345 complaint about a barbecue stall."""

ORDER_ID = "0b8e4f52-6a1d-4c3b-9e7f-2d5a8c1b3e64"
REPEAT_ID = "7c2d9e10-4b5a-4f6e-8d3c-1a2b3c4d5e6f"
REQUESTER = {"name": "张先生", "phone": "13812345678", "anonymous": False, "keep_confidential": False}

WORK_ORDER_ROW_EXAMPLE = {
    "id": ORDER_ID, "order_no": "DG12345-20261203-0158", "received_at": "2026-12-03T09:12:40+08:00",
    "channel": "电话", "request_type": "投诉", "urgency": "一般",
    "content": "新兴路 88 号楼下老李烧烤店油烟扰民，晚上十点后噪音很大，请联系我 138****5678",
    "address": "东港市大东街道新兴路 88 号", "address_key": "东港市大东街道新兴路88号", "region_code": "210681001",
    "requester": {"anonymous": False, "keep_confidential": False},  # as an uncleared caller reads it (K-7, H-4)
    "reported_party_name": "东港市老李烧烤店", "reported_party_credit_code": None, "attachments": [
        {"file_name": "油烟照片.jpg", "media_type": "image/jpeg", "size_bytes": 482113,
         "url": "https://12345.dg.example.gov.cn/files/0158-1.jpg", "sha256": None}],
    "status": "派单", "not_accepted_reason": None, "proper_channel": None, "parent_id": None, "merged_at": None,
    "matter_code": "DG-ZHZF-CF-017", "latitude": None, "longitude": None, "service_code": None,
    "lifecycle": {"lead_unit": "DG-ZHZF", "co_units": ["DG-HBJ"], "returns_by_unit": {}, "designated": False,
                  "pending_extension_days": 0, "extension_days": 0, "supervised": False, "rehandle_count": 0,
                  "evaluation": None, "paused_since": None, "pauses": []},
    "due_at": "2026-12-10T09:12:40+08:00", "due_provisional": False,
    "created_at": "2026-12-03T09:12:41+08:00", "updated_at": "2026-12-03T09:30:05+08:00",
    "created_by": "dg-12345-platform",
}

CLOCK = {"kind": "handling", "state": "running", "due_on": None, "due_at": "2026-12-10T09:12:40+08:00",
         "provisional": False, "calendar_version": "chinese-calendar 1.11.0", "rule_ids": ["H-3", "H-7"],
         "paused_since": None, "extensions": [],
         "history": [{"at": "2026-12-03T09:12:41+08:00", "note": "started", "due_on": None,
                      "due_at": "2026-12-10T09:12:40+08:00", "provisional": False,
                      "calendar_version": "chinese-calendar 1.11.0"}]}

WORK_ORDER_EXAMPLE = WORK_ORDER_ROW_EXAMPLE | {
    "requester": REQUESTER,
    "content": "新兴路 88 号楼下老李烧烤店油烟扰民，晚上十点后噪音很大，请联系我 13812345678",
    "history": [
        {"id": 30117, "work_order_id": ORDER_ID, "action": "受理", "from_status": None, "to_status": "受理",
         "actor": "dg-12345-platform", "reason": "", "rule_ids": ["H-2"], "details": {},
         "at": "2026-12-03T09:12:41+08:00"},
        {"id": 30142, "work_order_id": ORDER_ID, "action": "派单", "from_status": "受理", "to_status": "派单",
         "actor": "dg-12345-centre", "reason": "油烟噪音属综合执法", "rule_ids": ["H-9"],
         "details": {"routing": {"decision": "confirmed", "chosen": "DG-ZHZF", "suggested": [
             {"department_code": "DG-ZHZF", "score": 5.5, "matched_rule": "catalog:DG-ZHZF-CF-017"}]},
             "caller": {"actor": "dg-12345-centre", "client_id": "dg-12345-centre", "acting_client": None}},
         "at": "2026-12-03T09:30:05+08:00"}],
    "clock": CLOCK, "clock_state": "running",
    "repeats": [{"id": REPEAT_ID, "order_no": "DG12345-20261203-0203", "received_at": "2026-12-03T10:05:12+08:00",
                 "merged_at": "2026-12-03T10:05:13+08:00",
                 "requester": {"name": "王女士", "phone": "13900001111", "anonymous": False,
                               "keep_confidential": True}}],
}

BULK_EXAMPLE = {
    "summary": {"accepted": 1, "merged": 1, "not_accepted": 1, "rejected": 1, "duplicate": 1},
    "items": [
        {"index": 0, "outcome": "accepted", "order_no": "DG12345-20261203-0158", "work_order_id": ORDER_ID,
         "errors": [], "parent_id": None, "parent_order_no": None, "reason": None, "proper_channel": None},
        {"index": 1, "outcome": "merged", "order_no": "DG12345-20261203-0203", "work_order_id": REPEAT_ID,
         "errors": [], "parent_id": ORDER_ID, "parent_order_no": "DG12345-20261203-0158", "reason": None,
         "proper_channel": None},
        {"index": 2, "outcome": "not_accepted", "order_no": "DG12345-20261203-0207",
         "work_order_id": "e4a7b2c9-1d3f-4e5a-9b8c-7d6e5f4a3b2c", "errors": [], "parent_id": None,
         "parent_order_no": None, "reason": "属于应当通过仲裁解决的事项",
         "proper_channel": "向仲裁机构申请仲裁（劳动争议向劳动人事争议仲裁委员会申请）"},
        {"index": 3, "outcome": "rejected", "order_no": "DG12345-20261203-0211", "work_order_id": None,
         "errors": [{"field": "region_code", "message": "String should match pattern '^\\d{6}(\\d{3}){0,2}$'"}],
         "parent_id": None, "parent_order_no": None, "reason": None, "proper_channel": None},
        {"index": 4, "outcome": "duplicate", "order_no": "DG12345-20261203-0158", "work_order_id": ORDER_ID,
         "errors": [], "parent_id": None, "parent_order_no": None, "reason": None, "proper_channel": None}],
}

ROUTING_EXAMPLE = {
    "suggestions": [
        {"department_code": "DG-ZHZF", "score": 5.5, "matched_rule": "catalog:DG-ZHZF-CF-017",
         "matched_terms": ["油烟", "噪音"], "matter_code": "DG-ZHZF-CF-017"},
        {"department_code": "DG-HBJ", "score": 2.0, "matched_rule": "responsibility:DG-HBJ",
         "matched_terms": ["油烟"], "matter_code": None}],
    "enforcement_signal": {"kind": "violation_report", "rules": ["S-1", "K-1", "H-13"], "matched_terms": ["油烟"],
                           "matter_code": "DG-ZHZF-CF-017", "department_code": "DG-ZHZF"},
    "advisory": True,
}
