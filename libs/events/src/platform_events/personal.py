"""Personal numbers in free text, for services' domain code and event contracts (rules K-7, H-4, P-31): the detector
and the mask formats live in platform_logging.personal (the lowest library, so its log processor can use it too) and
are the same here.

`FreeText` and `MaskedDocument` type an event's free-text fields (facts, reasons, notes, documents): personal numbers
in them are masked when the event is built, so no service can put one on a topic by forgetting to call `redact`.
"""

from typing import Annotated, Any

from pydantic import AfterValidator, Field

from platform_logging.personal import (
    Finding,
    Kind,
    find_personal,
    find_unmasked,
    is_bank_card,
    is_credit_code,
    is_landline,
    is_resident_id,
    mask,
    mask_address,
    mask_document,
    mask_id_number,
    mask_phone,
    redact,
)

_NOTE = {"x-personal-data": "masked: phone, ID and bank card numbers (K-7, P-31)"}
_DOCUMENT_NOTE = {"x-personal-data": "masked: ID number, phone and address fields, phone, ID and bank card numbers "
                                     "in text (K-7, P-31)"}

#: Text with phone, ID (GB 11643) and bank card (Luhn) numbers masked as `redact` masks them
FreeText = Annotated[str, AfterValidator(redact), Field(json_schema_extra=_NOTE)]
#: A document (dict, or list of dicts) masked as `mask_document` masks it: id_number/phone/address fields and text
MaskedDocument = Annotated[dict[str, Any], AfterValidator(mask_document), Field(json_schema_extra=_DOCUMENT_NOTE)]
MaskedDocuments = Annotated[list[dict[str, Any]], AfterValidator(mask_document),
                            Field(json_schema_extra=_DOCUMENT_NOTE)]

__all__ = ["Finding", "FreeText", "Kind", "MaskedDocument", "MaskedDocuments", "find_personal", "find_unmasked",
           "is_bank_card", "is_credit_code", "is_landline", "is_resident_id", "mask", "mask_address", "mask_document",
           "mask_id_number", "mask_phone", "redact"]
