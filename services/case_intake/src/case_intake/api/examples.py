"""Examples the OpenAPI document shows for the main answers: one 东港市 market-supervision case followed through."""

CASE_ID = "3f1c2a7e-5b8d-4c9e-9a61-2d7e4b0c8f15"
CLUE_ID = "8a4e6c1d-2f3b-4d5a-8e7f-9c0b1a2d3e4f"
PUBLICITY_ID = "c7d9e1f3-4a5b-4c6d-8e9f-0a1b2c3d4e5f"
MEASURE_ID = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b"
DEPARTMENT = "DG-SCJG"
MATTER = "DG-SCJG-CF-001"
COMPANY = {"type": "法人", "name": "东港市海韵食品有限公司", "credit_code": "91210681MA0XU4KB2N",
           "id_number": None, "address": "辽宁省东港市大东街道新兴路 88 号",
           "legal_representative": "王建国", "phone": "138****5678"}
HISTORY = [{"at": "2026-11-02T09:00:00+08:00", "note": "started", "due_on": "2027-02-08",
            "due_at": "2027-02-09T00:00:00+08:00", "provisional": True, "calendar_version": "cn-2026-v1"}]

DECISION_CLOCK = {"kind": "作出决定期限", "state": "running", "due_on": "2027-02-08",
                  "due_at": "2027-02-09T00:00:00+08:00", "provisional": True, "calendar_version": "cn-2026-v1",
                  "rule_ids": ["P-20", "S-4"], "paused_since": None, "extensions": [], "history": HISTORY}

CASE_EXAMPLE = {
    "id": CASE_ID, "case_no": "DG-SCJG〔2026〕118号", "procedure": "普通程序", "stage": "调查取证",
    "department_code": DEPARTMENT, "matter_code": MATTER, "party": COMPANY, "clue_id": CLUE_ID,
    "act_date": "2026-10-28", "discovered_on": "2026-10-30", "filed_on": "2026-11-02", "safety_harm": False,
    "facts_found": ["初次违法"], "major_public_interest": False, "major_rights": False, "complex": False,
    "review_by_law": False,
    "assignments": [{"person_no": "DG00012", "role": "主办", "assigned_on": "2026-11-02", "removed_on": None,
                     "removed_reason": None},
                    {"person_no": "DG00015", "role": "协办", "assigned_on": "2026-11-02", "removed_on": None,
                     "removed_reason": None}],
    "recusals": [],
    "evidence": [{"id": "e1", "type": "勘验笔录、现场笔录", "title": "现场检查笔录", "collected_on": "2026-11-03",
                  "collected_by": ["DG00012", "DG00015"], "content_sha256": "9f2c" + "0" * 60,
                  "description": "经营场所未悬挂营业执照", "source": "现场检查", "excluded": False,
                  "excluded_reason": None}],
    "notice": None, "statements": [], "hearing": None, "reviews": [], "discussion": None, "decision": None,
    "service": None, "payment_due": None, "payments": [], "pauses": [], "extensions": [], "transfer": None,
    "closed_on": None, "closed_reason": None, "simple_filed_on": None, "form_no": None,
    "allowed_steps": ["指派执法人员", "回避", "调查取证", "告知", "中止计时", "延长期限", "移送司法机关"],
    "clocks": [DECISION_CLOCK], "publicity": None,
    "record": {"seq": 3, "hash": "5b1d" + "0" * 60},
    "created_at": "2026-11-02T09:00:00+08:00", "updated_at": "2026-11-03T15:20:00+08:00", "created_by": "DG00012",
    "amount_due": None,
}

CASE_ROW_EXAMPLE = {
    "id": CASE_ID, "case_no": "DG-SCJG〔2026〕118号", "procedure": "普通程序", "stage": "调查取证",
    "department_code": DEPARTMENT, "matter_code": MATTER, "party_name": "东港市海韵食品有限公司",
    "party_credit_code": "91210681MA0XU4KB2N", "filed_on": "2026-11-02", "decided_on": None, "outcome": None,
    "closed_on": None, "record_seq": 3,
}

RECORD_EXAMPLE = {
    "case_id": CASE_ID, "head": {"seq": 1, "hash": "5b1d" + "0" * 60},
    "links": [{"seq": 1, "act": "立案", "actor": "DG00012", "client_id": "case-desk", "acting_client": None,
               "at": "2026-11-02T09:00:00+08:00", "content": {"clue_id": CLUE_ID, "filed_on": "2026-11-02"},
               "prev_hash": "0" * 64, "hash": "5b1d" + "0" * 60}],
}

CLUE_EXAMPLE = {
    "id": CLUE_ID, "source": "举报", "source_ref": "DG12345-20261030-0042", "received_at": "2026-10-30T10:15:00+08:00",
    "department_code": DEPARTMENT, "matter_code": MATTER, "party": COMPANY | {"phone": None},
    "description": "12345 工单 DG12345-20261030-0042：新兴路 88 号海韵食品经营场所未悬挂营业执照",
    "act_date": "2026-10-28", "real_name_reporter": True, "status": "待核查", "not_filed_ground": None,
    "not_filed_reason": None, "decided_on": None, "case_id": None, "pauses": [], "extensions": [],
    "created_at": "2026-10-30T10:15:02+08:00", "updated_at": "2026-10-30T10:15:02+08:00", "created_by": "case_intake",
    "filing_clock": {"kind": "立案期限", "state": "running", "due_on": "2026-11-20",
                     "due_at": "2026-11-21T00:00:00+08:00", "provisional": False, "calendar_version": "cn-2026-v1",
                     "rule_ids": ["S-1", "G-1"], "paused_since": None, "extensions": [], "history": []},
}

SUMMARY = {
    "decision_no": "东市监罚〔2026〕118号",
    "party": {"type": "法人", "name": "东港市海韵食品有限公司", "credit_code": "91210681MA0XU4KB2N",
              "legal_representative": "王建国", "address": "辽宁省东港市大东街道新兴路 88 号"},
    "violation_type": "对未将营业执照置于住所或者主要经营场所醒目位置的处罚",
    "penalties": [{"kind": "罚款", "amount_cny": "3000.00", "detail": ""}], "penalty_content": "罚款 3000.00 元",
    "agency": "东港市市场监督管理局", "decided_on": "2026-12-01",
    "facts": "当事人未将营业执照置于主要经营场所醒目位置，经责令改正后仍未改正。",
    "legal_basis": "《中华人民共和国市场主体登记管理条例》第四十八条第一款", "redaction_version": "2026-12-redaction-2",
    "redacted": ["联系电话"],
}

PUBLICITY_EXAMPLE = {
    "id": PUBLICITY_ID, "case_id": CASE_ID, "status": "published", "due_on": "2026-12-08",
    "published_on": "2026-12-03", "summary": SUMMARY, "redaction_version": "2026-12-redaction-2",
    "system": "国家企业信用信息公示系统", "credit_class": "一般", "regime": "市场监督管理行政处罚信息公示规定（总局令第45号）",
    "repair_from": None, "ends_on": "2027-03-03",
    "withdrawal_due": None, "withdrawn_on": None, "withdrawn_reason": None, "rule_ids": ["P-31", "T-12", "T-3", "CR-1"],
    "details": {"publishable": "给予罚款的行政处罚决定，应当公示", "changed": None,
                "period": {"anchor": "2026-12-03", "anchor_kind": "公示之日", "assumed": False,
                           "config_keys": ["credit.samr_minimum_months"], "rule_ids": ["CR-1", "CR-2"]}},
    "overdue": False,
    "created_at": "2026-12-01T16:00:00+08:00", "updated_at": "2026-12-03T09:30:00+08:00", "created_by": "DG00012",
}

PUBLISHED_EXAMPLE = {
    "id": PUBLICITY_ID, "published_on": "2026-12-03", "ends_on": "2027-03-03", "credit_class": "一般",
    "system": "国家企业信用信息公示系统", "summary": SUMMARY, "department_code": DEPARTMENT,
}

MEASURE_EXAMPLE = {
    "id": MEASURE_ID, "kind": "行政指导", "form": "提示", "department_code": DEPARTMENT, "matter_code": MATTER,
    "case_id": None, "party": COMPANY | {"phone": "13812345678"}, "measure_on": "2026-11-05",
    "officers": ["DG00012", "DG00015"], "content": "提示当事人将营业执照置于经营场所醒目位置，并讲解亮照经营要求",
    "status": "已记录", "outcome": "当事人当场整改", "concluded_on": "2026-11-05",
    "details": {"steps": [], "simple_procedure": False},
    "created_at": "2026-11-05T11:00:00+08:00", "updated_at": "2026-11-05T11:00:00+08:00", "created_by": "DG00012",
}
