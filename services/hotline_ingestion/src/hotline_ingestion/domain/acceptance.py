"""Spot matters the hotline must not accept and tell the requester the proper channel instead (H-8).

A first pass by plain substring match over a configurable table (config hotline.non_acceptance): it
suggests, the dispatcher decides and may override it either way.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class NonAcceptanceRule:
    category: str
    keywords: tuple[str, ...]
    reason: str  # told to the requester
    channel: str  # where the matter properly goes


@dataclass(frozen=True)
class NonAcceptance:
    category: str
    reason: str
    channel: str
    matched: tuple[str, ...]
    rule_ids: tuple[str, ...] = ("H-8",)


# rule H-8 (Weifang art. 19): the default table; order is priority, the first matching category wins
DEFAULT_RULES: tuple[NonAcceptanceRule, ...] = (
    NonAcceptanceRule("诉讼", ("起诉", "诉讼", "上诉", "法院判决", "判决书"),
                      "属于应当通过诉讼解决的事项", "向人民法院提起诉讼"),
    NonAcceptanceRule("仲裁", ("仲裁",), "属于应当通过仲裁解决的事项",
                      "向仲裁机构申请仲裁（劳动争议向劳动人事争议仲裁委员会申请）"),
    NonAcceptanceRule("纪检监察", ("纪委", "纪检", "监委", "监察委", "违纪", "贪污", "受贿"),
                      "属于纪检监察机关管辖的事项", "向纪检监察机关反映"),
    NonAcceptanceRule("行政复议", ("行政复议", "申请复议"), "属于行政复议事项", "向行政复议机关申请行政复议"),
    NonAcceptanceRule("信息公开", ("信息公开", "依申请公开"), "属于政府信息公开申请事项",
                      "向负有公开义务的行政机关提出政府信息公开申请"),
    NonAcceptanceRule("已进入信访程序", ("信访", "上访"), "该事项已进入信访程序",
                      "由信访工作机构依《信访工作条例》继续办理，可向其查询进度"),
    NonAcceptanceRule("涉密或个人隐私", ("国家秘密", "涉密", "他人隐私", "查询他人"),
                      "涉及国家秘密或他人个人隐私", "查询本人信息的，向有权机关依法申请"),
    NonAcceptanceRule("已办结事项", ("已办结", "已经办结", "已经处理完毕"), "该事项已依法办结",
                      "对处理结果有异议的，通过复查、复核、行政复议或诉讼等法定途径解决"),
)


def non_acceptance_reason(content: str, categories: Sequence[NonAcceptanceRule] = DEFAULT_RULES
                          ) -> NonAcceptance | None:
    """The first H-8 category whose keywords occur in the content, as a suggestion to refuse."""
    for rule in categories:
        matched = tuple(keyword for keyword in rule.keywords if keyword in content)
        if matched:
            return NonAcceptance(rule.category, rule.reason, rule.channel, matched)
    return None
