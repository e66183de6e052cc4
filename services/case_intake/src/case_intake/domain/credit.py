"""How long a published penalty stays up and when it may come down early (信用修复, DOMAIN §5.2)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, model_validator

from case_intake.domain.model import Decision
from case_intake.domain.vocabulary import Outcome, PenaltyKind, Procedure
from platform_calendar import WorkCalendar
from platform_events import CodedEnum

ORDER_58_FROM = date(2023, 5, 1)  # rule CR-4: NDRC Order No. 58 in force on 信用中国
NDRC_REPAIR_2026_FROM = date(2026, 4, 1)  # rule CR-6: 《信用修复管理办法》 replaces Order No. 58
CR1_SHORT_MONTHS = 3  # rule CR-1: 通报批评 or a lower-amount fine, from publication
CR1_LONG_MONTHS = 36  # rule CR-1: every other penalty, from publication


class CreditClass(CodedEnum):
    """失信信息的类别 (CR-5), lightest first."""

    minor = "轻微"
    general = "一般"
    serious = "严重"


class CreditSystem(CodedEnum):
    samr = "国家企业信用信息公示系统"  # CR-1, CR-2
    credit_china = "信用中国"  # CR-5, CR-6


class CreditRegime(CodedEnum):
    """The rules in force for a record (CR-9: regime date × system × class)."""

    samr_order_45 = "市场监督管理行政处罚信息公示规定（总局令第45号）"  # CR-1, CR-2
    ndrc_2019 = "发改办财金〔2019〕527号"  # CR-3, before 2023-05-01
    ndrc_order_58 = "国家发展改革委令第58号"  # CR-4, 2023-05-01 … 2026-03-31
    ndrc_2026 = "信用修复管理办法（2026）"  # CR-6, from 2026-04-01


class PeriodMonths(BaseModel):
    """公示期限 in months: the minimum before an early stop (repair) and the maximum (公示截止期)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    minimum: int = Field(ge=0, description="最短公示期（月）；0 = 无最短期")
    maximum: PositiveInt = Field(description="最长公示期（月）")

    @model_validator(mode="after")
    def _ordered(self) -> "PeriodMonths":
        if self.minimum > self.maximum:
            raise ValueError(f"minimum {self.minimum} exceeds maximum {self.maximum} months")
        return self


_CR5 = {  # rule CR-5 (22号 §二): 轻微 ≤3 m; 一般 3 m–1 y; 严重 1–3 y
    CreditClass.minor: PeriodMonths(minimum=0, maximum=3),
    CreditClass.general: PeriodMonths(minimum=3, maximum=12),
    CreditClass.serious: PeriodMonths(minimum=12, maximum=36),
}
_CR3 = {  # rule CR-3 (527号): 一般 3 m–1 y, 严重 6 m–3 y; it had no 轻微 class, so 轻微 runs as 一般
    CreditClass.minor: PeriodMonths(minimum=3, maximum=12),
    CreditClass.general: PeriodMonths(minimum=3, maximum=12),
    CreditClass.serious: PeriodMonths(minimum=6, maximum=36),
}
_CR7 = {  # rule CR-7 default mapping (press on CR-5/6); unlisted kinds are documented choices
    PenaltyKind.warning: CreditClass.minor,
    PenaltyKind.criticism: CreditClass.minor,
    PenaltyKind.fine: CreditClass.general,
    PenaltyKind.confiscate_gains: CreditClass.general,
    PenaltyKind.confiscate_property: CreditClass.general,
    PenaltyKind.suspend_licence: CreditClass.general,  # temporary; not a P-16 heavy penalty
    PenaltyKind.lower_qualification: CreditClass.serious,
    PenaltyKind.revoke_licence: CreditClass.serious,
    PenaltyKind.restrict_activities: CreditClass.serious,
    PenaltyKind.suspend_business: CreditClass.serious,
    PenaltyKind.close_down: CreditClass.serious,
    PenaltyKind.restrict_practice: CreditClass.serious,
    PenaltyKind.detention: CreditClass.serious,  # deprives liberty: the heaviest kind in art. 9
    PenaltyKind.other: CreditClass.general,
}
_SEVERITY = tuple(CreditClass)
# A minimum period is served at the end of its last day (G-5), so an early stop comes the day after.
_DAY = timedelta(days=1)
_CREDIT_CHINA_REGIMES = (CreditRegime.ndrc_2019, CreditRegime.ndrc_order_58, CreditRegime.ndrc_2026)
_REPAIR_RULE = {CreditRegime.ndrc_2019: "CR-3", CreditRegime.ndrc_order_58: "CR-4",
                CreditRegime.ndrc_2026: "CR-6", CreditRegime.samr_order_45: "CR-2"}
# rule CR-1: the kinds the 3-month tier admits; a warning is lighter than 通报批评 (T-8 hides it anyway)
_CR1_SHORT_KINDS = frozenset({PenaltyKind.warning, PenaltyKind.criticism, PenaltyKind.fine})
# rule CR-2: no early stop after 责令停产停业、限制开展生产经营活动、限制从业、降低资质等级、吊销许可证件 …
_CR2_NO_EARLY_STOP = frozenset({PenaltyKind.suspend_business, PenaltyKind.restrict_activities,
                                PenaltyKind.restrict_practice, PenaltyKind.lower_qualification,
                                PenaltyKind.revoke_licence})


class CreditPolicy(BaseModel):
    """credit.* (§10), scoped by region and sector by the caller."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lower_amount_fine_cny: Decimal | None = Field(
        None, ge=0, description="较低数额罚款（元，含本数）credit.lower_amount_fine_cny — rule CR-1; the province "
        "defines it. Unset = no fine counts as lower-amount: set it per deployment (startup warning)")
    serious_fine_cny: Decimal = Field(
        Decimal("1000000"), gt=0, description="“数额巨大”的罚款（元，含本数）→ 严重 credit.serious_fine_cny — rule "
        "CR-7 (open). Default ¥1,000,000: no authoritative figure, set high so the default never lengthens "
        "publicity or bars repair by guesswork (CR-2)")
    class_mapping: dict[PenaltyKind, CreditClass] = Field(
        default_factory=lambda: dict(_CR7), description="处罚种类 → 失信类别 credit.class_mapping — rule CR-7")
    credit_china_periods: dict[CreditRegime, dict[CreditClass, PeriodMonths]] = Field(
        default_factory=lambda: {CreditRegime.ndrc_2019: dict(_CR3), CreditRegime.ndrc_order_58: dict(_CR5),
                                 CreditRegime.ndrc_2026: dict(_CR5)},
        description="信用中国公示期限 credit.periods by regime × class — rule CR-3 (2019), CR-4 (Order 58: "
        "unknown, CR-5 assumed), CR-5/CR-6 (2026)")
    samr_minimum_months: PositiveInt = Field(
        12, description="国家企业信用信息公示系统提前停止公示的最短公示期（月）credit.samr_minimum_months — rule "
        "CR-2 (open: art. 14 leaves it to SAMR implementing rules). Default 12, as commonly reported for "
        "SAMR's 2021 credit-repair measures; verify per deployment")
    minor_published: bool = Field(
        False, description="轻微失信信息是否在信用中国公示 credit.minor_published — rule CR-5 (unpublished or "
        "≤3 months). Default False: 22号 publishes 轻微 only exceptionally, and §11.3 not_publishable")

    @model_validator(mode="after")
    def _complete(self) -> "CreditPolicy":
        missing = [f"{r.value}/{c.value}" for r in _CREDIT_CHINA_REGIMES for c in CreditClass
                   if c not in self.credit_china_periods.get(r, {})]
        if missing or set(PenaltyKind) - set(self.class_mapping):
            raise ValueError(f"credit policy incomplete: periods {missing}, "
                             f"kinds {sorted(set(PenaltyKind) - set(self.class_mapping))}")
        return self

    def startup_warnings(self) -> tuple[str, ...]:
        """Configuration a deployment should set; §10 asks for a warning at startup (CR-1)."""
        if self.lower_amount_fine_cny is None:
            return ("credit.lower_amount_fine_cny unset: no fine counts as lower-amount (CR-1)",)
        return ()


@dataclass(frozen=True)
class PublicityPeriod:
    """One record's credit publicity: stored with it (§11.3)."""

    credit_class: CreditClass
    system: CreditSystem
    regime: CreditRegime
    anchor: date  # the day the periods count from (G-5: day 1 is the next day)
    anchor_kind: str  # 公示之日 / 行政处罚决定之日
    published: bool  # False: 轻微 left unpublished (CR-5), §11.3 not_publishable
    repair_from: date | None  # earliest early stop; None when the rules allow none (CR-2)
    ends_on: date | None  # 公示截止期 (§9.3): the last day online
    rule_ids: tuple[str, ...]
    assumed: bool  # periods are an assumption, not known law (CR-4)
    config_keys: tuple[str, ...]


@dataclass(frozen=True)
class UnmetCondition:
    rule_id: str
    condition: str


@dataclass(frozen=True)
class RepairEligibility:
    eligible: bool
    unmet: tuple[UnmetCondition, ...]


def credit_class(decision: Decision, procedure: Procedure,
                 policy: CreditPolicy) -> tuple[CreditClass, tuple[str, ...]]:
    """The decision's class by the CR-7 mapping; the heaviest item wins."""
    if decision.outcome is not Outcome.penalty or not decision.penalties:
        raise ValueError("only a decision imposing a penalty has a credit class (CR-5)")
    if procedure is Procedure.simple:  # rule CR-7: simple-procedure penalties (P-6) are 轻微
        return CreditClass.minor, ("CR-5", "CR-7", "P-6")
    classes = [policy.class_mapping[item.kind] for item in decision.penalties]
    if decision.fine_total() >= policy.serious_fine_cny:  # rule CR-7: very large fines are 严重
        classes.append(CreditClass.serious)
    return max(classes, key=_SEVERITY.index), ("CR-5", "CR-7")


def credit_china_regime(decided_on: date) -> CreditRegime:
    """The 信用中国 regime in force on the decision date (CR-9)."""
    if decided_on >= NDRC_REPAIR_2026_FROM:  # rule CR-6
        return CreditRegime.ndrc_2026
    if decided_on >= ORDER_58_FROM:  # rule CR-4
        return CreditRegime.ndrc_order_58
    return CreditRegime.ndrc_2019  # rule CR-3


def publicity_period(decision: Decision, procedure: Procedure, *, system: CreditSystem, published_on: date,
                     calendar: WorkCalendar, policy: CreditPolicy,
                     restriction_ends_on: date | None = None) -> PublicityPeriod:
    """Minimum and maximum publicity of one record; `restriction_ends_on` counts on the SAMR system only."""
    cls, class_rules = credit_class(decision, procedure, policy)
    keys = ("credit.regime",) + _class_keys(decision, procedure)
    if system is CreditSystem.samr:
        return _samr_period(decision, cls, class_rules, keys, published_on, calendar, policy,
                            restriction_ends_on)
    return _credit_china_period(decision, cls, class_rules, keys, calendar, policy)


def _class_keys(decision: Decision, procedure: Procedure) -> tuple[str, ...]:
    if procedure is Procedure.simple:
        return ()
    fined = any(p.kind is PenaltyKind.fine for p in decision.penalties)
    return ("credit.class_mapping",) + (("credit.serious_fine_cny",) if fined else ())


def _samr_period(decision: Decision, cls: CreditClass, class_rules: tuple[str, ...], keys: tuple[str, ...],
                 published_on: date, calendar: WorkCalendar, policy: CreditPolicy,
                 restriction_ends_on: date | None) -> PublicityPeriod:
    short, tier_keys = _samr_short_tier(decision, policy)
    # rule CR-1: counted from publication (公示之日), 3 months or 3 years
    ends_on = _months_on(published_on, CR1_SHORT_MONTHS if short else CR1_LONG_MONTHS, calendar)
    if restriction_ends_on is not None and restriction_ends_on > ends_on:  # rule CR-1: a longer restriction
        ends_on = restriction_ends_on
    minimum_end = _months_on(published_on, policy.samr_minimum_months, calendar)
    early = not _cr2_barred(decision, cls) and minimum_end < ends_on  # rule CR-2
    return PublicityPeriod(
        credit_class=cls, system=CreditSystem.samr, regime=CreditRegime.samr_order_45, anchor=published_on,
        anchor_kind="公示之日", published=True, repair_from=minimum_end + _DAY if early else None,
        ends_on=ends_on, rule_ids=class_rules + ("CR-1", "CR-2"), assumed=False,
        config_keys=keys + tier_keys + ("credit.samr_minimum_months",))


def _credit_china_period(decision: Decision, cls: CreditClass, class_rules: tuple[str, ...],
                         keys: tuple[str, ...], calendar: WorkCalendar,
                         policy: CreditPolicy) -> PublicityPeriod:
    regime = credit_china_regime(decision.decided_on)
    # rule CR-3, CR-4 (Shenzhen example), CR-6: counted from the decision (finding document) date
    anchor = decision.decided_on
    assumed = regime is CreditRegime.ndrc_order_58  # rule CR-4: its periods are unknown, CR-5 assumed
    base = dict(credit_class=cls, system=CreditSystem.credit_china, regime=regime, anchor=anchor,
                anchor_kind="行政处罚决定之日", rule_ids=class_rules + (_REPAIR_RULE[regime],), assumed=assumed)
    # rule CR-5: 轻微 may stay unpublished (the 2019 regime had no such class)
    if cls is CreditClass.minor and regime is not CreditRegime.ndrc_2019:
        keys += ("credit.minor_published",)
        if not policy.minor_published:
            return PublicityPeriod(**base, published=False, repair_from=None, ends_on=None, config_keys=keys)
    months = policy.credit_china_periods[regime][cls]
    repair_from = _months_on(anchor, months.minimum, calendar) + _DAY if months.minimum else anchor
    return PublicityPeriod(**base, published=True, repair_from=repair_from,
                           ends_on=_months_on(anchor, months.maximum, calendar),
                           config_keys=keys + ("credit.periods",))


def _cr2_barred(decision: Decision, cls: CreditClass) -> bool:
    """… or other serious penalties, which CR-7 classes 严重 (closure, very large fines)."""
    return cls is CreditClass.serious or any(p.kind in _CR2_NO_EARLY_STOP for p in decision.penalties)


def _samr_short_tier(decision: Decision, policy: CreditPolicy) -> tuple[bool, tuple[str, ...]]:
    """Only 通报批评 or a lower-amount fine (CR-1); a warning, lighter still, rides with them."""
    if any(p.kind not in _CR1_SHORT_KINDS for p in decision.penalties):
        return False, ()
    if not any(p.kind is PenaltyKind.fine for p in decision.penalties):
        return True, ()
    limit = policy.lower_amount_fine_cny  # rule CR-1: unset means no fine is lower-amount
    return limit is not None and decision.fine_total() <= limit, ("credit.lower_amount_fine_cny",)


def _months_on(anchor: date, months: int, calendar: WorkCalendar) -> date:
    # A publicity period is not a deadline for an act, so its end never rolls to a working day (no G-6).
    return calendar.add_months(anchor, months, civil_counting=False).due


def repair_eligibility(period: PublicityPeriod, *, on: date, decision: Decision, penalty_fulfilled: bool,
                       harm_removed: bool, credit_commitment: bool, same_type_repeat: bool,
                       on_restricted_list: bool) -> RepairEligibility:
    """May publicity stop early on `on`? CR-2 on the SAMR system, CR-6 (and its predecessors) on 信用中国."""
    rule = _REPAIR_RULE[period.regime]
    unmet = list(_timing_unmet(period, on, rule))
    if period.system is CreditSystem.samr:
        unmet += _cr2_unmet(period, decision, penalty_fulfilled, harm_removed, same_type_repeat,
                            on_restricted_list)
    else:
        checks = ((harm_removed, "已纠正失信行为 (the conduct is corrected)"),
                  (penalty_fulfilled, "已履行法定义务 (legal duties performed)"),
                  (credit_commitment, "已作出信用承诺 (a credit commitment is made)"))
        unmet += [UnmetCondition(rule, text) for met, text in checks if not met]  # rule CR-6
    return RepairEligibility(not unmet, tuple(unmet))


def _timing_unmet(period: PublicityPeriod, on: date, rule: str) -> list[UnmetCondition]:
    if not period.published:
        return [UnmetCondition("CR-5", "未公示，无需修复 (not published: nothing to repair)")]
    if expired(period, on):  # rule CR-1 / CR-6: publicity ends by itself at the maximum
        expiry_rule = "CR-1" if period.system is CreditSystem.samr else rule
        return [UnmetCondition(expiry_rule, f"公示已于 {period.ends_on} 届满，自动停止 (already expired)")]
    if period.repair_from is not None and on < period.repair_from:
        return [UnmetCondition(rule, f"最短公示期未满，{period.repair_from} 起方可申请 (minimum not reached)")]
    return []


def _cr2_unmet(period: PublicityPeriod, decision: Decision, fulfilled: bool, harm_removed: bool,
               repeat: bool, listed: bool) -> list[UnmetCondition]:
    """The bar on early stops for serious penalties, then the four CR-2 conditions."""
    found = []
    if _cr2_barred(decision, period.credit_class):
        found.append(UnmetCondition("CR-2", "责令停产停业、限制开展生产经营活动、限制从业、降低资质等级、"
                                            "吊销许可证件或其他严重处罚不得提前停止公示 (no early stop)"))
    elif period.repair_from is None:
        found.append(UnmetCondition("CR-2", "最短公示期不短于公示期，不提前停止 (the minimum is the whole period)"))
    checks = ((fulfilled, "已经自觉履行行政处罚决定中规定的义务 (penalty fulfilled)"),
              (harm_removed, "已经主动消除危害后果和不良影响 (harm removed)"),
              (not repeat, "未因同一类违法行为再次受到行政处罚 (no same-type repeat)"),
              (not listed, "未在经营异常名录和严重违法失信名单中 (on no abnormal-operation or "
                           "serious-violation list)"))
    return found + [UnmetCondition("CR-2", text) for met, text in checks if not met]


def expired(period: PublicityPeriod, on: date) -> bool:
    """The maximum is reached: the record leaves publicity (§11.3 expired; CR-1, CR-5, CR-6)."""
    return period.published and period.ends_on is not None and on > period.ends_on
