"""The demo object pool of 东港市 for inspection_scheduling: about 50,000 market entities, made up but shaped like
a real 检查对象名录库 — valid 统一社会信用代码 (GB 32100 check character), the city's towns and streets, industries,
credit classes A–D in realistic shares, a few 注销 and special-sector entities. Deterministic (one seed), so two
`make run`s on fresh data directories load the same pool; `python demo/inspection_pool.py N > pool.csv` prints it.

The town codes are the demo's: 东港市 210681 followed by three digits per 街道/镇, illustrative, not an official list.
"""

import csv
import io
import random
import sys

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
TOWNS = {"210681001": "大东街道", "210681002": "新兴街道", "210681003": "新城街道", "210681100": "孤山镇",
         "210681101": "前阳镇", "210681102": "长安镇", "210681103": "十字街镇", "210681104": "长山镇",
         "210681105": "北井子镇", "210681106": "椅圈镇", "210681107": "黄土坎镇", "210681108": "马家店镇",
         "210681109": "龙王庙镇", "210681110": "小甸子镇", "210681111": "菩萨庙镇"}
#: GB/T 4754 sections with the share of the pool and a name pattern each
INDUSTRIES = [("F", 0.38, "商贸", "有限公司"), ("H", 0.16, "餐饮", "饭店"), ("C", 0.14, "食品加工", "有限公司"),
              ("A", 0.08, "水产养殖", "合作社"), ("E", 0.06, "建筑工程", "有限公司"), ("G", 0.05, "物流", "有限公司"),
              ("O", 0.07, "便民服务", "服务部"), ("Q", 0.03, "诊所", "诊所"), ("K", 0.03, "物业管理", "有限公司")]
CLASSES = [("A", 0.52), ("B", 0.33), ("C", 0.12), ("D", 0.03)]
WORDS = "海丰 鑫源 宏达 东润 盛华 港城 金桥 永顺 福泰 兴隆 瑞丰 鸭绿江 黄海 大孤山 安泰 恒信 宝利 丰收 鹏程 聚鑫".split()
STREETS = "新兴路 大东路 鸭绿江大街 滨海路 光明路 振兴路 育才路 江海街 前进路 和平街".split()


def credit_code(rng: random.Random, region: str, individual: bool) -> str:
    """An 18-character code whose check character holds: 登记管理部门 9 (工商), kind 1 (企业) or 2 (个体工商户)."""
    body = ("92" if individual else "91") + region[:6] + "".join(rng.choice(ALPHABET) for _ in range(9))
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS, strict=True))
    return body + ALPHABET[-total % 31]


def _pick(rng: random.Random, weighted: list[tuple]) -> tuple:
    x, acc = rng.random(), 0.0
    for item in weighted:
        acc += item[1]
        if x < acc:
            return item
    return weighted[-1]


def entities(n: int = 50_000, seed: int = 20261203) -> list[dict[str, str]]:
    rng, seen, rows = random.Random(seed), set(), []
    towns = list(TOWNS.items())
    while len(rows) < n:
        region, town = rng.choice(towns)
        industry, _, trade, suffix = _pick(rng, INDUSTRIES)
        individual = rng.random() < 0.35
        code = credit_code(rng, region, individual)
        if code in seen:
            continue
        seen.add(code)
        name = f"东港市{town}{rng.choice(WORDS)}{trade}{'店' if individual else suffix}"
        special = "医疗卫生" if industry == "Q" else ("安全生产" if industry == "E" and rng.random() < 0.2 else "")
        rows.append({"credit_code": code, "name": name, "kind": "individual" if individual else "enterprise",
                     "industry": industry, "region_code": region,
                     "address": f"辽宁省东港市{town}{rng.choice(STREETS)}{rng.randint(1, 300)}号",
                     "status": "注销" if rng.random() < 0.02 else "存续", "credit_class": _pick(rng, CLASSES)[0],
                     "credit_as_of": "2026-11-01", "risk_level": rng.choice(["低", "一般", "一般", "较高", "高"]),
                     "special_sectors": special})
    return rows


def as_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


if __name__ == "__main__":
    sys.stdout.buffer.write(as_csv(entities(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)))
