"""Advisory evaluation: which list entries and which benchmark step fit a case's facts on a date.

The caller (case intake) records its own choice; this only explains what the lists in force suggest.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from list_management.domain.documents import (
    BenchmarkBody,
    BenchmarkTier,
    LeniencyEntry,
    LeniencyListBody,
    LeniencyType,
    ReviewMatterListBody,
    Tier,
)
from list_management.domain.facts import Circumstance
from list_management.domain.versioning import ListVersion

#: rule Q-1: statutory grounds that forbid a penalty whatever the lists say
STATUTORY_NO_PENALTY = {Circumstance.under_14, Circumstance.mental_illness, Circumstance.no_subjective_fault}
#: rule Q-4: statutory grounds that make 从轻/减轻 mandatory
MANDATORY_MITIGATION = {
    Circumstance.age_14_to_18,
    Circumstance.reduced_harm_voluntarily,
    Circumstance.coerced_or_deceived,
    Circumstance.confessed_unknown,
    Circumstance.meritorious_service,
}


@dataclass(frozen=True)
class Reason:
    rule: str
    source: str
    basis: str
    text: str


@dataclass(frozen=True)
class EntryMatch:
    version: ListVersion
    list_type: LeniencyType
    entry: LeniencyEntry


#: list entries whose outcome is no penalty at all (Q-1 不予处罚, Q-2 首违不罚)
NO_PENALTY_LISTS = (LeniencyType.no_penalty, LeniencyType.first_offence_no_penalty)


@dataclass(frozen=True)
class Departure:
    """A proposed fine outside the suggested tier (D-5: needs the principal head's approval or 集体讨论)."""

    rule: str
    tier: Tier
    proposed_fine_cny: Decimal
    tier_min_cny: Decimal | None
    tier_max_cny: Decimal | None
    text: str


@dataclass(frozen=True)
class TierSuggestion:
    version: ListVersion
    benchmark: BenchmarkBody
    suggested: BenchmarkTier | None
    matched: dict[Tier, list[Circumstance]]
    no_penalty: bool = False  # a 不予处罚/首违不罚 entry or a statutory ground applies: no tier at all
    departure: Departure | None = None


@dataclass(frozen=True)
class ReviewVerdict:
    version: ListVersion
    required: bool
    threshold_cny: Decimal
    listed: bool = False  # the matter itself is in the catalog


@dataclass
class Evaluation:
    entries: list[EntryMatch] = field(default_factory=list)
    benchmark: TierSuggestion | None = None
    review: ReviewVerdict | None = None
    reasons: list[Reason] = field(default_factory=list)


def evaluate(*, matter_code: str, facts: set[Circumstance], lists: list[ListVersion], party_type: str,
             proposed_fine_cny: Decimal | None) -> Evaluation:
    """`lists` are the versions in force on the act date for this matter's department and its region."""
    result = Evaluation()
    benchmark = None
    for version in lists:
        kind = version.body["kind"]
        if kind == "leniency_list":
            result.entries += _matching_entries(version, matter_code, facts)
        elif kind == "benchmark" and version.body["matter_code"] == matter_code:
            benchmark = version
        elif kind == "review_matter_list":  # several catalogs may bind (the agency's, the county's): any suffices
            verdict = _review(version, party_type, proposed_fine_cny, matter_code)
            if result.review is None or (verdict.required and not result.review.required):
                result.review = verdict
    if benchmark is not None:  # after the lists: a matching 不予处罚/首违不罚 entry rules out every tier
        result.benchmark = _suggest_tier(benchmark, facts, result.entries, proposed_fine_cny)
    result.reasons = _reasons(facts, result)
    return result


def _matching_entries(version: ListVersion, matter_code: str, facts: set[Circumstance]) -> list[EntryMatch]:
    body = LeniencyListBody.model_validate(version.body)
    return [
        EntryMatch(version, body.list_type, e)
        for e in body.entries
        if e.matter_code == matter_code and set(e.conditions) <= facts  # every condition must hold
    ]


def _suggest_tier(version: ListVersion, facts: set[Circumstance], entries: list[EntryMatch],
                  proposed_fine_cny: Decimal | None) -> TierSuggestion:
    body = BenchmarkBody.model_validate(version.body)
    by_tier = {t.tier: t for t in body.tiers}
    matched = {t.tier: sorted(set(t.circumstances) & facts) for t in body.tiers if set(t.circumstances) & facts}
    no_penalty = bool(facts & STATUTORY_NO_PENALTY) or any(m.list_type in NO_PENALTY_LISTS for m in entries)
    if no_penalty:
        choice = None  # rules: the outcome is no penalty, so no penalty tier is suggested
    elif facts & MANDATORY_MITIGATION:  # rule Q-4; 减轻 only where the benchmark allows it (D-2)
        choice = Tier.mitigated if Tier.mitigated in matched else Tier.lighter
    elif Tier.heavier in matched and Tier.lighter not in matched:
        choice = Tier.heavier
    elif Tier.lighter in matched and Tier.heavier not in matched:
        choice = Tier.lighter
    else:
        choice = Tier.normal
    suggested = by_tier.get(choice) if choice else None
    mitigation_ground = bool(facts & MANDATORY_MITIGATION) or any(
        m.list_type is LeniencyType.mitigated_penalty for m in entries)
    departure = _departure(suggested, proposed_fine_cny, mitigation_ground)
    return TierSuggestion(version, body, suggested, matched, no_penalty, departure)


def _departure(suggested: BenchmarkTier | None, fine: Decimal | None, mitigation_ground: bool) -> Departure | None:
    """Rule D-5: a proposed fine outside the suggested tier departs from the benchmark. Below its minimum is allowed
    without that flag only on a 减轻 ground (Q-4, D-2); tiers set as multiples cannot be compared with yuan."""
    if suggested is None or fine is None:
        return None
    low, high = suggested.fine.fine_min, suggested.fine.fine_max
    if low is not None and fine < low and not mitigation_ground:
        text = (f"拟罚款 {fine} 元低于建议阶次“{suggested.tier.value}”的下限 {low} 元且无减轻情节，偏离裁量基准须经主要负责人"
                "批准或集体讨论")
    elif high is not None and fine > high:
        text = f"拟罚款 {fine} 元高于建议阶次“{suggested.tier.value}”的上限 {high} 元，偏离裁量基准须经主要负责人批准或集体讨论"
    else:
        return None
    return Departure("D-5", suggested.tier, fine, low, high, text)


def _review(version: ListVersion, party_type: str, fine: Decimal | None, matter_code: str) -> ReviewVerdict:
    """Rule L-5: a listed matter needs review whatever the amount (or with no fine at all, e.g. 吊销许可证件)."""
    body = ReviewMatterListBody.model_validate(version.body)
    t = body.thresholds
    threshold = t.natural_person_cny if party_type == "natural_person" else t.organisation_cny
    listed = matter_code in body.matter_codes
    return ReviewVerdict(version, listed or (fine is not None and fine >= threshold), threshold, listed)


def _reasons(facts: set[Circumstance], result: Evaluation) -> list[Reason]:
    law = "《中华人民共和国行政处罚法》"
    reasons = []
    if facts & STATUTORY_NO_PENALTY:
        reasons.append(Reason("Q-1", f"{law}第三十条、第三十一条、第三十三条", "statute", "法定不予处罚情形"))
    if facts & MANDATORY_MITIGATION:
        reasons.append(Reason("Q-4", f"{law}第三十条、第三十二条", "statute", "应当从轻或者减轻处罚"))
    for m in result.entries:
        for rule in m.entry.rule_ids or ["Q-1"]:
            reasons.append(Reason(rule, m.entry.legal_basis, "statute", f"{m.list_type}清单第{m.entry.entry_no}项"))
    if any(m.list_type in (LeniencyType.no_penalty, LeniencyType.first_offence_no_penalty) for m in result.entries):
        reasons.append(Reason("Q-3", f"{law}第三十三条第三款", "statute", "不予处罚的，应当对当事人进行教育"))
    if result.benchmark:
        reasons.append(Reason("D-4", "国办发〔2022〕27号", "policy", "决定书应说明裁量基准的适用理由"))
        reasons.append(Reason("D-5", "国办发〔2022〕27号", "policy", "偏离本机关裁量基准须经主要负责人批准或集体讨论"))
        if result.benchmark.departure:
            reasons.append(Reason("D-5", "国办发〔2022〕27号", "policy", result.benchmark.departure.text))
    if result.review and result.review.required:
        reasons.append(Reason("L-1", f"{law}第五十八条", "statute", "作出决定前须经法制审核"))
        why = "执法事项列入目录" if result.review.listed else f"罚没金额达到 {result.review.threshold_cny} 元"
        reasons.append(Reason("L-5", "重大执法决定法制审核目录", "local", why))
    return reasons
