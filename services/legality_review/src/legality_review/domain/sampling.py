"""Which closed case files a 案卷评查 campaign reviews (policy 003 item 4(1)–(2)).

Targeted first: files submitted for review (选送) and every case whose decision was later revoked, changed or
confirmed illegal in review or litigation (重点评查). Then a random draw (抽取) from the rest, reproducible from the
campaign's seed.
"""

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Selected:
    case_id: str
    selection: str  # 选送 | 重点评查 | 随机抽取


def draw(closed: list[str], changed: set[str], submitted: list[str], random_count: int, seed: int) -> list[Selected]:
    """`closed`: the campaign's closed cases; `changed`: those revoked or changed later; `submitted`: 选送 cases."""
    chosen = [Selected(c, "选送") for c in dict.fromkeys(submitted)]
    taken = {s.case_id for s in chosen}
    chosen += [Selected(c, "重点评查") for c in sorted(changed) if c not in taken]
    taken |= changed
    pool = sorted(c for c in set(closed) if c not in taken)
    chosen += [Selected(c, "随机抽取") for c in sorted(random.Random(seed).sample(pool, min(random_count, len(pool))))]
    return chosen
