"""Personal numbers in free text: mainland mobile and landline numbers, 18-digit resident ID numbers (GB 11643
checksum) and bank card numbers (Luhn); `redact` masks them (rules K-7, H-4, P-31).

Pure (no I/O): the log processor of this package uses it, and services' domain code reaches it as
`platform_events.personal`. A digit run counts only as a whole: no digit or Latin letter may touch it (an order
number such as WO20261203000123 is not a phone), and a run of ID or card length that fails its checksum is not
personal (a random 18-digit number is left alone), nor are dates (20261203) or amounts (¥20000).
"""

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Finding", "Kind", "find_personal", "is_bank_card", "is_resident_id", "mask", "redact"]

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
#: an area code (0 and two or three digits), then seven or eight digits
_LANDLINE = re.compile(_NOT_BEFORE + r"(?P<area>0\d{2,3}[ -]?)(?P<number>\d{7,8})" + _NOT_AFTER)
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


def _mask(text: str, head: int) -> str:
    """Every digit (and an ID's final X) starred except the first `head` and the last four; separators stay."""
    positions = [i for i, c in enumerate(text) if c.isdigit() or c in "Xx"]
    starred = set(positions[head:-4] if len(positions) > 4 else positions)
    return "".join("*" if i in starred else c for i, c in enumerate(text))


def mask(finding: Finding) -> str:
    """A mobile keeps its country code and first three digits (138****5678), a landline its area code
    (0411-****5678), anything else only its last four digits."""
    if finding.kind == "mobile":
        m = _MOBILE.fullmatch(finding.text) or _MOBILE.search(finding.text)
        country = sum(c.isdigit() for c in (m.group("cc") or "")) if m else 0
        return _mask(finding.text, country + 3)
    if finding.kind == "landline":
        m = _LANDLINE.search(finding.text)
        area = m.group("area") if m else ""
        # with a separator the area code is plain; run together, only its shortest form (0 and two digits) shows
        return _mask(finding.text, len(area.rstrip(" -")) if area[-1:] in (" ", "-") else 3)
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
