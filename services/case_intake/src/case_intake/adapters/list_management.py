"""list_management's advisory evaluation over its REST contract (POST /api/v1/evaluations).

The client carries case_intake's own client-credentials token (bootstrap). A token the issuer will not give, or a
token list_management refuses (401/403), is list_management being unavailable to this service: 503, never a 500.
"""

from datetime import date
from decimal import Decimal

import httpx

from case_intake.domain.decision_gate import Evaluation
from case_intake.domain.errors import InvalidInput, Unavailable
from platform_identity import TokenUnavailable


class ListManagement:
    """The lists and benchmark in force on a date for a matter and the case's facts, as list_management reads them."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    async def evaluate(self, *, matter_code: str, act_date: date, facts: list[str], person: bool,
                       proposed_fine_cny: Decimal | None) -> Evaluation:
        body = {"matter_code": matter_code, "act_date": act_date.isoformat(), "facts": facts,
                "party_type": "natural_person" if person else "organisation",
                "proposed_fine_cny": str(proposed_fine_cny) if proposed_fine_cny is not None else None}
        try:
            response = await self._client.post("/api/v1/evaluations", json=body)
        except httpx.HTTPError as exc:
            raise Unavailable((f"list_management 未响应评估请求：{exc!r}",
                               f"list_management did not answer the evaluation: {exc!r}")) from exc
        except TokenUnavailable as exc:
            raise Unavailable((f"无法取得调用 list_management 的令牌：{exc}",
                               f"no token to call list_management with: {exc}")) from exc
        if response.status_code in (404, 422):
            raise InvalidInput((f"list_management 拒绝了评估请求：{response.text[:300]}",
                                f"list_management refused the evaluation: {response.text[:300]}"))
        if response.status_code != 200:
            raise Unavailable((f"list_management 对评估请求返回了 {response.status_code}",
                               f"list_management answered {response.status_code} to the evaluation"))
        found = response.json()
        benchmark, review = found.get("benchmark"), found.get("legality_review")
        suggested = (benchmark or {}).get("suggested_tier") or {}
        return Evaluation(review_required=bool(review and review.get("required")),
                          suggested_tier=suggested.get("tier"), has_benchmark=benchmark is not None, raw=found)
