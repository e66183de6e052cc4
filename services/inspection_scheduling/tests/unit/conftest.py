"""A small city's draw: two matters over two 区划 and credit classes, a pool of inspectors, two parties."""

import random
from dataclasses import dataclass, field, replace
from datetime import date

import pytest

from inspection_scheduling.domain.canonical import secret_commitment
from inspection_scheduling.domain.draws import freeze, reveal
from inspection_scheduling.domain.inspectors import Inspector
from inspection_scheduling.domain.roster import Exclusion, RosterRow, Stratum

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
DRAWN_ON = date(2026, 3, 2)
SECRETS = {"东港市司法局": "5f0c" * 16, "东港市市场监督管理局": "a93e" * 16}


def credit_codes(n: int, seed: int = 13) -> list[str]:
    rnd = random.Random(seed)
    codes: set[str] = set()
    while len(codes) < n:
        codes.add("91" + "".join(rnd.choice(CHARSET) for _ in range(16)))
    return sorted(codes)


def inspector(number: int, **changes) -> Inspector:
    base = Inspector(f"3302{number:04d}", "东港市市场监督管理局", ("食品", "特种设备"),
                     certificate_valid_from=date(2024, 1, 1), certificate_valid_until=date(2028, 12, 31))
    return replace(base, **changes)


@dataclass
class Ceremony:
    """The inputs of one draw, changeable before `run`."""

    strata: list[Stratum] = field(default_factory=lambda: [
        Stratum("食品经营", "330203", "A", 2, "食品"), Stratum("食品经营", "330203", "C", 5, "食品"),
        Stratum("特种设备", "330205", "B", 3, "特种设备"), Stratum("特种设备", "330205", "D", 4, None)])
    roster: list[RosterRow] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    inspectors: list[Inspector] = field(default_factory=lambda: [inspector(n) for n in range(1, 9)])
    secrets: dict[str, str] = field(default_factory=lambda: dict(SECRETS))
    public_value: str | None = "上证指数 2026-02-27 收盘 3361.88"
    per_object: int = 2

    def __post_init__(self) -> None:
        if not self.roster:
            codes = credit_codes(240)
            self.exclusions = [Exclusion(codes[0], "annual_cap_reached", "E-4", "2 routine inspections in 2026"),
                               Exclusion(codes[1], "special_sector", "R-1")]
            self.roster = [RosterRow(code, self.strata[n % 4].key) for n, code in enumerate(codes[2:])]

    def freeze(self) -> dict:
        return freeze(roster=self.roster, strata=self.strata, exclusions=self.exclusions, inspectors=self.inspectors,
                      parties={p: secret_commitment(s) for p, s in self.secrets.items()}, drawn_on=DRAWN_ON,
                      inspectors_per_object=self.per_object)

    def run(self) -> dict:
        return reveal(self.freeze(), self.roster, self.secrets, self.public_value)


@pytest.fixture
def ceremony() -> Ceremony:
    return Ceremony()


@pytest.fixture
def make_inspector():
    return inspector
