"""Turn an Evaluation into the response integrators read: every suggestion carries its version and rule ids."""

from datetime import date

from list_management.domain.evaluation import Evaluation
from list_management.domain.versioning import ListVersion


def _version_ref(v: ListVersion) -> dict:
    return {"list_id": v.id, "series_key": v.series_key, "version": v.version, "title": v.title,
            "effective_from": v.effective_from, "effective_to": v.effective_to}


def present_evaluation(result: Evaluation, matter: dict, act_date: date) -> dict:
    benchmark = None
    if result.benchmark:
        b = result.benchmark
        benchmark = {
            **_version_ref(b.version),
            "violation": b.benchmark.violation,
            "legal_basis": b.benchmark.legal_basis,
            "legal_range": b.benchmark.legal_range.model_dump(mode="json"),
            "suggested_tier": b.suggested.model_dump(mode="json") if b.suggested else None,
            "no_penalty": b.no_penalty,
            "departure": {**b.departure.__dict__, "tier": b.departure.tier.value} if b.departure else None,
            "matched_circumstances": {tier.value: [c.value for c in cs] for tier, cs in b.matched.items()},
            "tiers": [t.model_dump(mode="json") for t in b.benchmark.tiers],
        }
    review = None
    if result.review:
        review = {**_version_ref(result.review.version), "required": result.review.required,
                  "threshold_cny": str(result.review.threshold_cny), "rule": "L-5"}
    return {
        "advisory": True,
        "matter": matter,
        "act_date": act_date,
        "list_entries": [
            {**_version_ref(m.version), "list_type": m.list_type.value, **m.entry.model_dump(mode="json")}
            for m in result.entries
        ],
        "benchmark": benchmark,
        "legality_review": review,
        "explanation": [r.__dict__ for r in result.reasons],
    }
