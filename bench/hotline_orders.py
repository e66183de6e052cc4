"""Realistic 12345 work orders for the ingest benchmark: varied Chinese requests, one distinct address each.

Every order gets its own address (town, road, house number) and reported party, and its content names both
plus details that vary, so a dedupe by address, party or content similarity merges none of them. No content
carries an H-8 keyword (起诉, 仲裁, 信访 …): every order is accepted and publishes `workorder.received.v1`.
"""

import random
from datetime import datetime, timedelta

REGIONS = ("210681",) * 7 + ("210602", "210603", "210604", "210682")  # 东港市 mostly, some 丹东 districts
TOWNS = ("大东街道", "新兴街道", "新城街道", "孤山镇", "前阳镇", "长安镇", "十字街镇", "黄土坎镇", "马家店镇",
         "椅圈镇")
ROADS = ("新兴路", "东港大街", "滨海路", "金山大街", "五四路", "人民路", "海港路", "育才路", "兴华路", "振兴路",
         "黄海大街", "江海路", "朝阳街", "太平湾路", "渔港路", "学府路", "和平路", "商业街", "富民路", "建设街")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
SHOPS = ("烧烤店", "超市", "饭店", "水果店", "便利店", "洗车行", "网吧", "KTV", "药店", "建材商店", "海鲜市场摊位",
         "汽修厂", "美容院", "棋牌室", "早餐店")
BRANDS = ("兴旺", "福满", "海天", "鑫源", "金港", "顺发", "好运来", "东方", "华联", "老街坊", "渔家", "鸭绿江")
TIMES = ("每天晚上十点以后", "凌晨两三点", "周末全天", "最近一个多星期", "今天上午", "连续三天", "每天早上六点左右",
         "这个月以来")

COMPLAINTS = (
    "{party}门前露天烧烤，油烟很大，{when}呛得窗户都不敢开",
    "{party}{when}播放高音喇叭招揽顾客，噪声扰民严重",
    "{party}占道经营，货物摆到人行道上，{when}行人只能走机动车道",
    "在{party}买的食品已经过期，包装上生产日期被涂改，要求退款未果",
    "{party}称重缺斤短两，买了{n}斤实际只有{m}斤，老板不认账",
    "{party}明码标价与结账价格不一致，多收了{n}元",
    "{party}旁边工地{when}施工噪声扰民，扬尘也很大",
    "{party}附近有人乱倒垃圾和建筑渣土，{when}堆了{n}车左右",
    "{party}的排污管直接往河道里排污水，{when}有明显异味",
    "执法人员在{party}检查时乱罚款，没有出示执法证，也不给开票据",
)
REPORTS = (
    "举报{party}无照经营，{when}一直在营业，没有营业执照",
    "举报{party}销售假冒伪劣商品，标签与商标不符，已经有{n}位顾客受骗",
    "举报{party}接纳未成年人上网，{when}有{n}名中学生在里面",
    "举报{party}后院存放烟花爆竹和危险化学品，存在事故隐患",
    "举报{party}附近有人非法占地，在耕地上建房约{n}平方米",
    "举报{party}门口有黑车非法营运，{when}拉客，价格每人{n}元",
)
CONSULTATIONS = (
    "想咨询一下在{addr}开{shop}需要办理哪些证照，办理流程要多长时间",
    "咨询{addr}所在小区的供暖费标准，今年是否有调整，每平方米多少元",
    "咨询孩子上学的学区划分，{addr}对应哪所小学，入学需要准备哪些材料",
    "咨询灵活就业人员社保缴费基数，在{addr}附近哪个窗口可以办理",
)
HELPS = (
    "{addr}小区停水{n}个小时了，家里有老人，请帮忙协调尽快恢复供水",
    "{addr}路灯坏了{n}盏，{when}晚上一片漆黑，老人孩子出行不安全",
    "{addr}下水道堵塞，污水漫到路面，{when}一直没人处理",
    "{addr}小区电梯{when}故障停运，住在{n}楼的老人下不了楼",
)
SUGGESTIONS = (
    "建议在{addr}路口增设红绿灯，{when}车流量大，学生过马路很危险",
    "建议在{addr}附近增加公交站点，现在最近的站要走{n}分钟",
    "建议{addr}周边增设公共厕所和垃圾分类投放点",
)
PRAISES = (
    "表扬{addr}所在社区的网格员，{when}帮独居老人解决了取暖问题",
    "表扬政务服务中心窗口工作人员，帮我在{addr}的店{n}天就办好了执照",
)
TYPES = (("投诉", COMPLAINTS, 40), ("举报", REPORTS, 10), ("咨询", CONSULTATIONS, 25), ("求助", HELPS, 12),
         ("建议", SUGGESTIONS, 10), ("表扬", PRAISES, 3))
CHANNELS = (("电话", 60), ("网站", 12), ("微信", 14), ("APP", 10), ("短信", 4))
URGENCIES = (("一般", 90), ("紧急", 8), ("特急", 2))
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _weighted(rng: random.Random, table: tuple) -> tuple:
    return rng.choices(table, weights=[row[-1] for row in table])[0]


def _address(i: int) -> str:
    """Distinct for every i: 10 towns x 20 roads, then the house number and building count up."""
    town, road = TOWNS[i % len(TOWNS)], ROADS[(i // len(TOWNS)) % len(ROADS)]
    block = i // (len(TOWNS) * len(ROADS))
    return f"东港市{town}{road}{block % 400 + 1}号{block // 400 + 1}栋"


def _party(rng: random.Random, i: int, shop: str) -> dict:
    party = {"name": f"{rng.choice(BRANDS)}{rng.choice(SURNAMES)}记{shop}（{i:05d}）"}
    if rng.random() < 0.3:
        party["credit_code"] = "92210681" + "".join(rng.choices(CREDIT_CHARS, k=10))
    return party


def _requester(rng: random.Random) -> dict:
    anonymous = rng.random() < 0.05
    return {"name": None if anonymous else rng.choice(SURNAMES) + rng.choice(("先生", "女士")),
            "phone": "1" + rng.choice("3578") + "".join(rng.choices("0123456789", k=9)),
            "anonymous": anonymous, "keep_confidential": rng.random() < 0.1}


def work_order(i: int, prefix: str, received_at: datetime) -> dict:
    """Order number `prefix-i`; the same i always gives the same order."""
    rng = random.Random(i)
    request_type, templates, _ = _weighted(rng, TYPES)
    shop, addr = rng.choice(SHOPS), _address(i)
    party = _party(rng, i, shop) if request_type in ("投诉", "举报") else None
    n = rng.randint(2, 30)
    content = rng.choice(templates).format(
        party=f"{addr}的{party['name']}" if party else addr, addr=addr, shop=shop, when=rng.choice(TIMES),
        n=n, m=n - 1 if n > 2 else 1)
    order = {"order_no": f"{prefix}-{i:07d}", "received_at": received_at.isoformat(),
             "channel": _weighted(rng, CHANNELS)[0], "request_type": request_type, "content": content,
             "address": addr, "region_code": rng.choice(REGIONS), "urgency": _weighted(rng, URGENCIES)[0],
             "requester": _requester(rng), "reported_party": party}
    if rng.random() < 0.1:
        order["attachments"] = [{"file_name": f"现场照片{i}.jpg", "media_type": "image/jpeg",
                                 "size_bytes": rng.randint(80_000, 3_000_000)}]
    return order


def work_orders(first: int, count: int, prefix: str, now: datetime) -> list[dict]:
    """Received 10 ms apart, the last just before `now`: no clock (特急 is 2 hours) comes near due during a
    run, so the deadline watcher and automatic 督办 stay idle, as they would for fresh orders."""
    return [work_order(i, prefix, now - timedelta(milliseconds=10 * (first + count - i)))
            for i in range(first, first + count)]
