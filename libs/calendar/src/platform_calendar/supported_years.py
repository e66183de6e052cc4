"""The years the platform counts deadlines in (issue 12 item 5): from the first year of published holiday data to
the last year the lunar tables compute statutory holidays for. Inside it a year without a published notice is
counted provisionally (or refused, by a service's `calendar_unknown_year=error`); a date outside it is refused
where a request gives it (platform_events.wire.SupportedDate) and, as a safety net, at the edge with 422
`date-out-of-range` when the calendar meets it deep in a use case."""

from platform_calendar.published_calendar import FIRST_PUBLISHED_YEAR
from platform_calendar.statutory_holidays import LAST_COMPUTABLE_YEAR

SUPPORTED_YEARS = range(FIRST_PUBLISHED_YEAR, LAST_COMPUTABLE_YEAR + 1)
