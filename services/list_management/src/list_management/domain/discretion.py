"""Rules a discretion benchmark (裁量基准) must satisfy before it can be saved (rules D-1, D-2, D-7)."""

from decimal import Decimal

from list_management.domain.documents import BenchmarkBody, FineRange, Tier
from list_management.domain.errors import FieldProblem, RuleViolation


def check_benchmark(body: BenchmarkBody, *, min_steps: int) -> None:
    """Raise RuleViolation naming the first rule the benchmark breaks."""
    steps = {t.tier for t in body.tiers}
    if len(steps) < min_steps:  # rule D-7 (benchmark.min_steps, default 3)
        raise RuleViolation(
            (f"裁量基准事项至少须设 {min_steps} 个裁量阶次，现有 {len(steps)} 个",
             f"a benchmark item needs at least {min_steps} discretion steps; it has {len(steps)}"),
            rule="D-7",
            errors=[FieldProblem("body.tiers", f"至少 {min_steps} 个裁量阶次")],
        )
    problems = [p for i, tier in enumerate(body.tiers) for p in _tier_problems(i, tier.tier, tier.fine, body.legal_range)]
    if problems:
        rule = "D-2" if any("减轻" in p.message for p in problems) else "D-1"
        raise RuleViolation(("裁量阶次须在法定处罚幅度内", "benchmark tiers must lie inside the legal range"), rule=rule,
                            errors=problems)


def _tier_problems(index: int, tier: Tier, fine: FineRange, legal: FineRange) -> list[FieldProblem]:
    where = f"body.tiers[{index}].fine"
    found: list[FieldProblem] = []
    for low, high, legal_low, legal_high, unit in (
        (fine.fine_min, fine.fine_max, legal.fine_min, legal.fine_max, "元"),
        (fine.multiple_min, fine.multiple_max, legal.multiple_min, legal.multiple_max, "倍"),
    ):
        if low is None and high is None:
            continue
        if tier == Tier.mitigated:  # rule D-2: 减轻 goes below the legal minimum, never above it
            if legal_low is not None and high is not None and high > legal_low:
                found.append(FieldProblem(where, f"减轻 must stay below the legal minimum {legal_low}{unit}"))
            continue
        found += _inside(where, low, high, legal_low, legal_high, unit)
    return found


def _inside(where: str, low: Decimal | None, high: Decimal | None, legal_low: Decimal | None,
            legal_high: Decimal | None, unit: str) -> list[FieldProblem]:
    # rule D-1: concrete bands inside the legal range, never collapsed onto its maximum or minimum
    found = []
    if legal_low is not None and low is not None and low < legal_low:
        found.append(FieldProblem(where, f"below the legal minimum {legal_low}{unit}"))
    if legal_high is not None and high is not None and high > legal_high:
        found.append(FieldProblem(where, f"above the legal maximum {legal_high}{unit}"))
    if low is not None and high is not None and low == high and low in (legal_low, legal_high):
        found.append(FieldProblem(where, "a band may not collapse onto the legal maximum or minimum"))
    return found
