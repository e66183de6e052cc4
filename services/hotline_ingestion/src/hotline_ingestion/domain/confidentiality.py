"""What a read may show of a requester: numbers masked, names hidden on request (rules K-7, H-4)."""

import re

_DIGIT_RUN = re.compile(r"(?<![0-9])(?:0\d{2,3}-)?\d{7,}(?![0-9])")


def mask_number(number: str) -> str:
    """138****5678; an area code stays (0411-****5678); only the last four digits of anything else."""
    prefix, _, digits = number.rpartition("-")
    if len(digits) <= 4:
        return f"{prefix}-{'*' * len(digits)}" if prefix else "*" * len(digits)
    keep = 3 if len(digits) >= 11 and not prefix else 0  # a mobile number keeps its carrier prefix
    masked = digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]
    return f"{prefix}-{masked}" if prefix else masked


def redact_numbers(text: str | None) -> str | None:
    """Phone and ID numbers a caller typed into free text, masked like the requester's own phone."""
    if not text:
        return text
    return _DIGIT_RUN.sub(lambda m: mask_number(m.group()), text)


def masked_requester(requester: dict) -> dict:
    """The requester as reads show it: phone masked; the name too when anonymous or confidential."""
    phone = requester.get("phone")
    name = requester.get("name")
    if name and (requester.get("keep_confidential") or requester.get("anonymous")):
        name = name[0] + "*" * (len(name) - 1)
    return requester | {"phone": mask_number(phone) if phone else phone, "name": name}
