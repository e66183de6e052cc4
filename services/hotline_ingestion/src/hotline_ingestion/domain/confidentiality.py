"""What a read may show of a requester: name and phone only to cleared callers, numbers in free text masked
(rules K-7, H-4)."""

from platform_events.personal import redact


def mask_number(number: str) -> str:
    """138****5678; an area code stays (0411-****5678); only the last four digits of anything else."""
    prefix, _, digits = number.rpartition("-")
    if len(digits) <= 4:
        return f"{prefix}-{'*' * len(digits)}" if prefix else "*" * len(digits)
    keep = 3 if len(digits) >= 11 and not prefix else 0  # a mobile number keeps its carrier prefix
    masked = digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]
    return f"{prefix}-{masked}" if prefix else masked


def redact_numbers(text: str | None) -> str | None:
    """Phone, ID and bank card numbers a caller typed into free text, masked like the requester's own phone: a
    mobile keeps its first three digits, a landline its area code, an ID or card number only its last four
    (platform_events.personal: ID numbers by their GB 11643 check character, cards by Luhn, so order numbers,
    dates and amounts stay readable) (K-7, H-4)."""
    return redact(text)


#: What names the requester: shown only to callers cleared for confidential data (K-7, H-4).
IDENTITY = ("name", "phone")


def requester_for(requester: dict, *, cleared: bool) -> dict:
    """The requester as a read shows it: as stored to a cleared caller (call-back), else without name and phone."""
    return dict(requester) if cleared else {k: v for k, v in requester.items() if k not in IDENTITY}


def identifies(requester: dict) -> bool:
    """Does the stored requester name anyone (so that showing it is a confidential read)?"""
    return any(requester.get(k) for k in IDENTITY)
