"""Who may review a case (L-2, P-3, L-9) and who gets it (balanced by open workload).

A reviewer is a member of the 法制审核 staff in list_management's personnel (marked by the configured area), holding
a valid status, never auxiliary staff. Someone reviewing for the first time holds 法律职业资格 (L-2, 《行政处罚法》
art. 58 ¶2 — 初次从事); experience is a review concluded here or a recorded earlier start. An officer of the case
never reviews it (P-3: a relationship that affects fairness; 查审分离). The reviewer belongs to the deciding
agency, or — where reviewers are pooled (L-9, Zhejiang) — to any agency of the same region.
"""

from dataclasses import dataclass

from legality_review.domain.policy import ReviewPolicy


@dataclass(frozen=True)
class Candidate:
    person_no: str
    name: str
    department_code: str
    region_code: str | None
    status: str
    auxiliary: bool
    legal_qualification: bool
    areas: tuple[str, ...]
    experienced: bool
    open_reviews: int


@dataclass(frozen=True)
class Subject:
    """What eligibility depends on in the review: the deciding agency and the case's officers."""

    department_code: str
    region_code: str | None
    officers: tuple[str, ...]


@dataclass(frozen=True)
class Refusal:
    rule: str
    reason: str


def refusal(c: Candidate, s: Subject, policy: ReviewPolicy) -> Refusal | None:
    """Why `c` may not review `s`, or None."""
    if policy.reviewer_area not in c.areas or c.auxiliary:
        return Refusal("L-2", f"{c.person_no} is not 法制审核 staff (auxiliary staff never are)")
    if c.status != "valid":
        return Refusal("L-2", f"{c.person_no}'s personnel status is {c.status}")
    if not c.experienced and not c.legal_qualification:
        return Refusal("L-2", f"{c.person_no} reviews for the first time and holds no 法律职业资格")
    if c.person_no in s.officers:
        return Refusal("P-3", f"{c.person_no} is an officer of the case: the case's own officer never reviews it")
    same_agency = c.department_code == s.department_code
    pooled = policy.pooled_online and c.region_code is not None and c.region_code == s.region_code
    if not (same_agency or pooled):
        where = "its region's pooled reviewers" if policy.pooled_online else "its own agency"
        return Refusal("L-9", f"{c.person_no} belongs to {c.department_code}; {s.department_code}'s review is done by "
                              f"{where}")
    return None


def balanced_pick(candidates: list[Candidate], s: Subject, policy: ReviewPolicy, *,
                  exclude: str | None = None) -> Candidate | None:
    """The eligible reviewer with the fewest open reviews (own agency first on a tie, then person_no)."""
    eligible = [c for c in candidates if c.person_no != exclude and refusal(c, s, policy) is None]
    return min(eligible, key=lambda c: (c.open_reviews, c.department_code != s.department_code, c.person_no),
               default=None)
