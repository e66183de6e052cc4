"""The 东港市 demo data validates against the domain models and respects the list and benchmark rules."""

import itertools
import json
import re
from collections import Counter
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from list_management.demo_data import DEMO_DIR
from list_management.demo_data.officers import demo_officers
from list_management.domain.catalog import Department, Matter, MatterType, Officer
from list_management.domain.documents import (
    BenchmarkBody,
    ComplianceGuidanceListBody,
    FineRange,
    InspectionMatterListBody,
    LeniencyListBody,
    LeniencyType,
    ListBody,
    ReviewMatterListBody,
    RiskPointListBody,
    Tier,
)

REGION = "210681"
CITATION = re.compile(r"^《[^》]+》(（[^）]+）)?第[〇一二三四五六七八九十百零]+条")
LIST_KEYS = {"department_code", "title", "effective_from", "body"}
BODY = TypeAdapter(ListBody)


def _read(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def departments() -> tuple[Department, ...]:
    return tuple(TypeAdapter(list[Department]).validate_python(_read(DEMO_DIR / "departments.json")))


@cache
def matters() -> tuple[Matter, ...]:
    return tuple(TypeAdapter(list[Matter]).validate_python(_read(DEMO_DIR / "matters.json")))


@cache
def officers() -> tuple[Officer, ...]:
    return tuple(TypeAdapter(list[Officer]).validate_python(demo_officers()))


@cache
def list_files() -> tuple[tuple[str, dict], ...]:
    return tuple((p.name, _read(p)) for p in sorted((DEMO_DIR / "lists").glob("*.json")))


@cache
def bodies() -> tuple[tuple[str, dict, object], ...]:
    return tuple((name, doc, BODY.validate_python(doc["body"])) for name, doc in list_files())


def bodies_of(kind: type) -> list[tuple[str, dict, object]]:
    return [(name, doc, body) for name, doc, body in bodies() if isinstance(body, kind)]


def matter_codes() -> set[str]:
    return {m.code for m in matters()}


def matter(code: str) -> Matter:
    return next(m for m in matters() if m.code == code)


# ------------------------------------------------------------------ shape and validation


def test_every_department_validates_and_lies_in_donggang():
    assert all(d.region_code == REGION for d in departments())
    assert all(d.name.startswith(("东港市", "丹东市生态环境局东港分局")) for d in departments())


def test_every_department_lists_six_to_fifteen_hotline_keywords():
    for d in departments():
        assert 6 <= len(d.responsibilities) <= 15, d.code
        assert len(set(d.responsibilities)) == len(d.responsibilities), d.code


def test_there_are_at_least_eight_departments_including_the_justice_bureau():
    codes = {d.code for d in departments()}
    assert len(codes) >= 8
    assert "DG-SFJ" in codes


def test_department_and_matter_codes_are_unique():
    assert len({d.code for d in departments()}) == len(departments())
    assert len(matter_codes()) == len(matters())


def test_there_are_at_least_sixty_matters_mostly_penalties():
    types = Counter(m.matter_type for m in matters())
    assert len(matters()) >= 60
    assert types[MatterType.penalty] > len(matters()) / 2
    assert {MatterType.inspection, MatterType.coercion, MatterType.licensing} <= set(types)


def test_every_matter_belongs_to_a_known_department_and_carries_its_code_prefix():
    codes = {d.code for d in departments()}
    for m in matters():
        assert m.department_code in codes, m.code
        assert m.code.startswith(m.department_code + "-"), m.code


def test_every_matter_cites_a_statute_by_name_and_article():
    for m in matters():
        assert all(CITATION.match(part) for part in m.legal_basis.split("；")), m.code
        assert m.keywords, m.code


def test_every_list_file_has_the_published_list_envelope():
    assert list_files()
    for name, doc in list_files():
        assert set(doc) == LIST_KEYS, name
        date.fromisoformat(doc["effective_from"])
        assert doc["title"].strip(), name


def test_every_list_body_validates_through_the_discriminated_union():
    assert len(bodies()) == len(list_files())


def test_every_list_belongs_to_a_known_department():
    codes = {d.code for d in departments()}
    for name, doc in list_files():
        assert doc["department_code"] in codes, name


def test_every_list_references_only_catalogued_matters():
    known = matter_codes()
    for name, _, body in bodies():
        if isinstance(body, LeniencyListBody):
            refs = [e.matter_code for e in body.entries]
        elif isinstance(body, BenchmarkBody):
            refs = [body.matter_code]
        elif isinstance(body, RiskPointListBody):
            refs = [p.matter_code for p in body.points]
        elif isinstance(body, ReviewMatterListBody):
            refs = body.matter_codes
        elif isinstance(body, InspectionMatterListBody):
            refs = [i.matter_code for i in body.matters]
        else:
            refs = [i.matter_code for i in body.items if i.matter_code is not None]
        assert set(refs) <= known, (name, set(refs) - known)


def test_department_lists_only_reference_that_departments_own_matters():
    for name, doc, body in bodies():
        if isinstance(body, ReviewMatterListBody):
            continue  # the justice bureau's catalog spans all departments
        refs = {e.matter_code for e in getattr(body, "entries", [])} | {
            p.matter_code for p in getattr(body, "points", [])
        }
        refs |= {i.matter_code for i in getattr(body, "matters", [])} | {
            i.matter_code for i in getattr(body, "items", [])
        }
        refs |= {body.matter_code} if isinstance(body, BenchmarkBody) else set()
        refs.discard(None)
        assert {matter(c).department_code for c in refs} <= {doc["department_code"]}, name


def test_json_files_are_pretty_printed_utf8_without_ascii_escapes():
    for path in [
        DEMO_DIR / "departments.json",
        DEMO_DIR / "matters.json",
        *sorted((DEMO_DIR / "lists").glob("*.json")),
    ]:
        text = path.read_text(encoding="utf-8")
        assert "\\u" not in text, path.name
        assert text.startswith(("[\n", "{\n")), path.name


# ------------------------------------------------------------------ 四张清单 (rules Q-1 … Q-5)


def leniency() -> list[tuple[str, dict, LeniencyListBody]]:
    return bodies_of(LeniencyListBody)


def test_the_four_lists_hold_at_least_sixty_entries_in_total():
    assert sum(len(body.entries) for _, _, body in leniency()) >= 60


def test_at_least_six_departments_publish_a_no_penalty_list():
    depts = {
        doc["department_code"] for _, doc, body in leniency() if body.list_type == LeniencyType.no_penalty
    }
    assert len(depts) >= 6


def test_the_city_publishes_every_kind_of_the_four_lists():
    kinds = {body.list_type for _, _, body in leniency()}
    assert {
        LeniencyType.no_penalty,
        LeniencyType.lighter_penalty,
        LeniencyType.mitigated_penalty,
        LeniencyType.no_coercive_measure,
    } <= kinds


@pytest.mark.rule("Q-1")
@pytest.mark.rule("Q-2")
def test_q1_q2_s3_no_penalty_entries_cite_article_33_and_a_statutory_ground():
    for name, _, body in leniency():
        if body.list_type not in (LeniencyType.no_penalty, LeniencyType.first_offence_no_penalty):
            continue
        for e in body.entries:
            assert "《中华人民共和国行政处罚法》第三十三条" in e.legal_basis, (name, e.entry_no)
            conds = set(e.conditions)
            no_fault = conds == {"no_subjective_fault"}
            minor = {"no_harm", "corrected_in_time"} <= conds
            first = {"first_violation", "harm_slight", "corrected_in_time"} <= conds
            assert no_fault or minor or first, (name, e.entry_no)
            assert set(e.rule_ids) & {"Q-1", "Q-2"}, (name, e.entry_no)


@pytest.mark.rule("Q-2")
def test_q2_first_offence_entries_require_a_first_slight_and_corrected_violation():
    for name, _, body in leniency():
        if body.list_type == LeniencyType.first_offence_no_penalty:
            for e in body.entries:
                assert {"first_violation", "harm_slight", "corrected_in_time"} <= set(e.conditions), (
                    name,
                    e.entry_no,
                )
                assert "Q-2" in e.rule_ids


@pytest.mark.rule("Q-3")
def test_q3_every_no_penalty_entry_orders_correction_and_education():
    for name, _, body in leniency():
        if body.list_type in (LeniencyType.no_penalty, LeniencyType.first_offence_no_penalty):
            for e in body.entries:
                assert "责令改正" in e.measures and "教育" in e.measures, (name, e.entry_no)


@pytest.mark.rule("Q-4")
def test_q4_lighter_and_mitigated_entries_cite_a_mandatory_ground():
    grounds = {
        "reduced_harm_voluntarily",
        "coerced_or_deceived",
        "confessed_unknown",
        "meritorious_service",
        "age_14_to_18",
    }
    for name, _, body in leniency():
        if body.list_type in (LeniencyType.lighter_penalty, LeniencyType.mitigated_penalty):
            for e in body.entries:
                assert set(e.conditions) & grounds, (name, e.entry_no)
                assert "《中华人民共和国行政处罚法》" in e.legal_basis
                assert "Q-4" in e.rule_ids


@pytest.mark.rule("D-2")
def test_d2_mitigated_entries_require_legality_review_and_collective_decision():
    for name, _, body in leniency():
        if body.list_type == LeniencyType.mitigated_penalty:
            for e in body.entries:
                assert "D-2" in e.rule_ids
                assert "法制审核" in e.measures and "集体讨论" in e.measures, (name, e.entry_no)


@pytest.mark.rule("Q-5")
@pytest.mark.rule("C-3")
def test_c3_q5_no_coercion_entries_cite_coercion_law_article_16_and_point_at_coercive_matters():
    for name, _, body in leniency():
        if body.list_type == LeniencyType.no_coercive_measure:
            for e in body.entries:
                assert "《中华人民共和国行政强制法》" in e.legal_basis and "第十六条" in e.legal_basis
                assert set(e.conditions) & {
                    "no_obvious_social_harm",
                    "evidence_secured",
                    "non_coercive_sufficient",
                }
                assert set(e.rule_ids) == {"C-3", "Q-5"}
                assert matter(e.matter_code).matter_type == MatterType.coercion, (name, e.entry_no)


def test_penalty_lists_point_at_penalty_matters():
    for name, _, body in leniency():
        if body.list_type != LeniencyType.no_coercive_measure:
            for e in body.entries:
                assert matter(e.matter_code).matter_type == MatterType.penalty, (name, e.entry_no)


def test_entry_numbers_are_unique_within_a_list():
    for name, _, body in leniency():
        assert len({e.entry_no for e in body.entries}) == len(body.entries), name


# ------------------------------------------------------------------ 裁量基准 (rules D-1, D-2, D-7)


def benchmarks() -> list[tuple[str, dict, BenchmarkBody]]:
    return bodies_of(BenchmarkBody)


def _bounds(r: FineRange) -> dict[str, tuple[Decimal, Decimal] | None]:
    fine = (r.fine_min or Decimal(0), r.fine_max) if r.fine_max is not None else None
    mult = (r.multiple_min or Decimal(0), r.multiple_max) if r.multiple_max is not None else None
    return {"fine": fine, "multiple": mult}


def test_there_are_at_least_twenty_benchmarks_each_for_a_penalty_matter():
    assert len(benchmarks()) >= 20
    for name, _, body in benchmarks():
        assert matter(body.matter_code).matter_type == MatterType.penalty, name
        assert name == f"benchmark_{body.matter_code}.json"


def test_each_penalty_matter_has_at_most_one_benchmark():
    counts = Counter(body.matter_code for _, _, body in benchmarks())
    assert max(counts.values()) == 1


def test_benchmark_legal_basis_matches_the_matter_catalog():
    for name, _, body in benchmarks():
        assert body.legal_basis == matter(body.matter_code).legal_basis, name


@pytest.mark.rule("D-7")
def test_d7_every_benchmark_has_at_least_three_steps():
    for name, _, body in benchmarks():
        steps = {t.tier for t in body.tiers}
        assert len(body.tiers) >= 3, name
        assert {Tier.lighter, Tier.normal, Tier.heavier} <= steps, name
        assert len(steps) == len(body.tiers), name


@pytest.mark.rule("D-1")
def test_d1_every_legal_range_has_an_upper_bound():
    for name, _, body in benchmarks():
        bounds = _bounds(body.legal_range)
        assert bounds["fine"] or bounds["multiple"], name


@pytest.mark.rule("D-1")
def test_d1_tier_ranges_lie_inside_the_legal_range_except_mitigated():
    for name, _, body in benchmarks():
        legal = _bounds(body.legal_range)
        for t in body.tiers:
            if t.tier == Tier.mitigated:
                continue
            tier = _bounds(t.fine)
            assert tier["fine"] or tier["multiple"], (name, t.tier)
            for key in ("fine", "multiple"):
                if tier[key] is None:
                    continue
                assert legal[key] is not None, (name, t.tier, key)
                assert legal[key][0] <= tier[key][0] < tier[key][1] <= legal[key][1], (name, t.tier, key)
            if t.fine.multiple_of:
                assert t.fine.multiple_of == body.legal_range.multiple_of, name


@pytest.mark.rule("D-1")
def test_d1_no_tier_is_pinned_to_the_legal_maximum_or_minimum():
    for name, _, body in benchmarks():
        legal = _bounds(body.legal_range)
        for t in body.tiers:
            for key, (low, high) in ((k, v) for k, v in _bounds(t.fine).items() if v is not None):
                assert low != high, (name, t.tier, key)
                assert (low, high) not in {(legal[key][0], legal[key][0]), (legal[key][1], legal[key][1])}


@pytest.mark.rule("D-1")
def test_d1_steps_split_the_legal_range_in_ascending_order():
    order = [Tier.lighter, Tier.normal, Tier.heavier]
    for name, _, body in benchmarks():
        by_tier = {t.tier: _bounds(t.fine) for t in body.tiers}
        legal = _bounds(body.legal_range)
        for key in ("fine", "multiple"):
            if legal[key] is None:
                continue
            steps = [by_tier[t][key] for t in order]
            assert steps[0][0] == legal[key][0] and steps[-1][1] == legal[key][1], (name, key)
            assert all(a[1] == b[0] for a, b in itertools.pairwise(steps)), (name, key)


@pytest.mark.rule("D-1")
@pytest.mark.rule("D-2")
@pytest.mark.rule("D-7")
def test_d1_d2_d7_every_benchmark_passes_the_services_own_save_check():
    from list_management.domain.discretion import check_benchmark

    for _, _, body in benchmarks():
        check_benchmark(body, min_steps=3)


def test_every_list_file_starts_its_own_list_series():
    from list_management.domain.versioning import series_key

    keys = Counter(series_key(doc["department_code"], doc["body"]) for _, doc in list_files())
    assert all(n == 1 for n in keys.values()), [k for k, n in keys.items() if n > 1]


@pytest.mark.rule("D-2")
def test_d2_mitigated_tiers_lie_below_the_legal_minimum():
    seen = 0
    for name, _, body in benchmarks():
        legal = _bounds(body.legal_range)
        for t in body.tiers:
            if t.tier != Tier.mitigated:
                continue
            seen += 1
            for key, bounds in _bounds(t.fine).items():
                if bounds is None:
                    continue
                assert legal[key] is not None and legal[key][0] > 0, (name, key)
                assert bounds[0] < bounds[1] < legal[key][0], (name, key)
            assert set(t.circumstances) & {
                "reduced_harm_voluntarily",
                "coerced_or_deceived",
                "confessed_unknown",
                "meritorious_service",
                "age_14_to_18",
            }, name
    assert seen >= 3


def test_the_normal_step_has_no_circumstances_and_the_others_do():
    for name, _, body in benchmarks():
        for t in body.tiers:
            assert bool(t.circumstances) == (t.tier != Tier.normal), (name, t.tier)


def test_no_circumstance_moves_a_case_into_two_different_steps():
    for name, _, body in benchmarks():
        counts = Counter(c for t in body.tiers for c in t.circumstances)
        assert all(n == 1 for n in counts.values()), name


# ------------------------------------------------------------------ other lists


def test_at_least_four_departments_publish_graded_risk_points():
    lists = bodies_of(RiskPointListBody)
    assert len({doc["department_code"] for _, doc, _ in lists}) >= 4
    grades = {p.grade.value for _, _, body in lists for p in body.points}
    assert grades == {"高", "中", "低"}
    assert all(p.prevention for _, _, body in lists for p in body.points)


@pytest.mark.rule("L-5")
def test_l5_the_justice_bureau_publishes_the_review_catalog_with_the_example_thresholds():
    lists = bodies_of(ReviewMatterListBody)
    assert len(lists) == 1
    _, doc, body = lists[0]
    assert doc["department_code"] == "DG-SFJ"
    assert body.thresholds.natural_person_cny == Decimal(10000)
    assert body.thresholds.organisation_cny == Decimal(100000)
    text = "".join(body.categories)
    for needle in ("责令停产停业", "吊销许可证件", "罚款", "听证", "裁量基准", "移送司法机关"):
        assert needle in text, needle


@pytest.mark.rule("R-10")
def test_r10_random_inspection_lists_cite_guofa_2019_5_and_require_two_certified_inspectors():
    lists = bodies_of(InspectionMatterListBody)
    assert len({doc["department_code"] for _, doc, _ in lists}) >= 4
    for name, _, body in lists:
        for item in body.matters:
            assert "国发〔2019〕5号" in item.basis, name
            assert any(CITATION.match(part) for part in item.basis.split("；")), name
            assert "2名" in item.inspector_requirements, name
            assert matter(item.matter_code).matter_type == MatterType.inspection, name


def test_compliance_guidance_uses_the_eight_forms_of_administrative_guidance():
    forms = {"引导", "示范", "提示", "辅导", "建议", "规劝", "约谈", "回访"}
    lists = bodies_of(ComplianceGuidanceListBody)
    assert len({doc["department_code"] for _, doc, _ in lists}) >= 3
    used = {item.form for _, _, body in lists for item in body.items}
    assert used <= forms
    assert used == forms


# ------------------------------------------------------------------ officers (rules P-1, E-1, L-2)


def test_there_are_at_least_two_hundred_officers_in_known_departments():
    codes = {d.code for d in departments()}
    assert len(officers()) >= 200
    assert {o.department_code for o in officers()} == codes


def test_the_officer_generator_is_deterministic():
    assert demo_officers() == demo_officers()


def test_person_numbers_and_certificate_numbers_are_unique_and_well_formed():
    nos = [o.person_no for o in officers()]
    certs = [o.certificate_no for o in officers() if o.certificate_no is not None]
    assert len(set(nos)) == len(nos)
    assert len(set(certs)) == len(certs)
    assert all(n.startswith("DG") and len(n) == 7 and n[2:].isdigit() for n in nos)
    assert all(c.startswith("21068120") and len(c) == 13 and c.isdigit() for c in certs)


def test_market_regulation_and_comprehensive_enforcement_have_the_most_officers():
    counts = Counter(o.department_code for o in officers())
    top_two = {code for code, _ in counts.most_common(2)}
    assert top_two == {"DG-SCJG", "DG-ZHZF"}


@pytest.mark.rule("E-1")
def test_e1_auxiliary_staff_are_about_a_tenth_and_hold_no_certificate():
    aux = [o for o in officers() if o.auxiliary]
    assert 0.07 <= len(aux) / len(officers()) <= 0.13
    assert all(o.certificate_no is None and o.valid_from is None and o.valid_to is None for o in aux)
    assert all(
        o.certificate_no is not None and o.valid_from and o.valid_to for o in officers() if not o.auxiliary
    )


@pytest.mark.rule("P-1")
def test_p1_certificates_include_expired_suspended_and_revoked_ones_for_the_demo():
    certified = [o for o in officers() if not o.auxiliary]
    expired = [o for o in certified if o.valid_to < date(2026, 1, 1)]
    statuses = Counter(o.status.value for o in certified)
    assert 0.03 <= len(expired) / len(officers()) <= 0.08
    assert 0.015 <= statuses["suspended"] / len(officers()) <= 0.05
    assert 0.01 <= statuses["revoked"] / len(officers()) <= 0.04
    assert all(o.valid_from < o.valid_to for o in certified)


@pytest.mark.rule("L-2")
def test_l2_every_department_has_legality_review_staff_with_legal_qualification():
    for d in departments():
        reviewers = [
            o for o in officers() if o.department_code == d.code and "法制审核" in o.enforcement_areas
        ]
        assert 1 <= len(reviewers) <= (5 if d.code == "DG-SFJ" else 3), d.code
        assert all(o.legal_professional_qualification and not o.auxiliary for o in reviewers), d.code
        assert any(o.status.value == "valid" for o in reviewers), d.code


def test_officers_work_in_their_sector_and_in_donggang_towns():
    sector = {d.code: d.sector for d in departments()}
    for o in officers():
        assert o.enforcement_areas[0] == sector[o.department_code], o.person_no
