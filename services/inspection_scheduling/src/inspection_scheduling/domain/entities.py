"""The object pool's rows (检查对象名录库, R-2): what each entity of an import or an update must hold, checked in pure
code, a whole column at a time (a million rows in seconds), with the exact rows named when a column fails.

Codes: an enterprise or a 个体工商户 carries its 统一社会信用代码 (GB 32100: 18 characters of `0-9A-HJ-NPQRTUWXY`
whose last is the mod-31 check character). A product, a project or another object has none: it is listed under an
18-character object code of the same characters (no check character), chosen by whoever keeps the pool — e.g. its
6-digit 区划, a letter for the kind and a serial. Both are the pool's key and the draw's (domain.roster).
"""

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import compress, repeat
from operator import mod, mul, sub

from platform_events.personal import is_credit_code

FIELDS = ("credit_code", "name", "kind", "industry", "region_code", "address", "status", "credit_class",
          "credit_as_of", "risk_level", "special_sectors")
REQUIRED = ("credit_code", "name", "kind", "industry", "region_code", "status", "credit_class", "credit_as_of")
KINDS = {"enterprise": "企业", "individual": "个体工商户", "product": "产品", "project": "项目", "other": "其他"}
CODED = frozenset({"enterprise", "individual"})  # kinds whose code is a real 统一社会信用代码 (check character)
STATUSES = frozenset({"存续", "注销"})
CREDIT_CLASSES = frozenset("ABCD")
RISK_LEVELS = frozenset({"高", "较高", "一般", "低"})
DEFAULT_RISK = "一般"
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CODES = re.compile(rf"(?:[{CHARSET}]{{18}}\n)*")
_CODE = re.compile(rf"[{CHARSET}]{{18}}")
_REGION = re.compile(r"\d{6}(?:\d{3}){0,2}")
_INDUSTRY = re.compile(r"[A-T](?:\d{2,4})?")  # GB/T 4754: 门类 letter, or with its 大类/中类/小类 digits
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: each character as the base-34 digit of its value: read backwards in base 34 (≡ 3 mod 31), the first 17
#: characters give Σ value·3^i ≡ Σ value·weight (GB 32100's weights are 3^i mod 31) — the check in one int() call
_AS_DIGIT = str.maketrans({ch: "0123456789abcdefghijklmnopqrstu"[v] for v, ch in enumerate(CHARSET)})
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
COPY_COLUMNS = (*FIELDS, "import_id")
LIMITS = {"name": 200, "address": 500, "sector": 40, "sectors": 20}


@dataclass(frozen=True, order=True)
class Problem:
    """Entity `row` (from 1: a CSV file's first line after its header) is refused for `field`, saying why."""

    row: int
    field: str
    reason: str

    def as_json(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "reason": self.reason}


@dataclass
class Columns:
    """The entities of a file field by field (each list as long as `rows`): text as given, sectors as tuples."""

    rows: int
    values: dict[str, list]


def code_problem(code: object, kind: str | None) -> str | None:
    """Why `code` is not an entity's code (None: it is); `kind` None checks the characters only."""
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        return "not 18 characters of 0-9 A-H J-N P Q R T U W X Y (GB 32100)"
    if kind in CODED and not is_credit_code(code):
        return "check character does not hold (GB 32100)"
    return None


def check(columns: Columns, *, region: str, today: date) -> list[Problem]:
    """Every problem of every row, ordered by row and field: the importer's region bounds every 区划."""
    v, problems = columns.values, []
    for field in REQUIRED:
        if "" in v[field]:
            problems += [Problem(i, field, "required") for i in _rows_where(v[field], "".__eq__)]
    problems += _codes(v["credit_code"], v["kind"])
    problems += _allowed(v["kind"], "kind", KINDS.keys())
    problems += _allowed(v["status"], "status", STATUSES)
    problems += _allowed(v["credit_class"], "credit_class", CREDIT_CLASSES)
    problems += _allowed(v["risk_level"], "risk_level", RISK_LEVELS)
    problems += _matching(v["industry"], "industry", _INDUSTRY, "GB/T 4754: a letter A-T, optionally its digits")
    problems += _regions(v["region_code"], region)
    problems += _dates(v["credit_as_of"], today)
    problems += _lengths(v["name"], "name", LIMITS["name"]) + _lengths(v["address"], "address", LIMITS["address"])
    problems += _sectors(v["special_sectors"])
    return sorted(set(problems))


def records(columns: Columns, import_id: str | None) -> list[tuple]:
    """The checked rows as stored, in `FIELDS` order then `import_id`: dates parsed, a blank risk level 一般, the
    sectors as JSON text (each distinct value converted once: a file's rows share few)."""
    v = columns.values
    as_of = {text: date.fromisoformat(text) for text in set(v["credit_as_of"])}
    sectors = {s: json.dumps(list(s), ensure_ascii=False) for s in set(v["special_sectors"])}
    risk = v["risk_level"] if "" not in set(v["risk_level"]) else [x or DEFAULT_RISK for x in v["risk_level"]]
    return list(zip(v["credit_code"], v["name"], v["kind"], v["industry"], v["region_code"], v["address"],
                    v["status"], v["credit_class"], map(as_of.__getitem__, v["credit_as_of"]), risk,
                    map(sectors.__getitem__, v["special_sectors"]), repeat(import_id, columns.rows), strict=False))


def copy_text(columns: Columns, import_id: str) -> bytes:
    """The checked rows as PostgreSQL COPY text (tab-separated, `COPY_COLUMNS` order): the same values as `records`,
    written a whole column at a time (the server parses text faster than asyncpg encodes a million binary records)."""
    v = columns.values
    sectors = {s: json.dumps(list(s), ensure_ascii=False) for s in set(v["special_sectors"])}
    risk = v["risk_level"] if "" not in set(v["risk_level"]) else [x or DEFAULT_RISK for x in v["risk_level"]]
    fields = [*(v[f] for f in FIELDS[:9]), risk, list(map(sectors.__getitem__, v["special_sectors"])),
              repeat(import_id, columns.rows)]
    return ("\n".join(map("\t".join, zip(*map(_escaped, fields), strict=False))) + "\n").encode()


def _escaped(column: Iterable[str]) -> Iterable[str]:
    """COPY text escapes (backslash, tab, LF, CR), applied only to a column that holds one."""
    if isinstance(column, repeat):
        return column
    joined = "".join(column)
    return [x.translate(_COPY_ESCAPES) for x in column] if any(c in joined for c in "\\\t\n\r") else column


def _rows_where(values: Sequence, bad) -> list[int]:  # noqa: ANN001 - a predicate
    return [i for i, x in enumerate(values, 1) if bad(x)]


def _allowed(values: Sequence[str], field: str, allowed: Iterable[str]) -> list[Problem]:
    wrong = set(values) - set(allowed) - {""}
    return [Problem(i, field, f"not one of {', '.join(sorted(allowed))}")
            for i in _rows_where(values, wrong.__contains__)] if wrong else []


def _matching(values: Sequence[str], field: str, pattern: re.Pattern, what: str) -> list[Problem]:
    wrong = {x for x in set(values) - {""} if not pattern.fullmatch(x)}
    return [Problem(i, field, what) for i in _rows_where(values, wrong.__contains__)] if wrong else []


def _codes(codes: Sequence[str], kinds: Sequence[str]) -> list[Problem]:
    formed = set(map(len, codes)) <= {18} and _CODES.fullmatch("\n".join(codes) + "\n") is not None
    if formed:
        failing = list(compress(range(1, len(codes) + 1), _residues(codes)))
        problems = []
    else:  # row by row only when the column fails
        failing = [i for i, x in enumerate(codes, 1) if _CODE.fullmatch(x) and not _check_holds(x)]
        problems = [Problem(i, "credit_code", why) for i, x in enumerate(codes, 1) if x and (why := code_problem(x, None))]
    problems += [Problem(i, "credit_code", "check character does not hold (GB 32100)")
                 for i in failing if kinds[i - 1] in CODED]
    if len(set(codes)) < len(codes):
        seen: set[str] = set()
        for i, code in enumerate(codes, 1):
            if code in seen and code:
                problems.append(Problem(i, "credit_code", "repeated in the file"))
            seen.add(code)
    return problems


def _check_holds(code: str) -> bool:
    total = int(code[16::-1].translate(_AS_DIGIT), 34) % 31
    return CHARSET[-total % 31] == code[17]


def _residues(codes: Sequence[str]) -> Iterator[int]:
    """Per well-formed code, 0 when its check character holds — the whole column in C-level maps: each code read
    backwards in base 34 is Σ value·3^i over all 18 characters (mod 31), which is 21·(check value) exactly when the
    check holds (3^17 ≡ 22 and the check value is −Σ of the first 17, mod 31)."""
    digits = "\n".join(codes).translate(_AS_DIGIT)
    backwards = reversed(digits[::-1].split("\n"))
    checks = map(int, digits[17::19], repeat(34))
    return map(mod, map(sub, map(int, backwards, repeat(34)), map(mul, checks, repeat(21))), repeat(31))


def _regions(values: Sequence[str], region: str) -> list[Problem]:
    problems = _matching(values, "region_code", _REGION, "6, 9 or 12 digits (行政区划)")
    outside = {x for x in set(values) if _REGION.fullmatch(x) and not x.startswith(region)}
    return problems + ([Problem(i, "region_code", f"outside the importer's region {region}")
                        for i in _rows_where(values, outside.__contains__)] if outside else [])


def _dates(values: Sequence[str], today: date) -> list[Problem]:
    wrong = {}
    for text in set(values) - {""}:
        try:
            if not _DATE.fullmatch(text):
                raise ValueError
            if date.fromisoformat(text) > today:
                wrong[text] = "after today"
        except ValueError:
            wrong[text] = "not a date YYYY-MM-DD"
    return [Problem(i, "credit_as_of", wrong[x]) for i, x in enumerate(values, 1) if x in wrong] if wrong else []


def _lengths(values: Sequence[str], field: str, most: int) -> list[Problem]:
    if max(map(len, values), default=0) <= most and (field != "name" or all(map(str.strip, values))):
        return []
    return [Problem(i, field, f"longer than {most} characters" if len(x) > most else "blank")
            for i, x in enumerate(values, 1) if len(x) > most or (field == "name" and x and not x.strip())]


def _sectors(values: Sequence[tuple[str, ...]]) -> list[Problem]:
    wrong = {x for x in set(values) if len(x) > LIMITS["sectors"]
             or any(not s.strip() or len(s) > LIMITS["sector"] for s in x)}
    return [Problem(i, "special_sectors", f"at most {LIMITS['sectors']} sectors of 1-{LIMITS['sector']} characters")
            for i in _rows_where(values, wrong.__contains__)] if wrong else []
