"""The object pool's rows checked in pure code (R-2): each field's rule, the GB 32100 check character (its one-call
form agrees with the shared detector), every bad row named, and the three file formats read alike."""

import json
import random
from datetime import date

import pytest

from inspection_scheduling.domain.entities import (
    CHARSET,
    Columns,
    Problem,
    _check_holds,
    check,
    code_problem,
    copy_text,
    records,
)
from inspection_scheduling.domain.entity_files import Unreadable, read
from platform_events.personal import is_credit_code

TODAY = date(2026, 11, 2)
REGION = "210681"


def coded(body: str) -> str:
    return next(body + c for c in CHARSET if is_credit_code(body + c))


def row(serial: int, **fields: object) -> dict:
    return {"credit_code": coded(f"91{REGION}MA{serial:07d}"), "name": f"东港市渔具商行{serial}", "kind": "enterprise",
            "industry": "F5179", "region_code": REGION, "address": "东港市新兴路8号", "status": "存续",
            "credit_class": "B", "credit_as_of": "2026-10-01", "risk_level": "一般", "special_sectors": ()} | fields


def columns(*rows: dict) -> Columns:
    return Columns(len(rows), {f: [r[f] for r in rows] for f in rows[0]})


def problems(*rows: dict, region: str = REGION) -> list[tuple[int, str, str]]:
    return [(p.row, p.field, p.reason) for p in check(columns(*rows), region=region, today=TODAY)]


def test_r2_the_one_call_check_character_agrees_with_gb_32100_on_random_codes() -> None:
    rnd = random.Random(2)
    for _ in range(3000):
        code = "".join(rnd.choice(CHARSET) for _ in range(18))
        assert _check_holds(code) == is_credit_code(code)
    assert _check_holds(coded("91210681MA0QXXXX0"))


def test_r2_the_whole_column_check_names_exactly_the_codes_gb_32100_refuses() -> None:
    rnd = random.Random(5)
    codes = ["".join(rnd.choice(CHARSET) for _ in range(17)) for _ in range(2000)]
    codes = [coded(c) if n % 3 else c + rnd.choice(CHARSET) for n, c in enumerate(codes)]
    rows = [row(0, credit_code=code) for code in codes]
    expected = [(n, "credit_code", "check character does not hold (GB 32100)")
                for n, code in enumerate(codes, 1) if not is_credit_code(code)]
    assert expected and problems(*rows) == expected


def test_r2_a_clean_file_has_no_problem_and_products_need_no_check_character() -> None:
    product = row(2, credit_code=f"{REGION}P00000000007", kind="product")
    assert problems(row(1), product) == []
    assert problems(row(1, credit_code=f"{REGION}P00000000007")) == [
        (1, "credit_code", "check character does not hold (GB 32100)")]


def test_r2_every_bad_row_is_named_with_its_field_and_reason() -> None:
    bad = [row(1, credit_code="91210681MA0QXXXXIO"), row(2, kind="shop"), row(3, status="吊销"),
           row(4, credit_class="E"), row(5, risk_level="极高"), row(6, industry="99"), row(7, region_code="21068"),
           row(8, credit_as_of="2026-13-01"), row(9, credit_as_of="2026-12-01"), row(10, name=" "),
           row(11, address="地" * 501), row(12, special_sectors=("",)), row(13, name=""), row(14, region_code="110101")]
    found = problems(row(0), *bad)
    assert [(r, f) for r, f, _ in found] == [
        (2, "credit_code"), (3, "kind"), (4, "status"), (5, "credit_class"), (6, "risk_level"), (7, "industry"),
        (8, "region_code"), (9, "credit_as_of"), (10, "credit_as_of"), (11, "name"), (12, "address"),
        (13, "special_sectors"), (14, "name"), (15, "region_code")]
    reasons = {f: reason for _, f, reason in found}
    assert reasons["region_code"] == f"outside the importer's region {REGION}"
    assert ("after today" in [r for _, f, r in found if f == "credit_as_of"])


def test_r2_a_code_repeated_in_a_file_is_named_at_its_second_row() -> None:
    assert problems(row(1), row(2), row(1)) == [(3, "credit_code", "repeated in the file")]


def test_r2_a_national_importer_may_load_any_region_and_a_twelve_digit_region_is_accepted() -> None:
    assert problems(row(1, region_code="110101001001"), region="") == []


def test_r2_records_are_typed_for_copy() -> None:
    got = records(columns(row(1, risk_level="", special_sectors=("食品", "特种设备"))), "imp-1")[0]
    assert got[8] == date(2026, 10, 1) and got[9] == "一般" and json.loads(got[10]) == ["食品", "特种设备"]
    assert got[-1] == "imp-1" and len(got) == 12


def test_r2_a_conflict_code_is_checked_for_its_characters_only() -> None:
    assert code_problem(f"{REGION}P00000000007", None) is None
    assert code_problem("O" * 18, None) and code_problem(123, None)


CSV = ("\ufeffcredit_code,name,kind,industry,region_code,status,credit_class,credit_as_of,special_sectors\n"
       f"{coded('91210681MA0000001')},甲,enterprise,C13,210681,存续,A,2026-10-01,食品|药品\n"
       f"{coded('91210681MA0000002')},乙,individual,F52,210681,注销,D,2026-10-01,\n")


def test_r2_csv_with_a_bom_json_and_ndjson_read_alike() -> None:
    from_csv = read(CSV.encode(), "csv")
    items = [{k: v for k, v in zip(from_csv.values, column, strict=True)} for column in
             zip(*from_csv.values.values(), strict=True)]
    for item in items:
        item["special_sectors"] = list(item["special_sectors"])
    from_json = read(json.dumps(items).encode(), "json")
    from_ndjson = read("\n".join(map(json.dumps, items)).encode(), "ndjson")
    assert from_csv.values == from_json.values == from_ndjson.values
    assert from_csv.values["special_sectors"] == [("食品", "药品"), ()] and from_csv.values["address"] == ["", ""]


@pytest.mark.parametrize(("body", "fmt", "expected"), [
    (CSV.replace("special_sectors", "sectors"), "csv", Problem(0, "header", "unknown sectors")),
    ("name,kind\n甲,enterprise\n", "csv", Problem(0, "header", "missing credit_as_of, credit_class, credit_code, "
                                                               "industry, region_code, status")),
    (CSV + "x,y\n", "csv", Problem(3, "body", "2 cells where the header has 9")),
    (CSV.split("\n")[0] + "\n", "csv", Problem(0, "body", "no entity in the file")),
    ('{"a": 1}', "json", Problem(0, "body", "not a JSON array of entities")),
    ("[1]", "json", Problem(1, "body", "not a JSON object")),
    ('[{"name": true}]', "json", Problem(1, "name", "not text")),
    ('[{"special_sectors": "食品"}]', "json", Problem(1, "special_sectors", "not a list of text")),
])
def test_r2_a_file_that_cannot_be_read_names_where(body: str, fmt: str, expected: Problem) -> None:
    with pytest.raises(Unreadable) as refused:
        read(body.encode(), fmt)
    assert refused.value.problems[0] == expected


def test_r2_a_file_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(Unreadable) as refused:
        read("名称".encode("gb18030"), "csv")
    assert refused.value.problems[0].field == "body"


def test_r2_a_quoted_csv_reads_as_the_same_file_unquoted() -> None:
    quoted = CSV.replace(",甲,", ',"甲",').replace("食品|药品", '"食品|药品"')
    assert read(quoted.encode(), "csv") == read(CSV.encode(), "csv")
    named = read(CSV.replace(",甲,", ',"甲, 东港",').encode(), "csv")
    assert named.values["name"] == ["甲, 东港", "乙"]


def test_r2_copy_text_holds_the_same_values_as_the_records_escaped() -> None:
    cols = columns(row(1, name="甲\t乙\\丙", risk_level=""), row(2, special_sectors=("食品",)))
    lines = copy_text(cols, "imp-1").decode().splitlines()
    assert lines[0].split("\t")[1] == "甲\\t乙\\\\丙" and lines[0].split("\t")[9] == "一般"
    assert [line.split("\t")[10:] for line in lines] == [["[]", "imp-1"], ['["食品"]', "imp-1"]]
    assert len(lines[1].split("\t")) == len(records(cols, "imp-1")[1])
