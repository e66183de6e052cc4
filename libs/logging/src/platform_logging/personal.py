"""Personal numbers in free text: mainland mobile and landline numbers, 18-digit resident ID numbers (GB 11643
checksum) and bank card numbers (Luhn); `redact` masks them (rules K-7, H-4, P-31). The one place that decides how a
personal number, a phone or ID field and a natural person's address look masked, in reads, events, exports and logs.

Pure (no I/O): the log processor of this package uses it, and services' domain code reaches it as
`platform_events.personal`. A digit run counts only as a whole: no digit or Latin letter may touch it (an order
number such as WO20261203000123 is not a phone), and a run of ID or card length that fails its checksum is not
personal (a random 18-digit number is left alone), nor are dates (20261203) or amounts (¥20000).

Mask formats, one per kind (`mask_id_number`, `mask_phone`, `mask_address`; free text through `redact`):

- ID number 110***********002X: the first three and the last four characters (前三后四), like a mobile. The
  three name only a province and the first digit of a prefecture; the birth date and sequence number, which with a
  name identify the person, are hidden. It is the form case_intake's published contract showed from the start, a
  clerk can still tell two parties of one name apart by it, and a number in the case facts reads the same as the
  party's own field. A shorter document number (passport, 港澳通行证) keeps only its last four, a very short one
  nothing.
- Mobile 138****5678 (country code kept), landline 0411-****5678 or 010 **** 3456 (area code kept): as Chinese
  carriers and hotlines print them; a phone field that is neither keeps only its last four digits, a short one
  (≤ 7 digits) nothing.
- Bank card ************7894: the last four only (尾号), as banks print them.
- Address of a natural person 辽宁省丹东市东港市****: province, city and county-level names stay (where the case is
  handled, statistics by district), the rest (street, house, room) becomes four stars whatever its length. Parsing
  errs towards hiding: a name the parser does not recognise as a division is hidden with the rest.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = ["Finding", "Kind", "find_personal", "find_unmasked", "is_bank_card", "is_landline", "is_resident_id",
           "mask", "mask_address", "mask_document", "mask_id_number", "mask_phone", "redact"]

Kind = Literal["mobile", "landline", "id_number", "bank_card"]


@dataclass(frozen=True)
class Finding:
    """One personal number: where it is in the text (`text[start:end]`) and what it is."""

    start: int
    end: int
    kind: Kind
    text: str


_NOT_BEFORE = r"(?<![0-9A-Za-z+])"
_NOT_AFTER = r"(?![0-9A-Za-z])"
#: 1[3-9] and nine digits, optionally after +86 / 86 / (+86), grouped 3-4-4 by spaces or dashes as people type them
_MOBILE = re.compile(_NOT_BEFORE + r"(?P<cc>(?:\(?\+86\)?|(?<![0-9])86)[ -]?)?"
                     r"(?P<number>1[3-9]\d[ -]?\d{4}[ -]?\d{4})" + _NOT_AFTER)
#: an area code (0 and two or three digits, bare or in brackets), then seven or eight digits, run together or split
#: 3-4 / 4-4 by a space or a dash (010 6512 3456, (0411)8234-5678)
_LANDLINE = re.compile(_NOT_BEFORE + r"(?P<area>[(（]?0\d{2,3}[)）]?[ -]?)(?P<number>\d{3,4}[ -]?\d{4})" + _NOT_AFTER)
#: the numbering plan: 010 and 02x are the three-digit area codes, every other starts 03-09 and has four digits; a
#: subscriber number never starts with 0 (the trunk prefix) or 1 (service numbers)
_PLANNED_LANDLINE = re.compile(r"0(?:10|2\d|[3-9]\d\d)[2-9]\d{6,7}")
_ID_NUMBER = re.compile(_NOT_BEFORE + r"\d{17}[0-9Xx]" + _NOT_AFTER)
#: 16 to 19 digits in one run, or in groups of four split by single spaces or dashes
_BANK_CARD = re.compile(_NOT_BEFORE + r"(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)" + _NOT_AFTER)

_FOUR_DIGITS = re.compile(r"\d{4}")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def is_resident_id(number: str) -> bool:
    """An 18-character 居民身份证号码 whose check character is right (GB 11643-1999: weights 2^(i) mod 11)."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def is_bank_card(number: str) -> bool:
    """16 to 19 digits (separators ignored) whose Luhn checksum holds."""
    digits = [int(c) for c in number if c.isdigit()]
    if not 16 <= len(digits) <= 19:
        return False
    total = 0
    for i, digit in enumerate(reversed(digits)):
        if i % 2:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return total % 10 == 0


_CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def is_credit_code(number: str) -> bool:
    """An 18-character 统一社会信用代码 whose check character holds (GB 32100-2015: mod 31). An organisation's
    identifier, public (T-6): an all-digit one may also pass Luhn, and text kept as written must not take it for a
    bank card."""
    code = number.upper()
    if len(code) != 18 or any(c not in _CREDIT_CODE_ALPHABET for c in code):
        return False
    total = sum(_CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(code[:17], _CREDIT_CODE_WEIGHTS, strict=True))
    return code[17] == _CREDIT_CODE_ALPHABET[-total % 31]


def is_landline(number: str) -> bool:
    """A fixed-line number of the mainland numbering plan (separators and brackets ignored): area code 010, 02x or
    03xx-09xx, then a subscriber number of seven or eight digits starting 2-9. `find_personal` does not ask this (it
    errs towards hiding any 0-led run of that shape, a serial number 0001234567 or an invoice code 033001800204
    included); text that must stay as written except its personal numbers (a published summary) does."""
    return _PLANNED_LANDLINE.fullmatch("".join(c for c in number if c.isdigit())) is not None


def find_personal(text: str | None) -> list[Finding]:
    """The personal numbers in `text`, in order and not overlapping; where two readings overlap the longer wins
    (an ID number that also passes Luhn is an ID number)."""
    if not text or not _FOUR_DIGITS.search(text):  # every kind has four digits in a row somewhere
        return []
    found: list[Finding] = []
    for m in _ID_NUMBER.finditer(text):
        if is_resident_id(m.group()):
            found.append(Finding(m.start(), m.end(), "id_number", m.group()))
    for m in _BANK_CARD.finditer(text):
        if is_bank_card(m.group()):
            found.append(Finding(m.start(), m.end(), "bank_card", m.group()))
    found += [Finding(m.start(), m.end(), "mobile", m.group()) for m in _MOBILE.finditer(text)]
    found += [Finding(m.start(), m.end(), "landline", m.group()) for m in _LANDLINE.finditer(text)]
    kept: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if not kept or f.start >= kept[-1].end:
            kept.append(f)
    return kept


def _mask(text: str, head: int, *, counted: str = "digits") -> str:
    """Every digit (and an ID's final X; every letter too when `counted` is "alnum") starred except the first
    `head` and the last four; separators stay. Four or fewer: all starred."""
    positions = [i for i, c in enumerate(text)
                 if c.isdigit() or c in "Xx" or (counted == "alnum" and c.isascii() and c.isalpha())]
    starred = set(positions[head:-4] if len(positions) > 4 else positions)
    return "".join("*" if i in starred else c for i, c in enumerate(text))


def mask_id_number(number: str) -> str:
    """An identity document number: 110***********002X (first three, last four) from 15 characters on, a shorter
    one (passport …) only its last four from 8 on, else all starred."""
    length = sum(c.isascii() and c.isalnum() for c in number)
    if length < 8:
        return "".join("*" if c.isalnum() else c for c in number)
    return _mask(number, 3 if length >= 15 else 0, counted="alnum")


def mask_phone(number: str) -> str:
    """A phone field: a mobile 138****5678, a landline 0411-****5678 (as `mask` shows them in text); any other
    number only its last four digits, all of them starred when it has seven or fewer."""
    found = find_personal(number.strip())
    if len(found) == 1 and found[0].kind in ("mobile", "landline") and found[0].text == number.strip():
        return number.replace(found[0].text, mask(found[0]))
    if sum(c.isdigit() for c in number) <= 7:
        return "".join("*" if c.isdigit() else c for c in number)
    return _mask(number, 0)


def mask(finding: Finding) -> str:
    """A mobile keeps its country code and first three digits (138****5678), a landline its area code
    (0411-****5678), an ID number its first three and last four (110***********002X), a bank card its last four."""
    if finding.kind == "mobile":
        m = _MOBILE.fullmatch(finding.text) or _MOBILE.search(finding.text)
        country = sum(c.isdigit() for c in (m.group("cc") or "")) if m else 0
        return _mask(finding.text, country + 3)
    if finding.kind == "landline":
        m = _LANDLINE.search(finding.text)
        area = m.group("area") if m else ""
        # set apart (separator, bracket) the area code is plain; run together, only its shortest form (0 and two
        # digits) shows
        return _mask(finding.text, sum(c.isdigit() for c in area) if area[-1:] in " -)）" else 3)
    if finding.kind == "id_number":
        return mask_id_number(finding.text)
    return _mask(finding.text, 0)


def redact(text: str | None) -> str | None:
    """`text` with every personal number masked (see `mask`); None and "" as given."""
    findings = find_personal(text)
    if not findings:
        return text
    out, at = [], 0
    for f in findings:
        out += [text[at:f.start], mask(f)]
        at = f.end
    out.append(text[at:])
    return "".join(out)


# Divisions an address may start with, in order: province level (or one of the four municipalities), prefecture
# level, county level. A name is two to eight letters, never with the characters of streets, houses or compounds
# (路街巷弄号楼栋室村组镇乡小社园院) and never with digits, so "新兴路市场" or "幸福小区" is not a division.
_NAME = r"[^\W\d_路街巷弄号楼栋室村组镇乡小社园院]"
_PROVINCE = rf"(?:北京市|天津市|上海市|重庆市|{_NAME}{{2,6}}?(?:省|自治区|特别行政区))"
_CITY = rf"{_NAME}{{1,7}}?(?:自治州|地区|盟|市)"
_COUNTY = rf"{_NAME}{{1,7}}?(?:自治县|自治旗|林区|特区|区|县|旗|市)"
_DIVISIONS = re.compile(rf"\s*(?:{_PROVINCE}\s*)?(?:{_CITY}\s*)?(?:{_COUNTY})?")


def mask_address(address: str) -> str:
    """A natural person's address: the province, city and county-level names it starts with, then ****
    (辽宁省丹东市东港市新兴路 18 号 → 辽宁省丹东市东港市****); no recognised division: ****."""
    kept = _DIVISIONS.match(address).group().rstrip()
    return address if kept == address.strip() else f"{kept}****"


#: Fields that hold an identity document number or a phone, wherever they sit in a document
ID_FIELDS = frozenset({"id_number", "id_card", "id_no", "identity_number", "证件号码", "身份证号"})
PHONE_FIELDS = frozenset({"phone", "mobile", "telephone", "tel", "contact_phone", "联系电话", "手机"})
#: Generated identifiers and codes: never free text, and masking a digit run in one would break a reference
_IDENTIFIER_SUFFIXES = ("_id", "_ids", "_no", "_code", "_codes", "_hash", "sha256")


def _identifier(key: str) -> bool:
    return key in ("id", "hash", "code") or key.endswith(_IDENTIFIER_SUFFIXES)


def mask_document(value: object, *, drop: frozenset[str] = frozenset(),
                  organisation: Callable[[Mapping], bool] = lambda _: False) -> object:
    """A JSON document as an uncleared reader (or an event) may show it: ID number and phone fields masked
    (`mask_id_number`, `mask_phone`), an `address` masked by `mask_address` unless `organisation(the dict)` says
    it belongs to a legal person (a company's 住所 is public), personal numbers in every other text redacted;
    identifiers (`id`, `*_id`, `*_no`, `*_code`, hashes) and the keys in `drop` left out of the masking, `drop`
    left out altogether."""
    if isinstance(value, Mapping):
        shown = {}
        for key, item in value.items():
            if key in drop:
                continue
            if isinstance(item, str) and item:
                if key in ID_FIELDS:
                    item = mask_id_number(item)
                elif key in PHONE_FIELDS:
                    item = mask_phone(item)
                elif key == "address" and not organisation(value):
                    item = mask_address(item)
                elif not _identifier(key):
                    item = redact(item)
            else:
                item = mask_document(item, drop=drop, organisation=organisation)
            shown[key] = item
        return shown
    if isinstance(value, list | tuple):
        return [mask_document(v, drop=drop, organisation=organisation) for v in value]
    return redact(value) if isinstance(value, str) else value


def find_unmasked(text: str, known: Iterable[str]) -> list[str]:
    """Which of the `known` personal numbers (test data: phones, ID numbers, cards) appear in `text` unmasked,
    also when typed with spaces or dashes between digits (139 0000 2222) or with a lower-case x; for a grep of log
    files and topic dumps after a suite. A masked form (139****2222) is not a hit; an empty value is ignored."""
    hits = []
    for value in dict.fromkeys(v for v in known if v):
        characters = [c for c in value if c.isalnum()]
        pattern = r"[ -]?".join(re.escape(c) for c in characters)
        if re.search(pattern, text, flags=re.IGNORECASE):
            hits.append(value)
    return hits
