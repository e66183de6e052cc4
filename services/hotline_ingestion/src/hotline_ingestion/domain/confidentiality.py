"""What a read may show of a requester: name and phone only to cleared callers, numbers in free text masked
(rules K-7, H-4)."""

from platform_events.personal import redact


def redact_numbers(text: str | None) -> str | None:
    """Phone, ID and bank card numbers a caller typed into free text, masked in the platform's one format
    (platform_events.personal: a mobile 138****5678, a landline 0411-****5678, an ID number 110***********002X, a
    card only its last four; ID numbers by their GB 11643 check character, cards by Luhn, so order numbers,
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
