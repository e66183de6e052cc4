"""The closed vocabulary of case circumstances that list entries and benchmark tiers are written in.

Lists and benchmarks are data written by departments; the evaluator can only match what both sides
name the same way, so every condition code is declared here once, with its Chinese term and the
legal anchor that makes it matter.
"""

from platform_events import CodedEnum


class Circumstance(CodedEnum):
    """A fact about a case that a list entry or a benchmark tier can require."""

    # Q-1 / Q-2 / S-3: grounds for not penalising
    first_violation = "first_violation", "初次违法"
    no_harm = "no_harm", "没有造成危害后果"
    harm_slight = "harm_slight", "危害后果轻微"
    corrected_in_time = "corrected_in_time", "及时改正"
    no_subjective_fault = "no_subjective_fault", "没有主观过错"
    under_14 = "under_14", "不满十四周岁"
    mental_illness = "mental_illness", "精神病人、智力残疾人不能辨认或控制自己行为"
    # mandatory 从轻/减轻 grounds
    age_14_to_18 = "age_14_to_18", "已满十四周岁不满十八周岁"
    reduced_harm_voluntarily = "reduced_harm_voluntarily", "主动消除或者减轻危害后果"
    coerced_or_deceived = "coerced_or_deceived", "受他人胁迫或者诱骗"
    confessed_unknown = "confessed_unknown", "主动供述行政机关尚未掌握的违法行为"
    meritorious_service = "meritorious_service", "配合查处违法行为有立功表现"
    # benchmark circumstances (D-1): what moves a case between 从轻 / 一般 / 从重
    small_scale = "small_scale", "违法情节轻微、涉案数额较小"
    cooperative = "cooperative", "积极配合调查"
    repeat_violation = "repeat_violation", "再次违法或多次违法"
    refused_correction = "refused_correction", "拒不改正"
    obstructed_enforcement = "obstructed_enforcement", "阻碍、抗拒执法"
    serious_harm = "serious_harm", "造成严重危害后果"
    vulnerable_victims = "vulnerable_victims", "侵害老年人、未成年人等特定群体"
    emergency_period = "emergency_period", "突发事件期间违法"
    large_scale = "large_scale", "涉案数额较大、影响范围广"
    # C-3 / Q-5: forgoing coercive measures
    no_obvious_social_harm = "no_obvious_social_harm", "没有明显社会危害"
    evidence_secured = "evidence_secured", "证据已固定、不会灭失"
    non_coercive_sufficient = "non_coercive_sufficient", "非强制手段可以达到目的"


CIRCUMSTANCE_LABELS: dict[Circumstance, str] = {
    Circumstance.first_violation: "初次违法",
    Circumstance.no_harm: "没有造成危害后果",
    Circumstance.harm_slight: "危害后果轻微",
    Circumstance.corrected_in_time: "及时改正",
    Circumstance.no_subjective_fault: "没有主观过错",
    Circumstance.under_14: "不满十四周岁",
    Circumstance.mental_illness: "精神病人、智力残疾人在不能辨认或者不能控制自己行为时",
    Circumstance.age_14_to_18: "已满十四周岁不满十八周岁",
    Circumstance.reduced_harm_voluntarily: "主动消除或者减轻违法行为危害后果",
    Circumstance.coerced_or_deceived: "受他人胁迫或者诱骗实施违法行为",
    Circumstance.confessed_unknown: "主动供述行政机关尚未掌握的违法行为",
    Circumstance.meritorious_service: "配合行政机关查处违法行为有立功表现",
    Circumstance.small_scale: "违法情节轻微、涉案数额较小",
    Circumstance.cooperative: "积极配合调查取证",
    Circumstance.repeat_violation: "再次或者多次实施同一违法行为",
    Circumstance.refused_correction: "拒不改正违法行为",
    Circumstance.obstructed_enforcement: "阻碍、抗拒执法",
    Circumstance.serious_harm: "造成严重危害后果",
    Circumstance.vulnerable_victims: "侵害老年人、未成年人、残疾人等特定群体权益",
    Circumstance.emergency_period: "在突发事件应对期间实施违法行为",
    Circumstance.large_scale: "涉案数额较大或者影响范围较广",
    Circumstance.no_obvious_social_harm: "违法行为显著轻微或者没有明显社会危害",
    Circumstance.evidence_secured: "证据已经固定、不存在灭失风险",
    Circumstance.non_coercive_sufficient: "采用非强制手段可以达到行政管理目的",
}
