"""Keyset cursors: opaque, reversible, and a cursor that does not decode is a 422 naming it (never a 500, never
silently the first page)."""

import pytest

from platform_db.paging import decode_cursor, encode_cursor
from platform_errors import InvalidInput


def test_a_cursor_round_trips_any_key():
    for key in ("DG-SCJG〔2026〕12号", "12345-20261201-0001", "7d1f6a2e-8c4b-5e0a-9f3d-2b6c8e4a1d57"):
        assert decode_cursor(encode_cursor(key)) == key


@pytest.mark.parametrize("garbage", ["%%%", "abc", "////", "_-_-_", "\u4e2d\u6587"])
def test_a_cursor_that_does_not_decode_is_refused_naming_the_field(garbage):
    with pytest.raises(InvalidInput) as refused:
        decode_cursor(garbage)
    assert [e.field for e in refused.value.errors] == ["cursor"]


def test_no_cursor_is_the_first_page():
    assert decode_cursor(None) is None and decode_cursor("") is None
