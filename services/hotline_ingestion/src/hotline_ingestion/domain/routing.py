"""Route a 12345 work order to departments (H-9) and spot enforcement leads and conduct complaints (H-12, H-13)."""

import logging
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from typing import Any, NamedTuple

from hotline_ingestion.domain.vocabulary import RequestType
from platform_events import CodedEnum

TABLE_WEIGHT = 3.0  # a dispatch centre's own rules outrank catalog evidence of the same strength
CATALOG_WEIGHT = 2.0  # a matter keyword is more specific than a department's responsibility word
RESPONSIBILITY_WEIGHT = 1.0
REGION_BONUS = 0.5  # the department of the order's own 行政区划 wins a tie (territorial jurisdiction)
SPLIT_TERM_FACTOR = 0.5  # a two-character keyword straddling two segmented words is weak evidence
DEFAULT_TOP_N = 5
CLUE_MATTER_TYPES = ("处罚", "检查")  # matter types whose breach is a 案源线索 (rule S-1)
CLUE_REQUEST_TYPES = frozenset({RequestType.complaint, RequestType.report})
JUSTICE_SECTOR = "司法行政"  # the supervision body (rule M-2)
# rule M-3: conduct the supervision body targets; a local list may replace it
CONDUCT_TERMS = tuple(
    "不作为 慢作为 乱作为 执法不文明 暴力执法 野蛮执法 粗暴执法 选择性执法 趋利性执法 乱罚款 随意罚款"
    " 乱检查 重复检查 乱查封 乱扣押 推诿扯皮 吃拿卡要 有案不立 以罚代管 不出示执法证".split()
)


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    region_code: str
    sector: str
    responsibilities: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Matter:
    code: str
    name: str
    department_code: str
    keywords: list[str] = field(default_factory=list)
    matter_type: str = ""  # 处罚 / 检查 / 强制 / 许可 …


@dataclass(frozen=True)
class RoutingRule:
    """A dispatch centre's local rule, e.g. "R-LOCAL-001"; None filters match everything."""

    id: str
    keywords: list[str]
    department_code: str
    region_prefix: str | None = None
    request_types: set[RequestType] | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class Suggestion:
    department_code: str
    score: float
    matched_rule: str  # rule id, "catalog:<matter>" or "responsibility:<department>"
    matched_terms: list[str]
    matter_code: str | None = None


class SignalKind(CodedEnum):
    violation_report = "violation_report", "违法行为举报线索"
    conduct_complaint = "conduct_complaint", "执法人员作风投诉"


@dataclass(frozen=True)
class EnforcementSignal:
    kind: SignalKind
    rules: tuple[str, ...]
    matched_terms: list[str]
    matter_code: str | None = None
    department_code: str | None = None


@cache
def _tokenizer() -> Any:  # noqa: ANN401 - jieba ships no type hints
    """Load jieba once, on first use: the dictionary takes about a second to load."""
    import jieba  # deferred so importing the domain stays cheap

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = tempfile.gettempdir()  # its cache file must stay inside temp
    tokenizer.initialize()
    return tokenizer


def _normalise(text: str) -> str:
    """Full-width letters and case must not hide a keyword."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def load_segmenter() -> None:
    """Load jieba now rather than on the first text that needs segmenting (a process's warm-up)."""
    _tokenizer()


@lru_cache(maxsize=16_384)  # catalog keywords: a few hundred, normalised once instead of per order and matter
def _keyword(keyword: str) -> str:
    return _normalise(keyword)


@dataclass(frozen=True)
class _Text:
    text: str  # normalised

    @cached_property
    def words(self) -> tuple[str, ...]:
        """Segmented on first need (jieba, ~100 µs a text): most checks are plain substring tests."""
        return tuple(w for w in _tokenizer().lcut(self.text) if w.strip())

    @cached_property
    def _word_set(self) -> frozenset[str]:
        return frozenset(self.words)

    def find(self, keywords: Iterable[str]) -> list[str]:
        """Keywords present, dropping any contained in a longer hit so nothing counts twice.

        A keyword of two or more characters is present when it occurs in the text (every segmented word is a
        piece of the text); a single character only when it is a word of its own.
        """
        text = self.text
        hits = {k for k in map(_keyword, keywords)
                if k in text and (len(k) > 1 or (len(k) == 1 and k in self._word_set))}
        if len(hits) < 2:
            return list(hits)
        return sorted(k for k in hits if not any(k != other and k in other for other in hits))

    def weight(self, terms: Iterable[str]) -> float:
        """Longer terms are more specific; a substring across word boundaries counts less."""
        within = {t for t in terms if len(t) > 2 or any(t in w for w in self.words)}
        return sum(len(t) / 2 * (1.0 if t in within else SPLIT_TERM_FACTOR) for t in terms)


@lru_cache(maxsize=4096)  # intake reads each text for classification, linkage and dedupe
def _read(content: str) -> _Text:
    return _Text(_normalise(content))


def _rule_applies(rule: RoutingRule, request_type: RequestType, region_code: str) -> bool:
    return (rule.region_prefix is None or region_code.startswith(rule.region_prefix)) and (
        rule.request_types is None or request_type in rule.request_types
    )


class _Source(NamedTuple):
    tier: int  # precedence on equal score: table rule, then catalog matter, then responsibility
    weight: float
    keywords: list[str]
    department_code: str
    rule: str
    matter_code: str | None = None


def _sources(
    request_type: RequestType,
    region_code: str,
    departments: Sequence[Department],
    matters: Sequence[Matter],
    rules: Sequence[RoutingRule],
) -> Iterator[_Source]:
    """Every keyword list that can route an order, with how much a hit on it is worth."""
    for r in rules:
        if _rule_applies(r, request_type, region_code):
            yield _Source(0, TABLE_WEIGHT * r.weight, r.keywords, r.department_code, r.id)
    for m in matters:
        yield _Source(1, CATALOG_WEIGHT, m.keywords, m.department_code, f"catalog:{m.code}", m.code)
    for d in departments:
        yield _Source(2, RESPONSIBILITY_WEIGHT, d.responsibilities, d.code, f"responsibility:{d.code}")


def _evidence(text: _Text, sources: Iterable[_Source], home: set[str]) -> Iterator[tuple[int, Suggestion]]:
    """Score each source whose keywords occur; departments of the order's region get the bonus."""
    for src in sources:
        if terms := text.find(src.keywords):
            bonus = REGION_BONUS if src.department_code in home else 0.0
            score = round(src.weight * text.weight(terms) + bonus, 4)
            yield src.tier, Suggestion(src.department_code, score, src.rule, terms, src.matter_code)


def suggest_departments(
    content: str,
    request_type: RequestType,
    region_code: str,
    departments: Sequence[Department],
    matters: Sequence[Matter] = (),
    rules: Sequence[RoutingRule] = (),
    top_n: int = DEFAULT_TOP_N,
) -> list[Suggestion]:
    """Rule H-9: rank lead and co-units, one line per department, best evidence first; [] when nothing matches."""
    if not _normalise(content):
        return []
    home = {d.code for d in departments if d.region_code == region_code}
    found = _evidence(_read(content), _sources(request_type, region_code, departments, matters, rules), home)
    ordered = sorted(found, key=lambda e: (-e[1].score, e[0], e[1].matched_rule, e[1].department_code))
    best: dict[str, Suggestion] = {}
    matter_of: dict[str, str] = {}
    for _, s in ordered:
        best.setdefault(s.department_code, s)
        if s.matter_code:
            matter_of.setdefault(s.department_code, s.matter_code)
    return [replace(s, matter_code=matter_of.get(code)) for code, s in best.items()][:top_n]


class _KeywordIndex(NamedTuple):
    matters: tuple[Matter, ...]  # held, so the ids in its cache key stay theirs
    keywords: tuple[tuple[str, tuple[int, ...]], ...]  # normalised keyword -> positions of the matters naming it


_INDEXES: dict[tuple[int, ...], _KeywordIndex] = {}


def _keyword_index(matters: Sequence[Matter]) -> _KeywordIndex:
    """Built once per catalog (the same Matter objects, whose keyword lists are never changed), not per order."""
    key = tuple(map(id, matters))
    if (index := _INDEXES.get(key)) is None:
        positions: dict[str, list[int]] = {}
        for n, m in enumerate(matters):
            for k in m.keywords:
                positions.setdefault(_keyword(k), []).append(n)
        index = _KeywordIndex(tuple(matters), tuple((k, tuple(ns)) for k, ns in positions.items()))
        if len(_INDEXES) >= 8:
            _INDEXES.clear()
        _INDEXES[key] = index
    return index


def _named(text: _Text, matters: Sequence[Matter]) -> list[Matter]:
    """The matters with a keyword occurring in the text, in catalog order: the only ones `find` can hit.

    One substring test per distinct catalog keyword, instead of a `find` call per matter for every order.
    """
    index, content = _keyword_index(matters), text.text
    return [index.matters[n] for n in sorted({n for k, ns in index.keywords if k in content for n in ns})]


def _least(term: str) -> float:
    """What a term weighs at least, before the text is segmented (see _Text.weight)."""
    return len(term) / 2 * (1.0 if len(term) > 2 else SPLIT_TERM_FACTOR)


def _outranks(a: tuple[frozenset[str], tuple], b: tuple[frozenset[str], tuple]) -> bool:
    """(terms, tie-break) `a` ranks before `b` whatever the word boundaries: shared terms weigh the same in both."""
    margin = sum(_least(t) for t in a[0] - b[0]) - sum(len(t) / 2 for t in b[0] - a[0])
    return margin > 0 or (margin == 0 and a[1] < b[1])


def _heaviest(text: _Text, hits: list[tuple[Matter, list[str]]],
              tie_break: Callable[[Matter], tuple]) -> tuple[Matter, list[str]]:
    """`min(hits, key=(-weight, *tie_break))`, segmenting the text (jieba) only when the choice depends on it.

    The likeliest winner (heaviest at least) is returned at once if it outranks every other hit whatever the
    word boundaries; otherwise the text is segmented and the hits are weighed exactly.
    """
    ranked = [(frozenset(terms), tie_break(m)) for m, terms in hits]
    first = min(range(len(hits)), key=lambda n: (-sum(map(_least, ranked[n][0])), ranked[n][1]))
    if all(n == first or _outranks(ranked[first], other) for n, other in enumerate(ranked)):
        return hits[first]
    return min(hits, key=lambda h: (-text.weight(h[1]), *tie_break(h[0])))


def _supervisor(departments: Sequence[Department], region_code: str | None) -> str | None:
    """Rule M-2: the nearest justice department at county level or above (county, city, province)."""
    if region_code is None:
        return None
    chain = [region_code, region_code[:4] + "00", region_code[:2] + "0000"]
    bureaus = [d for d in departments if d.sector == JUSTICE_SECTOR and d.region_code in chain]
    return min(bureaus, key=lambda d: (chain.index(d.region_code), d.code)).code if bureaus else None


def _clue_matter(text: _Text, matters: Sequence[Matter]) -> tuple[Matter, list[str]] | None:
    """The penalty or inspection matter the text names most specifically."""
    hits = [
        (m, terms) for m in _named(text, matters)
        if m.matter_type in CLUE_MATTER_TYPES and (terms := text.find(m.keywords))
    ]
    if len(hits) < 2:  # nothing to rank: weighing would segment the text for nothing
        return hits[0] if hits else None
    return _heaviest(text, hits, lambda m: (CLUE_MATTER_TYPES.index(m.matter_type), m.code))


def enforcement_signal(
    content: str,
    request_type: RequestType,
    matters: Sequence[Matter] = (),
    departments: Sequence[Department] = (),
    region_code: str | None = None,
    conduct_terms: Iterable[str] = CONDUCT_TERMS,
) -> EnforcementSignal | None:
    """Rules H-12/H-13: a complaint or report is either about enforcers' conduct or a lead for them."""
    if request_type not in CLUE_REQUEST_TYPES or not _normalise(content):
        return None
    text = _read(content)
    if conduct := text.find(conduct_terms):  # conduct first: "监管局对过期食品不作为" is about the bureau
        supervisor = _supervisor(departments, region_code)
        return EnforcementSignal(
            SignalKind.conduct_complaint, ("H-12", "M-3", "M-2"), conduct, None, supervisor
        )
    if clue := _clue_matter(text, matters):
        matter, terms = clue
        intake_rule = "K-5" if request_type is RequestType.report else "K-1"
        rules = ("S-1", intake_rule, "H-13")
        return EnforcementSignal(
            SignalKind.violation_report, rules, terms, matter.code, matter.department_code
        )
    return None


def words(content: str) -> tuple[str, ...]:
    """The segmented words of a text, normalised as routing reads it (used to compare repeat requests)."""
    return _read(content).words


def best_matter(content: str, matters: Sequence[Matter]) -> Matter | None:
    """The catalog matter a text names most specifically, whatever its type: the order's classification."""
    text = _read(content)
    hits = [(m, terms) for m in _named(text, matters) if (terms := text.find(m.keywords))]
    if len(hits) < 2:  # nothing to rank: weighing would segment the text for nothing
        return hits[0][0] if hits else None
    return _heaviest(text, hits, lambda m: (m.code,))[0]
