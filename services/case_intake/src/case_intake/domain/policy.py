"""The numbers the law leaves to localities (DOMAIN §10) that case intake applies, with their documented defaults.

Statute numbers (P-6, P-17, P-22, P-24 …) are constants beside the rule that applies them; these are not.
"""

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field


class CasePolicy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    filing_deadline_wd: int = Field(15, ge=1, le=60, description="case.filing_deadline_wd: 立案 decision (S-1)")
    filing_extension_wd: int = Field(15, ge=1, le=60, description="one extension with approval (S-1)")
    decision_deadline_cd: int = Field(90, ge=1, le=365, description="case.decision_deadline_cd (P-20, S-4)")
    decision_extension_cd: int = Field(
        30, ge=1, le=365, description="first extension with approval; further ones only by 集体讨论 (S-4)")
    decision_clock_pauses: tuple[str, ...] = Field(
        ("中止", "听证", "公告", "检测", "检验", "鉴定", "复议", "诉讼"),
        description="case.decision_clock_pauses: periods the decision clock does not count (S-4; P-26 for 复议/诉讼)")
    filing_clock_pauses: tuple[str, ...] = Field(
        ("检测", "检验", "鉴定"), description="periods the filing clock does not count (S-1)")
    statement_window_wd: int = Field(
        5, ge=1, le=30, description="陈述申辩 after 告知 (P-14; no national number, SAMR practice 5 WD)")
    hearing_large_amount_person_cny: Decimal = Field(
        Decimal(2000), ge=0, description="hearing.large_amount_cny for 公民 (P-16, S-5; lowest example)")
    hearing_large_amount_organisation_cny: Decimal = Field(
        Decimal(10000), ge=0, description="hearing.large_amount_cny for 法人或其他组织 (P-16, S-5)")
    simple_filing_deadline_wd: int = Field(
        3, ge=1, le=30, description="当场处罚决定 filed with the agency (P-7; SAMR procedure rule: 3 WD)")
    civil_counting: bool = Field(True, description="clock.civil_counting: G-5/G-6 on day-based periods")
    mediation_deadline_wd: int = Field(
        45, ge=1, le=365, description="行政调解 ends without agreement this many WD after acceptance (K-3, SAMR)")
    samr_sectors: tuple[str, ...] = Field(
        ("市场监管",), description="sectors whose penalties go to 国家企业信用信息公示系统 (T-8, T-10, CR-1); others 信用中国")
    warn_before_wd: int = Field(2, ge=0, le=30, description="deadline_approaching this many WD before the due date")
