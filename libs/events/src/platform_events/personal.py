"""Personal numbers in free text, for services' domain code (rules K-7, H-4, P-31): the detector lives in
platform_logging.personal (the lowest library, so its log processor can use it too) and is the same here."""

from platform_logging.personal import Finding, Kind, find_personal, is_bank_card, is_resident_id, mask, redact

__all__ = ["Finding", "Kind", "find_personal", "is_bank_card", "is_resident_id", "mask", "redact"]
