"""Solar dates of the lunar statutory holidays, as versioned data for years without a 放假安排 notice.

(春节 初一, 端午 lunar 5/5, 中秋 lunar 8/15) per year. Extend the table, reviewed, before its last year
comes into reach of a deadline; a year outside it is refused, never guessed. 2025 and 2026 are kept as a
cross-check against the published notices (tests/test_unknown_year.py).
"""

from datetime import date

LUNAR_HOLIDAYS: dict[int, tuple[date, date, date]] = {
    2025: (date(2025, 1, 29), date(2025, 5, 31), date(2025, 10, 6)),
    2026: (date(2026, 2, 17), date(2026, 6, 19), date(2026, 9, 25)),
    2027: (date(2027, 2, 6), date(2027, 6, 9), date(2027, 9, 15)),
    2028: (date(2028, 1, 26), date(2028, 5, 28), date(2028, 10, 3)),
    2029: (date(2029, 2, 13), date(2029, 6, 16), date(2029, 9, 22)),
    2030: (date(2030, 2, 3), date(2030, 6, 5), date(2030, 9, 12)),
    2031: (date(2031, 1, 23), date(2031, 6, 24), date(2031, 10, 1)),
    2032: (date(2032, 2, 11), date(2032, 6, 12), date(2032, 9, 19)),
    2033: (date(2033, 1, 31), date(2033, 6, 1), date(2033, 9, 8)),
    2034: (date(2034, 2, 19), date(2034, 6, 20), date(2034, 9, 27)),
    2035: (date(2035, 2, 8), date(2035, 6, 10), date(2035, 9, 16)),
}
