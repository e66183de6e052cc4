"""Deterministic demo personnel (执法人员) for 东港市 (210681).

The certificate facts feed rules P-1, S-2 and E-1 (two certified officers, auxiliaries never act alone),
L-2 (法律职业资格 of the legality-review staff) and R-10 (random inspectors). Everything is drawn from
``random.Random(2024)``, so every call returns the same officers in the same order.
"""

import random
from datetime import date, timedelta

SEED = 2024

# department code -> (sector, headcount, number of 法制审核 staff)
STAFFING: dict[str, tuple[str, int, int]] = {
    "DG-SCJG": ("市场监管", 46, 3),
    "DG-ZHZF": ("城市管理", 42, 3),
    "DG-STHJ": ("生态环境", 18, 2),
    "DG-JTYS": ("交通运输", 16, 2),
    "DG-WSJK": ("卫生健康", 16, 2),
    "DG-YJGL": ("应急管理", 16, 2),
    "DG-ZJJ": ("住房城乡建设", 15, 2),
    "DG-WLJ": ("文化旅游", 12, 1),
    "DG-ZRZY": ("自然资源", 12, 1),
    "DG-NYNC": ("农业农村", 18, 2),
    "DG-SLJ": ("水利", 10, 1),
    "DG-SFJ": ("司法行政", 12, 5),
}

TOWNS = [
    "大东街道",
    "新兴街道",
    "新城区街道",
    "孤山镇",
    "前阳镇",
    "长山镇",
    "北井子镇",
    "椅圈镇",
    "黄土坎镇",
    "马家店镇",
    "龙王庙镇",
    "小甸子镇",
    "十字街镇",
    "长安镇",
    "合隆满族乡",
    "菩萨庙镇",
]

# common surnames in Liaoning, repeated by rough frequency
SURNAMES = (
    "王王王王李李李李张张张张刘刘刘陈陈杨杨赵赵孙孙于于周吴徐马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
    "彭肖田董袁潘蒋蔡姜丁杜崔程白任沈姚卢金关付隋曲宫鞠滕邹尹孟吕薛谭贾范石苏常魏侯邵孔毛康佟那"
)
GIVEN_FIRST = "建国志明海晓春秋丽红玉凤桂淑秀雪静宏伟新立永文俊博子思雨佳欣浩宇天鹏"
GIVEN_SECOND = "军强勇刚峰华平林杰磊涛斌辉超鑫宁娜敏洁琳婷颖芳霞燕丹阳鹏宇航鑫然轩涵琪瑶"

CERT_PREFIX = "21068120"  # 行政区划代码 + 20; five serial digits follow
EXPIRED_SHARE = 0.05
SUSPENDED_SHARE = 0.03
REVOKED_SHARE = 0.02
AUXILIARY_SHARE = 0.10


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _five_years_later(d: date) -> date:
    try:
        return d.replace(year=d.year + 5) - timedelta(days=1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 5, day=28) - timedelta(days=1)


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        given = (
            rng.choice(GIVEN_FIRST) + rng.choice(GIVEN_SECOND)
            if rng.random() < 0.7
            else rng.choice(GIVEN_SECOND)
        )
        name = rng.choice(SURNAMES) + given
        if name not in taken:
            taken.add(name)
            return name


def demo_officers() -> list[dict]:
    """About 230 officers across the departments; JSON-friendly dicts that validate as ``Officer``."""
    rng = random.Random(SEED)
    total = sum(count for _, count, _ in STAFFING.values())
    person_numbers = rng.sample(range(10000, 100000), total)
    names: set[str] = set()

    officers: list[dict] = []
    for dept, (sector, count, reviewers) in STAFFING.items():
        n_aux = round(count * AUXILIARY_SHARE)
        aux_idx = set(rng.sample(range(reviewers, count), n_aux))
        for i in range(count):
            reviewer = i < reviewers
            auxiliary = i in aux_idx
            if reviewer:
                areas = [sector, "法制审核"]
            elif dept == "DG-SFJ":
                areas = [sector, "行政执法监督"]
            else:
                areas = [sector, *rng.sample(TOWNS, rng.randint(2, 4))]
            officers.append(
                {
                    "person_no": f"DG{person_numbers[len(officers)]:05d}",
                    "name": _name(rng, names),
                    "department_code": dept,
                    "certificate_no": None,
                    "certificate_type": "无" if auxiliary else "行政执法证",
                    "valid_from": None,
                    "valid_to": None,
                    "status": "valid",
                    "enforcement_areas": areas,
                    "legal_professional_qualification": reviewer or (not auxiliary and rng.random() < 0.05),
                    "auxiliary": auxiliary,
                }
            )

    certified = [o for o in officers if not o["auxiliary"]]
    serials = rng.sample(range(100000), len(certified))
    for officer, serial in zip(certified, serials, strict=True):
        officer["certificate_no"] = f"{CERT_PREFIX}{serial:05d}"
        start = _random_date(rng, date(2022, 1, 1), date(2024, 12, 31))
        officer["valid_from"] = start.isoformat()
        officer["valid_to"] = _five_years_later(start).isoformat()

    # certificate anomalies, never on the legality-review staff so every department keeps a valid reviewer
    candidates = [o for o in certified if "法制审核" not in o["enforcement_areas"]]
    rng.shuffle(candidates)
    n_expired = round(total * EXPIRED_SHARE)
    n_suspended = round(total * SUSPENDED_SHARE)
    n_revoked = round(total * REVOKED_SHARE)
    for officer in candidates[:n_expired]:
        start = _random_date(rng, date(2019, 7, 1), date(2020, 12, 31))
        officer["valid_from"] = start.isoformat()
        officer["valid_to"] = _five_years_later(start).isoformat()  # ends in 2024 or 2025
    for officer in candidates[n_expired : n_expired + n_suspended]:
        officer["status"] = "suspended"
    for officer in candidates[n_expired + n_suspended : n_expired + n_suspended + n_revoked]:
        officer["status"] = "revoked"
    return officers
