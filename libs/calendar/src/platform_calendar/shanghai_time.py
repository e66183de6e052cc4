"""The Asia/Shanghai calendar date of an instant: deadlines are counted in China's dates (DOMAIN §1.1)."""

from datetime import date, datetime, timedelta, timezone

# China Standard Time has been a fixed UTC+8 with no daylight saving since 1991, so a fixed offset
# equals the Asia/Shanghai zone for every date this platform handles without depending on tzdata
# being installed in the container.
_CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")


def shanghai_date(dt: datetime) -> date:
    """The Asia/Shanghai calendar date of the aware instant `dt`.

    Naive datetimes are refused: guessing their zone moves events near midnight to the wrong day.
    """
    if not isinstance(dt, datetime):
        raise TypeError(f"expected a datetime, got {type(dt).__name__}")
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("naive datetime: attach a timezone before taking its Shanghai date")
    return dt.astimezone(_CHINA_STANDARD_TIME).date()
