"""Whether, by when and in what redacted form a penalty decision is published (公示, DOMAIN §5.1)."""

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt

from case_intake.domain.model import Decision, Party, PenaltyItem
from case_intake.domain.vocabulary import Outcome, PartyType, PenaltyKind, Procedure
from platform_calendar import DueDate, WorkCalendar
from platform_events import CodedEnum
from platform_events.personal import find_personal, is_credit_code, is_landline

# Bump whenever the redaction below changes, so every stored summary says which rules redacted it (§11.3).
REDACTION_VERSION = "2026-12-redaction-2"  # 2: landlines and bank cards typed in the text
TRADE_SECRET_PLACEHOLDER = "【涉及商业秘密，已依法隐去】"  # rule P-31, T-12
ADDRESS_PLACEHOLDER = "【住所已隐去】"  # rule P-31
# An 18-digit 居民身份证号码: region, plausible birth date, sequence, check character (rule P-31).
_RESIDENT_ID = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    r"(?![0-9A-Za-z])")
# A mainland mobile number, optionally +86 / 0086 and written in 3-4-4 groups (rule P-31).
_MOBILE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9])")
_COMPOUND_SURNAMES = frozenset({"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
                                "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门"})


class PublicityPolicy(BaseModel):
    """publicity.* (§10), scoped by region and sector by the caller."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    decision_deadline_wd: PositiveInt = Field(
        7, description="行政处罚决定公开期限（工作日）publicity.decision_deadline_wd — rule T-3, T-4 (policy)")
    samr_deadline_wd: PositiveInt = Field(
        20, description="市场监管行政处罚信息公示期限（工作日）publicity.samr_deadline_wd — rule T-10 "
        "(statute, SAMR Order 45 art. 9)")
    withdrawal_deadline_wd: PositiveInt = Field(
        3, description="撤下公示期限（工作日）publicity.withdrawal_deadline_wd — rule P-27, T-11 (statute)")
    publish_warnings: bool = Field(
        False, description="仅警告的处罚是否公示 publicity.publish_warnings — rule T-8 (statute: not published)")
    online_years_organisation: PositiveInt = Field(
        5, description="法人、其他组织、个体工商户的公开年限 publicity.online_years — rule T-7 (local, Hebei)")
    online_years_person: PositiveInt = Field(
        2, description="自然人的公开年限 publicity.online_years — rule T-7 (local, Hebei)")


@dataclass(frozen=True)
class Publishability:
    publish: bool
    rule_ids: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class ClockOption:
    """One publish-by clock that applies to a penalty decision (§1.3)."""

    rule_ids: tuple[str, ...]
    working_days: int
    config_key: str


@dataclass(frozen=True)
class PublicityClock:
    due: DueDate
    governing: ClockOption  # the shortest applicable clock (§1.3)
    considered: tuple[ClockOption, ...]
    rule_ids: tuple[str, ...]


def publishable(decision: Decision, procedure: Procedure, policy: PublicityPolicy) -> Publishability:
    """Penalty decisions under the general procedure are published; warnings only if configured (T-8)."""
    if decision.outcome is not Outcome.penalty:  # rule P-27: only penalty decisions are published
        return Publishability(False, ("P-27", "T-8"),
                              f"{decision.outcome}，不是行政处罚决定，不予公示 (not a penalty decision)")
    if procedure is not Procedure.general:  # rule T-8: the ordinary procedure only
        return Publishability(False, ("T-8",),
                              "简易程序作出的处罚不予公示 (simple-procedure penalties are not published)")
    if decision.changed:  # rule P-27, T-11: a changed or void decision comes down, it never goes up
        return Publishability(False, ("P-27", "T-11"),
                              f"决定已{decision.changed}，应撤下而非公示 (changed or void: withdraw, do not publish)")
    warning_only = bool(decision.penalties) and all(p.kind is PenaltyKind.warning for p in decision.penalties)
    if warning_only and not policy.publish_warnings:  # rule T-8
        return Publishability(False, ("T-8",), "仅受到警告的行政处罚不予公示 (warning-only: not published)")
    if warning_only:
        return Publishability(True, ("T-8",),
                              "依 publicity.publish_warnings 公示仅警告的处罚 (warnings published by configuration)")
    return Publishability(True, ("P-27", "T-3", "T-4", "T-8"),
                          "普通程序作出的行政处罚决定应当公示 (a general-procedure penalty decision is published)")


def publicity_due(decided_on: date, calendar: WorkCalendar, policy: PublicityPolicy) -> PublicityClock:
    """Publish by the shortest applicable clock, in working days after the decision date (§1.3, G-1)."""
    considered = (
        ClockOption(("T-3", "T-4"), policy.decision_deadline_wd, "publicity.decision_deadline_wd"),
        ClockOption(("T-10",), policy.samr_deadline_wd, "publicity.samr_deadline_wd"),
    )
    governing = min(considered, key=lambda option: option.working_days)
    due = calendar.add_working_days(decided_on, governing.working_days)
    others = tuple(rule for option in considered if option is not governing for rule in option.rule_ids)
    rule_ids = governing.rule_ids + others + due.rule_ids
    return PublicityClock(replace(due, rule_ids=rule_ids), governing, considered, rule_ids)


def withdrawal_due(changed_on: date, calendar: WorkCalendar, policy: PublicityPolicy) -> DueDate:
    """Take a changed, revoked, illegal or void decision down within 3 WD, with reasons (P-27, T-11)."""
    due = calendar.add_working_days(changed_on, policy.withdrawal_deadline_wd)  # rule P-27, T-11
    return replace(due, rule_ids=("P-27", "T-11") + due.rule_ids)


def online_until(published_on: date, party_type: PartyType, calendar: WorkCalendar,
                 policy: PublicityPolicy) -> DueDate:
    """The last day an item stays on the agency's publicity site: 5 years, natural persons 2 (T-7)."""
    person = party_type is PartyType.natural_person  # T-7 says natural persons; a 个体工商户 is a business
    years = policy.online_years_person if person else policy.online_years_organisation
    # Not a deadline for an act, so no G-6 roll to a working day.
    due = calendar.add_months(published_on, 12 * years, civil_counting=False)
    return replace(due, rule_ids=("T-7",) + due.rule_ids)


class RedactionCategory(CodedEnum):
    """What kind of value was hidden; the summary records these, never the values (P-31, T-12)."""

    id_number = "身份证件号码"
    phone = "联系电话"
    person_address = "自然人住所"
    person_name = "自然人姓名"
    trade_secret = "商业秘密"
    resident_id_in_text = "文中居民身份证号码"
    mobile_in_text = "文中手机号码"
    landline_in_text = "文中固定电话号码"
    bank_card_in_text = "文中银行卡号"


class _Public(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PublicParty(_Public):
    type: PartyType = Field(description="当事人类型")
    name: str = Field(description="姓名或名称（自然人仅显示姓氏）")
    credit_code: str | None = Field(None, description="统一社会信用代码（自然人不显示）")
    legal_representative: str | None = Field(None, description="法定代表人或负责人")
    address: str | None = Field(None, description="住所（自然人不显示）")


class PublicPenalty(_Public):
    kind: PenaltyKind = Field(description="处罚种类")
    amount_cny: Decimal | None = Field(None, description="金额（元），精确值")
    detail: str = Field("", description="处罚内容说明（已脱敏）")


class PublicitySummary(_Public):
    """行政处罚信息摘要 (§9.2, T-12) and the redacted 决定书 text published with it."""

    decision_no: str = Field(description="行政处罚决定书文号")
    party: PublicParty = Field(description="当事人基本情况")
    violation_type: str = Field(description="违法行为类型")
    penalties: tuple[PublicPenalty, ...] = Field(description="行政处罚内容（逐项）")
    penalty_content: str = Field(description="行政处罚内容")
    agency: str = Field(description="作出行政处罚决定的行政机关名称")
    decided_on: date = Field(description="作出行政处罚决定的日期")
    facts: str = Field(description="违法事实（已脱敏）")
    legal_basis: str = Field(description="处罚依据（已脱敏）")
    redaction_version: str = Field(description="脱敏规则版本")
    redacted: tuple[RedactionCategory, ...] = Field(description="已隐去的信息类别（不含原值）")


_Literal = tuple[str, str, RedactionCategory]  # (value, replacement, category)


def summary(decision: Decision, party: Party, *, agency: str | None = None,
            violation_type: str) -> PublicitySummary:
    """The redacted 行政处罚信息摘要 (T-12); `agency` defaults to the decision's own (P-21)."""
    literals = _literals(decision, party)
    redacted: set[RedactionCategory] = {category for value, _, category in literals
                                        if category in _PARTY_FIELDS and value}
    facts = _redact(decision.facts, literals, redacted)
    legal_basis = _redact(decision.legal_basis, literals, redacted)
    penalties = tuple(_public_penalty(item, literals, redacted) for item in decision.penalties)
    return PublicitySummary(
        decision_no=decision.decision_no, party=_public_party(party), violation_type=violation_type,
        penalties=penalties, penalty_content="；".join(_render(p) for p in penalties),
        agency=agency or decision.agency, decided_on=decision.decided_on,
        facts=facts, legal_basis=legal_basis,
        redaction_version=REDACTION_VERSION, redacted=tuple(c for c in RedactionCategory if c in redacted))


# Party values never shown in the summary, so redacted even if the text never repeats them (P-31).
_PARTY_FIELDS = frozenset({RedactionCategory.id_number, RedactionCategory.phone,
                           RedactionCategory.person_address, RedactionCategory.person_name})


def _public_party(party: Party) -> PublicParty:
    # rule P-31, T-12: id_number and phone never; a natural person keeps only the surname
    if party.type is PartyType.natural_person:
        return PublicParty(type=party.type, name=masked_name(party.name))
    return PublicParty(type=party.type, name=party.name, credit_code=party.credit_code,
                       legal_representative=party.legal_representative, address=party.address)


def masked_name(name: str) -> str:
    """A natural person's name as published: surname + "**" (P-31)."""
    surname = name[:2] if name[:2] in _COMPOUND_SURNAMES else name[:1]
    return f"{surname}**"


def _literals(decision: Decision, party: Party) -> list[_Literal]:
    """Known values to hide in free text; trade secrets first and longest first, so overlaps go whole."""
    secrets = sorted({p for p in decision.trade_secret_passages if p.strip()}, key=len, reverse=True)
    found: list[_Literal] = [(p, TRADE_SECRET_PLACEHOLDER, RedactionCategory.trade_secret) for p in secrets]
    found += [(party.id_number or "", "*" * len(party.id_number or ""), RedactionCategory.id_number),
              (party.phone or "", "*" * len(party.phone or ""), RedactionCategory.phone)]
    if party.type is PartyType.natural_person:
        found += [(party.address or "", ADDRESS_PLACEHOLDER, RedactionCategory.person_address),
                  (party.name, masked_name(party.name), RedactionCategory.person_name)]
    return found


def _redact(text: str, literals: list[_Literal], redacted: set[RedactionCategory]) -> str:
    """Hide known values, then ID, mobile, landline and bank card numbers typed in the text (P-31, T-12)."""
    for value, replacement, category in literals:
        if value and value in text:
            text = text.replace(value, replacement)
            redacted.add(category)
    for pattern, mask, category in ((_RESIDENT_ID, "*" * 18, RedactionCategory.resident_id_in_text),
                                    (_MOBILE, "*" * 11, RedactionCategory.mobile_in_text)):
        text, count = pattern.subn(mask, text)
        if count:
            redacted.add(category)
    return _redact_landlines_and_cards(text, redacted)


def _redact_landlines_and_cards(text: str, redacted: set[RedactionCategory]) -> str:
    """Landline and bank card numbers as the platform's detector finds them, every digit a star (P-31, T-12). Held
    to the numbering plan and to GB 32100, so a serial number 0001234567, an invoice code 033001800204 or a
    统一社会信用代码 that happens to pass Luhn stays as served (T-12)."""
    for found in reversed(find_personal(text)):  # from the end, so earlier offsets still hold
        if found.kind == "landline" and is_landline(found.text):
            category = RedactionCategory.landline_in_text
        elif found.kind == "bank_card" and not is_credit_code(found.text):  # public (T-6)
            category = RedactionCategory.bank_card_in_text
        else:
            continue
        stars = "*" * sum(c.isdigit() for c in found.text)
        text = text[:found.start] + stars + text[found.end:]
        redacted.add(category)
    return text


def _public_penalty(item: PenaltyItem, literals: list[_Literal],
                    redacted: set[RedactionCategory]) -> PublicPenalty:
    detail = _redact(item.detail, literals, redacted)  # a licence number stays; a secret or an ID does not
    return PublicPenalty(kind=item.kind, amount_cny=item.amount_cny, detail=detail)


def _render(penalty: PublicPenalty) -> str:
    """罚款5000.00元（detail）: the exact Decimal, never a float (money is exact)."""
    amount = f"{penalty.amount_cny:f}元" if penalty.amount_cny is not None else ""
    detail = f"（{penalty.detail}）" if penalty.detail else ""
    return f"{penalty.kind.value}{amount}{detail}"
